"""validate, test, calc, explain and compare replay what they printed when nothing they read has changed,
and only then."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import RULES


@pytest.fixture
def cached(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.delenv("KLYNGE_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "klynge"


def test_an_unchanged_run_is_replayed_and_a_change_is_seen(
    klynge, cached: Path, rules_copy: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    rules = rules_copy
    first = klynge("validate", "--rules-dir", str(rules))
    assert first.code == 0 and len(list(cached.glob("*.json"))) == 1
    again = klynge("validate", "--rules-dir", str(rules))
    assert (again.code, again.out, again.err) == (first.code, first.out, first.err)
    assert len(list(cached.glob("*.json"))) == 1  # replayed, nothing new stored
    model = rules / "sekretariat-model2-2022.yaml"
    model.write_text(
        model.read_text(encoding="utf-8").replace("municipality: Rødovre", "municipality: Rødovr", 1), encoding="utf-8"
    )
    changed = klynge("validate", "--rules-dir", str(rules))
    assert changed.code == 1 and "unknown municipality 'Rødovr'" in changed.err
    assert len(list(cached.glob("*.json"))) == 2


def test_no_cache_and_the_environment_switch_it_off(klynge, cached: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    assert klynge("test", "--no-cache").code == 0
    assert not cached.exists()
    monkeypatch.setenv("KLYNGE_NO_CACHE", "1")
    assert klynge("validate").code == 0
    assert not cached.exists()


def test_a_kept_file_is_used_until_it_or_its_base_changes(
    klynge, cached: Path, rules_copy: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from klynge.engine import loader

    rules = rules_copy
    first = klynge("calc", "sekretariat-syd-2022", "-f", "csv", "--rules-dir", str(rules))
    assert list((cached / "loaded").glob("*.pickle"))
    loader._LOADED.clear()  # as a new run would start
    assert klynge("calc", "sekretariat-syd-2022", "-f", "csv", "--rules-dir", str(rules)).out == first.out
    base = rules / "sekretariat-model2-2022.yaml"  # the Syd rule's København override is written here
    base.write_text(base.read_text(encoding="utf-8").replace("basis: 287181", "basis: 300000"), encoding="utf-8")
    loader._LOADED.clear()
    changed = klynge("calc", "sekretariat-syd-2022", "-f", "csv", "--rules-dir", str(rules)).out
    assert "København,300000" in changed and changed != first.out


def test_a_rule_outside_the_rules_directory_is_never_answered_from_the_cache(
    klynge, cached: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    outside = tmp_path / "ext"
    (outside / "published").mkdir(parents=True)
    shutil.copy(RULES / "sekretariat-syd-2022.yaml", outside)
    table = outside / "published" / "syd_sekretariat_halvt_aarsvaerk_2022.csv"
    shutil.copy(RULES / "published" / table.name, table)
    assert klynge("test", str(outside / "sekretariat-syd-2022.yaml")).code == 0
    table.write_text(table.read_text(encoding="utf-8").replace("177678", "999999"), encoding="utf-8")
    assert klynge("test", str(outside / "sekretariat-syd-2022.yaml")).code == 1


def test_a_published_table_of_any_name_is_part_of_the_key(
    klynge, cached: Path, rules_copy: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    rules = rules_copy
    table = rules / "published" / "syd_sekretariat_halvt_aarsvaerk_2022.csv"
    renamed = table.with_suffix(".CSV")
    table.rename(renamed)
    rule = rules / "sekretariat-syd-2022.yaml"
    rule.write_text(rule.read_text(encoding="utf-8").replace("2022.csv", "2022.CSV"), encoding="utf-8")
    assert klynge("test", "--rules-dir", str(rules)).code == 0
    renamed.write_text(renamed.read_text(encoding="utf-8").replace("177678", "999999"), encoding="utf-8")
    assert klynge("test", "--rules-dir", str(rules)).code == 1


def test_a_usage_error_is_not_replayed(klynge, cached: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    later = tmp_path / "later"
    assert klynge("validate", "--rules-dir", str(later)).code == 2
    later.mkdir()
    assert klynge("validate", "--rules-dir", str(later)).code == 0  # the folder is there now


def test_calc_is_replayed_until_a_file_changes(klynge, cached: Path, rules_copy: Path) -> None:  # type: ignore[no-untyped-def]
    from klynge.engine import loader

    args = ("calc", "sekretariat-syd-2022", "--rules-dir", str(rules_copy), "--format", "csv")
    first = klynge(*args)
    assert first.code == 0 and len(list(cached.glob("*.json"))) == 1
    assert klynge(*args).out == first.out and len(list(cached.glob("*.json"))) == 1  # replayed
    model2 = rules_copy / "sekretariat-model2-2022.yaml"  # the Syd rule's base
    model2.write_text(model2.read_text(encoding="utf-8").replace("basis: 287181", "basis: 300000"), encoding="utf-8")
    loader._LOADED.clear()  # as a new run would start
    assert "København,300000" in klynge(*args).out


def test_a_file_written_is_written_every_time(klynge, cached: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "syd.csv"
    for _ in range(2):
        assert klynge("calc", "sekretariat-syd-2022", "-o", str(target)).code == 0
        assert target.read_text(encoding="utf-8").startswith("level,region,cluster,name")
        target.unlink()
    assert not list(cached.glob("*.json"))  # nothing replayed: writing the file is the point


def test_a_warm_calc_of_a_variant_needs_no_parser_schema_or_models(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    env.pop("KLYNGE_NO_CACHE", None)
    script = (
        "import sys; from klynge import cli; code = cli.main(['calc', 'sekretariat-syd-2022']); "
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'pydantic', 'jsonschema', 'ruamel'}); "
        "print(code, heavy, file=sys.stderr)"
    )
    runs = [
        subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True)
        for _ in range(2)
    ]
    assert runs[0].stderr.strip().endswith("0 ['jsonschema', 'pydantic', 'ruamel']")  # the first run parses
    assert runs[1].stderr.strip().endswith("0 []") and runs[1].stdout == runs[0].stdout
