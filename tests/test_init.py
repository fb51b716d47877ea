"""klynge init: a repository of rule files to start from, which works as written and is never overwritten."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from ruamel.yaml import YAML

EXPECTED = {
    "README.md",
    "rules/eksempel-syd-1-aarsvaerk.yaml",
    "rules/data/medformandskommuner.yaml",
    ".pre-commit-config.yaml",
    ".github/workflows/klynge.yml",
    ".vscode/settings.json",
    ".vscode/extensions.json",
    "schemas/rule.schema.json",
    "schemas/population.schema.json",
    "schemas/clusters.schema.json",
    "schemas/parameters.schema.json",
    "schemas/region_key.schema.json",
    "schemas/ledger.schema.json",
    "schemas/commitments.schema.json",
    "schemas/carry_over.schema.json",
}


def files_in(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}


def test_init_writes_a_repository_that_validates_tests_and_computes(klynge, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    repo = tmp_path / "regler"
    made = klynge("init", str(repo))
    assert made.code == 0 and files_in(repo) == EXPECTED
    assert made.out.count("written: ") == len(EXPECTED) and "Next steps" in made.out
    rules = str(repo / "rules")
    assert klynge("validate", "--rules-dir", rules).out == "2 files checked: no problems.\n"
    tested = klynge("test", "--rules-dir", rules)
    assert tested.code == 0 and "OK: 2 cells checked, 0 differ, 0 explained." in tested.out
    table = klynge("calc", "eksempel-syd-1-aarsvaerk", "--rules-dir", rules).out
    assert "1 årsværk" in table and "740.000" in table


def test_init_never_overwrites_a_file(klynge, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "README.md").write_text("Vores egen\n", encoding="utf-8")
    first = klynge("init", str(tmp_path))
    assert "exists already, not changed: " in first.out and (tmp_path / "README.md").read_text() == "Vores egen\n"
    before = {name: (tmp_path / name).read_bytes() for name in EXPECTED}
    again = klynge("init", str(tmp_path))
    assert again.code == 0 and "written: " not in again.out
    assert again.out.count("exists already, not changed: ") == len(EXPECTED)
    assert {name: (tmp_path / name).read_bytes() for name in EXPECTED} == before


def test_the_editor_finds_the_schema_each_file_names(klynge, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    klynge("init", str(tmp_path))
    for name in ("rules/eksempel-syd-1-aarsvaerk.yaml", "rules/data/medformandskommuner.yaml"):
        path = tmp_path / name
        first = path.read_text(encoding="utf-8").splitlines()[0]
        schema = json.loads((path.parent / first.split("$schema=", 1)[1]).read_text(encoding="utf-8"))
        data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
        assert list(jsonschema.Draft7Validator(schema).iter_errors(data)) == [], name
    settings = json.loads((tmp_path / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert all((tmp_path / target).is_file() for target in settings["yaml.schemas"])
    assert klynge("schema", "--check", "--directory", str(tmp_path / "schemas")).code == 0


def test_hooks_from_the_installed_klynge_or_from_klynges_repository(klynge, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    klynge("init", str(tmp_path / "a"))
    local = YAML(typ="safe").load((tmp_path / "a" / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = local["repos"][0]["hooks"]
    assert local["repos"][0]["repo"] == "local"
    assert [(h["id"], h["entry"], h["language"]) for h in hooks] == [
        ("klynge-validate", "klynge validate", "system"),
        ("klynge-test", "klynge test", "system"),
    ]
    klynge("init", str(tmp_path / "b"), "--hooks-repo", "https://git.example.dk/klynge.git", "--hooks-rev", "v1")
    remote = YAML(typ="safe").load((tmp_path / "b" / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert remote["repos"] == [
        {
            "repo": "https://git.example.dk/klynge.git",
            "rev": "v1",
            "hooks": [{"id": "klynge-validate"}, {"id": "klynge-test"}],
        }
    ]


def test_the_ci_workflow_installs_what_it_is_told(klynge, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    spec = "klynge @ git+https://git.example.dk/klynge.git@v1"
    klynge("init", str(tmp_path), "--install", spec)
    workflow = YAML(typ="safe").load((tmp_path / ".github" / "workflows" / "klynge.yml").read_text(encoding="utf-8"))
    steps = [step.get("run", "") for step in workflow["jobs"]["check"]["steps"]]
    assert f'pip install "{spec}"' in steps
    assert {"klynge validate --format github", "klynge test", "klynge schema --check --directory schemas"} <= {
        step.split("  #")[0].strip() for step in steps
    }


def test_usage_mistakes(klynge, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "fil").write_text("", encoding="utf-8")
    assert klynge("init", str(tmp_path / "fil")).code == 2
    half = klynge("init", str(tmp_path / "x"), "--hooks-repo", "https://git.example.dk/klynge.git")
    assert half.code == 2 and "--hooks-repo and --hooks-rev go together" in half.err
    assert not (tmp_path / "x").exists()


def test_a_file_where_a_folder_must_be_is_a_clean_error(klynge, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "data").write_text("", encoding="utf-8")
    result = klynge("init", str(tmp_path))
    assert result.code == 2 and "cannot write" in result.err and "Traceback" not in result.err


def test_ci_without_a_known_place_for_klynge_says_so(klynge, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = klynge("init", str(tmp_path))
    workflow = (tmp_path / ".github" / "workflows" / "klynge.yml").read_text(encoding="utf-8")
    assert "ANGIV-HVOR-KLYNGE-LIGGER.invalid" in workflow and "point the install line" in result.out
