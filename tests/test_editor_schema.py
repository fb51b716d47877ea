"""The schema an editor reads (named on each file's first line) tells the truth about the file as
written: it accepts every file klynge accepts, variants (``based_on``) included, and refuses what
klynge refuses wherever a schema can say so without knowing the base rule."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from ruamel.yaml import YAML

from .conftest import REPO, RULES

SHIPPED = sorted(RULES.rglob("*.yaml"))

# As docs/rules.md advises: a variant gives only what differs from its base.
SYD_2023 = """\
# yaml-language-server: $schema=../schemas/rule.schema.json
kind: rule
id: sekretariat-syd-2023
based_on: sekretariat-syd-2022
title: Sundhedsklynge Syd – sekretariatsbetjening, ½ årsværk, indbyggertal 2023K1
basis:
  dataset: folk1a-2022K1
published: []
"""
ROUNDED = """\
# yaml-language-server: $schema=../schemas/rule.schema.json
kind: rule
id: syd-tusinder
based_on: sekretariat-syd-2022
rounding: {unit: 1000}
pots:
  - id: sekretariat
    title: ½ årsværk, hele tusinder
"""


def modeline_schema(path: Path) -> dict[str, Any]:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    target = path.parent / first.split("$schema=", 1)[1]
    return json.loads(target.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def editor_errors(path: Path) -> list[str]:
    """What an editor's draft-7 validator says of the file exactly as written."""
    data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(modeline_schema(path))
    return [message for error in validator.iter_errors(data) for message in _messages(error)]


def _messages(error: Any) -> list[str]:
    """The error and, for an anyOf, the errors of each alternative (an editor shows the closest)."""
    inner = [message for sub in error.context or () for message in _messages(sub)]
    return [f"{list(error.absolute_path)}: {error.message}", *inner]


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_shipped_file_passes_the_schema_its_first_line_names(path: Path) -> None:
    assert editor_errors(path) == []


def test_check_jsonschema_accepts_the_shipped_files() -> None:
    # The tool the editor-schema issue was found with, run as a user runs it.
    for kind, files in {
        "rule": sorted(RULES.glob("*.yaml")),
        "population": [RULES / "data" / "folk1a-2022K1.yaml"],
        "clusters": [RULES / "data" / "klynger-2022.yaml"],
        "parameters": [RULES / "data" / "medformandskommuner.yaml"],
    }.items():
        command = [sys.executable, "-m", "check_jsonschema", "--schemafile", f"schemas/{kind}.schema.json"]
        run = subprocess.run([*command, *map(str, files)], cwd=REPO, capture_output=True, text=True)
        assert run.returncode == 0, run.stdout + run.stderr


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    shutil.copytree(RULES, tmp_path / "rules")
    shutil.copytree(REPO / "schemas", tmp_path / "schemas")
    return tmp_path / "rules"


@pytest.mark.parametrize("text", [SYD_2023, ROUNDED], ids=["new-dataset", "rounding-and-pot-title"])
def test_a_minimal_variant_passes_the_editor_schema_and_klynge(klynge, rules_copy: Path, text: str) -> None:  # type: ignore[no-untyped-def]
    path = rules_copy / "variant.yaml"
    path.write_text(text, encoding="utf-8")
    assert editor_errors(path) == []
    assert klynge("validate", "--rules-dir", str(rules_copy), str(path)).code == 0


@pytest.mark.parametrize(
    "extra, error",
    [
        ("titel: Stavefejl\n", "Additional properties are not allowed ('titel' was unexpected)"),
        ("rounding: {method: nearst}\n", "'nearst' is not one of"),
        ("pots:\n  - title: uden id\n", "'id' is a required property"),
        ("members:\n  overrides:\n    - municipality: Rødovre\n      weight: 0.5\n", "'weight_reason' is a dependency"),
        ("rounding: {unit: '1'}\n", "'1' is not of type 'number'"),
    ],
    ids=["unknown-key", "bad-enum", "pot-without-id", "weight-without-reason", "unit-as-text"],
)
def test_the_editor_refuses_a_variant_klynge_refuses(
    klynge,
    rules_copy: Path,
    extra: str,
    error: str,  # type: ignore[no-untyped-def]
) -> None:
    path = rules_copy / "variant.yaml"
    path.write_text(ROUNDED.split("rounding:")[0] + extra, encoding="utf-8")
    assert any(error in message for message in editor_errors(path)), editor_errors(path)
    assert klynge("validate", "--rules-dir", str(rules_copy), str(path)).code == 1


def test_a_whole_rule_must_give_every_key(klynge, rules_copy: Path) -> None:  # type: ignore[no-untyped-def]
    text = (
        (RULES / "sekretariat-model2-2022.yaml").read_text(encoding="utf-8").replace("id: sekretariat-model2", "id: m")
    )
    path = rules_copy / "m.yaml"
    path.write_text(text.replace("\nrounding:", "\nrounding_removed:"), encoding="utf-8")
    assert any("'rounding' is a required property" in m for m in editor_errors(path)), editor_errors(path)
    assert klynge("validate", "--rules-dir", str(rules_copy), str(path)).code == 1


def test_the_rounding_unit_default_is_a_number() -> None:
    rounding = json.loads((REPO / "schemas" / "rule.schema.json").read_text(encoding="utf-8"))["definitions"][
        "Rounding"
    ]
    assert rounding["properties"]["unit"]["default"] == 1
