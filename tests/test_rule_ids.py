"""``klynge test`` and ``klynge validate`` take rule ids as ``klynge calc`` does, beside paths and
folders; an unknown id is the same wrong usage as for calc, and the report cache never replays a
report for an id whose rule has changed."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def cached(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The report cache switched on (after the klynge fixture switched it off), in a folder of its own."""
    monkeypatch.delenv("KLYNGE_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "klynge"


@pytest.mark.parametrize("rule_id", ["opstartsmidler-2022", "sekretariat-syd-2022"])
def test_test_takes_a_rule_id_as_its_path(klynge, rule_id: str) -> None:  # type: ignore[no-untyped-def]
    by_id = klynge("test", rule_id)
    assert (by_id.code, by_id.err) == (0, "")
    assert "1 of 1 tables match" in by_id.out
    assert by_id.out == klynge("test", f"rules/{rule_id}.yaml").out


def test_validate_takes_a_rule_id(klynge) -> None:  # type: ignore[no-untyped-def]
    result = klynge("validate", "sekretariat-syd-2022", "rules/data")
    assert (result.code, result.out) == (0, "5 files checked: no problems.\n")


def test_an_unknown_id_is_the_same_wrong_usage_as_for_calc(klynge) -> None:  # type: ignore[no-untyped-def]
    calc = klynge("calc", "sekretarit-syd-2022")
    assert calc.code == 2 and "did you mean sekretariat-syd-2022" in calc.err
    for command in ("test", "validate"):
        result = klynge(command, "sekretarit-syd-2022")
        assert (result.code, result.out, result.err) == (2, "", calc.err)


def test_paths_and_folders_still_work(klynge) -> None:  # type: ignore[no-untyped-def]
    folder = klynge("test", "rules")  # a folder's name has no separator, yet it is no id
    assert folder.code == 0 and "tables match" in folder.out
    assert klynge("validate", "rules").out == klynge("validate").out
    missing = klynge("validate", "rules/nowhere.yaml")
    assert (missing.code, missing.err) == (2, "klynge: error: no such file or directory: rules/nowhere.yaml\n")


def test_a_broken_rule_named_by_id_is_reported_at_its_file(klynge, rules_copy: Path) -> None:  # type: ignore[no-untyped-def]
    rule = rules_copy / "sekretariat-syd-2022.yaml"
    rule.write_text(rule.read_text(encoding="utf-8").replace("based_on:", "based_onn:", 1), encoding="utf-8")
    result = klynge("validate", "sekretariat-syd-2022", "--rules-dir", str(rules_copy))
    assert result.code == 1 and f"{rule}:" in result.err and "based_onn" in result.err


def test_a_report_for_an_id_is_replayed_only_while_nothing_changed(klynge, cached: Path, rules_copy: Path) -> None:  # type: ignore[no-untyped-def]
    run = ("test", "sekretariat-syd-2022", "--rules-dir", str(rules_copy))
    first = klynge(*run)
    assert first.code == 0 and len(list(cached.glob("*.json"))) == 1  # an id lies in the rules directory
    again = klynge(*run)
    assert (again.code, again.out, again.err) == (first.code, first.out, first.err)
    assert len(list(cached.glob("*.json"))) == 1  # replayed
    table = rules_copy / "published" / "syd_sekretariat_halvt_aarsvaerk_2022.csv"
    table.write_text(table.read_text(encoding="utf-8").replace("177678", "999999"), encoding="utf-8")
    assert klynge(*run).code == 1


def test_a_folder_named_like_the_id_is_a_path_and_no_replay(  # type: ignore[no-untyped-def]
    klynge, cached: Path, rules_copy: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    here = tmp_path / "work"
    here.mkdir()
    run = ("validate", "sekretariat-syd-2022", "--rules-dir", str(rules_copy))
    monkeypatch.chdir(here)
    assert klynge(*run).code == 0
    (here / "sekretariat-syd-2022").mkdir()  # now the argument names this folder, outside the rules
    (here / "sekretariat-syd-2022" / "broken.yaml").write_text("kind: rule\n", encoding="utf-8")
    result = klynge(*run)
    assert result.code == 1 and "broken.yaml" in result.err
