"""The command line as users meet it: exit codes, usage errors, output files, help texts."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import FIXTURES, REPO, RULES

SYD = RULES / "sekretariat-syd-2022.yaml"
MODEL2 = RULES / "sekretariat-model2-2022.yaml"


def test_validate_passes_on_the_shipped_rules(klynge) -> None:  # type: ignore[no-untyped-def]
    result = klynge("validate")
    assert result.code == 0, result.err
    assert "no problems" in result.out and result.err == ""


def test_a_misspelt_municipality_in_a_copy_names_file_and_line(klynge, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = MODEL2.read_text(encoding="utf-8").replace("municipality: Rødovre", "municipality: Rødovere", 1)
    copy = tmp_path / "syd-kopi.yaml"
    copy.write_text(text, encoding="utf-8")
    line = 1 + text.splitlines().index("    - municipality: Rødovere")
    result = klynge("validate", str(copy))
    assert result.code == 1
    message = "unknown municipality 'Rødovere' in dataset folk1a-2022K1 (did you mean 'Rødovre'?)"
    assert f"syd-kopi.yaml:{line}:21: error: {message}" in result.err
    assert "Traceback" not in result.err


def test_all_problems_are_reported_at_once(klynge, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = MODEL2.read_text(encoding="utf-8")
    text = text.replace("municipality: Rødovre", "municipality: Glostup", 1).replace(
        "municipality: København", "municipality: Ishoj", 1
    )
    copy = tmp_path / "two.yaml"
    copy.write_text(text, encoding="utf-8")
    result = klynge("validate", str(copy))
    assert result.code == 1
    assert "'Glostup'" in result.err and "'Ishoj'" in result.err
    assert "1 file checked: 2 problems." in result.err


def test_calc_without_a_rule_runs_the_default_rule(klynge) -> None:  # type: ignore[no-untyped-def]
    default = klynge("calc", "--format", "json")
    assert default.code == 0
    assert json.loads(default.out)["rule"] == "opstartsmidler-2022"


def test_calc_accepts_a_path(klynge) -> None:  # type: ignore[no-untyped-def]
    by_path = klynge("calc", "rules/sekretariat-syd-2022.yaml", "-f", "csv")
    by_id = klynge("calc", "sekretariat-syd-2022", "-f", "csv")
    assert by_path.code == 0 and by_path.out == by_id.out


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ("calc", "sekretariat-syd-2021"),
            "no rule with id 'sekretariat-syd-2021' under rules; did you mean sekretariat-syd-2022,",
        ),
        (("calc", "missing.yaml"), "no such rule file: missing.yaml"),
        (("calc", "--format", "xml"), "invalid choice: 'xml'"),
        (("validate", "nowhere/"), "no such file or directory: nowhere"),
        (("frobnicate",), "invalid choice: 'frobnicate'"),
        ((), "the following arguments are required: COMMAND"),
        (("calc", "--rules-dir", "nowhere"), "rules directory not found: nowhere"),
        (("calc", "rules/data/folk1a-2022K1.yaml"), "is a dataset, not a rule"),
    ],
)
def test_wrong_usage_exits_2(klynge, args: tuple[str, ...], message: str) -> None:  # type: ignore[no-untyped-def]
    result = klynge(*args)
    assert result.code == 2
    assert message in result.err
    assert "Traceback" not in result.err


def test_output_file_is_written_whole(klynge, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "syd.json"
    result = klynge("calc", "sekretariat-syd-2022", "--format", "json", "--output", str(target))
    assert result.code == 0 and result.out == ""
    assert json.loads(target.read_text(encoding="utf-8"))["rule"] == "sekretariat-syd-2022"
    assert [p.name for p in tmp_path.iterdir()] == ["syd.json"]  # no temporary file left behind


def test_invalid_input_leaves_an_existing_output_untouched(klynge, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "out.json"
    target.write_text("old\n", encoding="utf-8")
    broken = FIXTURES / "invalid" / "misspelt-municipality.yaml"
    result = klynge("calc", str(broken.relative_to(REPO)), "--output", str(target))
    assert result.code == 1
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_output_into_a_missing_directory_is_a_usage_error(klynge, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = klynge("calc", "--output", str(tmp_path / "no" / "such.txt"))
    assert result.code == 2 and "no such directory" in result.err


def test_help_texts_carry_examples(klynge) -> None:  # type: ignore[no-untyped-def]
    for command in ("calc", "validate"):
        result = klynge(command, "--help")
        assert result.code == 0
        assert "examples:" in result.out and f"klynge {command}" in result.out


def test_rules_dir_from_the_environment(klynge, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("KLYNGE_RULES_DIR", str(tmp_path))
    (tmp_path / "mine.yaml").write_text(
        "kind: rule\nid: mine\nbased_on: sekretariat-syd-2022\ntitle: Min regel\n", encoding="utf-8"
    )
    assert "København¹" in klynge("calc", "mine").out  # its own rule, on the shipped base behind it
    result = klynge("calc", "nothing-here")
    assert result.code == 2 and f"no rule with id 'nothing-here' under {tmp_path}" in result.err


def test_python_cli_py_works_as_a_script() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "klynge", "calc", "sekretariat-syd-2022", "-f", "csv"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "København,287181" in done.stdout


def test_the_small_fixture_splits_by_largest_remainder(klynge) -> None:  # type: ignore[no-untyped-def]
    # Fanø 3.427, Læsø 1.769, Samsø 3.716 (FOLK1A 2022K1) share 100 kr.: quotas 38,45 / 19,85 / 41,70.
    result = klynge("calc", "tests/fixtures/valid/small.yaml", "-f", "json")
    assert result.code == 0, result.err
    amounts = {row["name"]: row["amount"] for row in json.loads(result.out)["rows"]}
    assert amounts == {"Fanø": 38, "Læsø": 20, "Samsø": 42, "I alt": 100}


def test_output_to_a_directory_is_wrong_usage(klynge, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = klynge("calc", "-f", "csv", "-o", str(tmp_path))
    assert result.code == 2 and "it is a directory" in result.err


def test_an_amount_beyond_exact_arithmetic_is_refused(klynge) -> None:  # type: ignore[no-untyped-def]
    result = klynge("calc", "sekretariat-model2-2022", "--set", "cost_per_cluster=1e30")
    assert result.code == 2 and "less than 10^15 kr." in result.err


def test_a_klynge_with_no_inhabitants_is_a_clean_error(klynge, rules_copy: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]

    rules = rules_copy
    model = rules / "sekretariat-model2-2022.yaml"
    override = "\n    - municipality: Bornholm\n      cluster: hovedstaden-bornholm\n"
    override += "      basis: 0\n      basis_reason: test\n"
    text = model.read_text(encoding="utf-8").replace("\npots:\n", override + "pots:\n", 1)
    model.write_text(text, encoding="utf-8")
    for command in ("validate", "calc"):
        result = klynge(command, str(model), "--rules-dir", str(rules))
        assert result.code == 1 and "Traceback" not in result.err
        assert "the kommuner of Bornholm have no inhabitants between them" in result.err


def test_an_output_file_is_readable_as_the_umask_allows(klynge, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import os

    target = tmp_path / "syd.md"
    old = os.umask(0o022)
    try:
        assert klynge("calc", "sekretariat-syd-2022", "-f", "md", "-o", str(target)).code == 0
    finally:
        os.umask(old)
    assert target.stat().st_mode & 0o777 == 0o644  # not the 0600 of a temporary file
