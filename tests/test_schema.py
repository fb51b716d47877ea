"""The committed JSON Schema files are exactly what the models generate, and every YAML file
names its schema on its first line so that editors can help while staff type."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from klynge import i18n
from klynge.engine import schema

from .conftest import REPO, RULES


def test_committed_schemas_match_the_models() -> None:
    for kind, name in schema.SCHEMA_FILES.items():
        committed = (REPO / "schemas" / name).read_text(encoding="utf-8")
        with i18n.speaking("da"):  # the shipped schemas describe each key in Danish, for the editor's hover
            assert committed == schema.render(kind), f"schemas/{name} is stale: run 'klynge schema'"


def test_schema_check_accepts_the_schemas_in_either_language(klynge, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert klynge("schema", "--directory", str(tmp_path)).code == 0  # written in English: the suite's language
    assert '"description": "Always \'rule\' for a rule file."' in (tmp_path / "rule.schema.json").read_text("utf-8")
    assert klynge("--lang", "da", "schema", "--check", "--directory", str(tmp_path)).code == 0
    assert klynge("--lang", "da", "schema", "--check").code == 0
    assert klynge("schema", "--check").code == 0  # the shipped Danish files, checked in English


def test_the_shipped_schemas_describe_keys_in_danish() -> None:
    text = (REPO / "schemas" / "rule.schema.json").read_text(encoding="utf-8")
    assert '"description": "Altid \'rule\' for en regelfil."' in text


def test_schemas_are_valid_draft7_and_forbid_unknown_keys() -> None:
    # Draft 7 is what YAML editors (yaml-language-server) validate with.
    for name in schema.SCHEMA_FILES.values():
        document = json.loads((REPO / "schemas" / name).read_text(encoding="utf-8"))
        assert document["$schema"] == "http://json-schema.org/draft-07/schema#"
        jsonschema.Draft7Validator.check_schema(document)
        objects = [d for d in document["definitions"].values() if d.get("type") == "object"]
        if "properties" in document:
            objects.append(document)
        assert objects and all(d.get("additionalProperties") is False for d in objects)


def test_schema_check_command_passes_on_the_committed_files(klynge) -> None:  # type: ignore[no-untyped-def]
    assert klynge("schema", "--check").code == 0


def test_schema_check_fails_on_a_stale_file(klynge, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "rule.schema.json").write_text("{}\n", encoding="utf-8")
    result = klynge("schema", "--check", "--directory", str(tmp_path))
    assert result.code == 1
    assert "rule.schema.json: error: out of date" in result.err
    assert (tmp_path / "rule.schema.json").read_text(encoding="utf-8") == "{}\n"  # --check writes nothing
    assert klynge("schema", "--directory", str(tmp_path)).code == 0
    assert klynge("schema", "--check", "--directory", str(tmp_path)).code == 0


def test_every_yaml_file_names_its_schema_on_the_first_line() -> None:
    for path in sorted(RULES.rglob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first.split("$schema=", 1)[1]).resolve()
        assert target.is_file(), f"{path}: {target} does not exist"
        kind = next(line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("kind: "))[6:]
        assert target.name == schema.SCHEMA_FILES[kind]


def test_the_editor_schema_and_the_model_agree_on_dependent_keys(klynge, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # A weight without its reason must be refused by the schema (editor) and the model (engine) alike.
    from klynge.engine.models import Member

    document = json.loads((REPO / "schemas" / "rule.schema.json").read_text(encoding="utf-8"))
    member_schema = {**document["definitions"]["Member"], "definitions": document["definitions"]}
    errors = list(jsonschema.Draft7Validator(member_schema).iter_errors({"municipality": "Rødovre", "weight": 0.5}))
    assert [e.validator for e in errors] == ["dependencies"]
    try:
        Member.model_validate({"municipality": "Rødovre", "weight": 0.5})
    except ValueError as exc:
        assert "weight_reason" in str(exc)
    else:
        raise AssertionError("the model accepted a weight without a reason")
