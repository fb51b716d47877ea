"""The registry of named checks (engine/checklist.py): every problem names one, whose entry gives its level."""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

import pytest

from klynge.engine import checklist, schemamessages
from klynge.engine.errors import Problem

from .conftest import FIXTURES, REPO, Run
from .test_validate_formats import set_chair

SOURCES = sorted([*(REPO / "engine").glob("*.py"), *(REPO / "commands").glob("*.py")])

# Each broken fixture and the checks that report it (tests/test_invalid_files.py has their exact lines).
FIXTURE_CHECKS = {
    "alias-bomb": "yaml-too-many-values",
    "bases-sum-to-zero": "nothing-to-split",
    "basis-above-population": "basis-above-population",
    "binary-file": "file-not-text",
    "counted-twice": "counted-once",
    "danish-thousands": "danish-thousands",
    "deep-nesting": "yaml-too-deep",
    "deviation-declared-twice": "deviation-twice",
    "duplicate-key": "duplicate-key",
    "empty": "file-kind",
    "latin1": "file-not-text",
    "list-not-mapping": "file-kind",
    "member-twice": "member-twice",
    "missing-kind": "file-kind",
    "misspelt-municipality": "unknown-municipality",
    "nul-byte": "file-not-text",
    "override-in-two-klynger": "override-ambiguous",
    "override-unknown-klynge": "unknown-cluster",
    "paid-to-co-chair-once": "paid-to-co-chair",
    "parameter-bad-default": "parameter-value",
    "parameter-of-wrong-type": "parameter-type",
    "pot-negative": "schema",
    "pot-not-whole-units": "whole-rounding-units",
    "pot-zero": "schema",
    "region-key-missing": "region-key-missing",
    "region-without-inhabitants": "nothing-to-split",
    "scalar-not-mapping": "file-kind",
    "split-to-cluster-without-registry": "split-to-cluster",
    "syntax-error": "yaml-syntax",
    "tab-indentation": "yaml-syntax",
    "totals-exact-largest-remainder": "totals-with-largest-remainder",
    "unknown-base-rule": "based-on-unknown",
    "unknown-carry-over": "unknown-carry-over",
    "unknown-column": "unknown-column",
    "unknown-dataset": "unknown-dataset",
    "unknown-key": "schema",
    "unknown-parameter": "unknown-parameter",
    "unknown-registry": "unknown-registry",
    "unknown-rounding-method": "schema",
    "weight-above-one": "schema",
    "weight-negative": "schema",
    "weight-without-reason": "weight-needs-reason",
    "wrong-type": "schema",
    "datasets/id-names-another-period": "dataset-id-period",
    "datasets/municipality-code-twice": "dataset-duplicate",
    "datasets/municipality-count-wrong": "dataset-totals",
    "datasets/region-sum-wrong": "dataset-totals",
    "datasets/region-not-in-rows": "dataset-region-unknown",
    "region-key-unknown": "region-key-unknown",
    "unknown-region-key": "unknown-region-key",
    "registries/region-not-declared": "registry-region-undeclared",
}


def _called_name(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def scan() -> tuple[set[str], list[str]]:
    """The ids written as check="..." in engine/ and commands/, and every Problem(...) or .problem(...)
    call that names no check."""
    used: set[str] = set()
    unnamed = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            given = next((k.value for k in node.keywords if k.arg == "check"), None)
            if isinstance(given, ast.Constant) and isinstance(given.value, str):
                used.add(given.value)
            elif given is None and _called_name(node) in ("Problem", "problem"):
                unnamed.append(f"{path.relative_to(REPO)}:{node.lineno}")
    return used, unnamed


def test_every_problem_the_engine_makes_names_a_check() -> None:
    _, unnamed = scan()
    assert unnamed == []


def test_every_registered_check_is_used_and_every_used_check_is_registered() -> None:
    used, _ = scan()
    used |= set(schemamessages.NEEDS_REASON.values())  # check=NEEDS_REASON.get(key, "schema")
    assert sorted(used - set(checklist.BY_ID)) == []  # a typo in an id
    assert sorted(set(checklist.BY_ID) - used) == []  # a check nothing makes


def test_the_registry_is_well_formed() -> None:
    ids = [check.id for check in checklist.CHECKS]
    assert len(ids) == len(set(ids))
    for check in checklist.CHECKS:
        assert check.id.replace("-", "").isalnum() and check.id == check.id.lower(), check.id
        assert check.level in ("error", "warning"), check.id
        assert check.description.endswith(".") and "\n" not in check.description, check.id
    assert checklist.BY_ID["co-chair-administrative"].level == "warning"


@pytest.mark.parametrize("check", checklist.CHECKS, ids=lambda c: c.id)
def test_a_problem_has_the_level_of_its_check(check: checklist.Check) -> None:
    problem = Problem("rule.yaml", 3, 5, "message", "hint", check=check.id)
    assert problem.level == check.level
    assert problem.render() == f"rule.yaml:3:5: {check.level}: message (hint)"


def test_an_unregistered_id_or_another_level_is_refused() -> None:
    with pytest.raises(ValueError, match="no check named 'weight-need-reason'"):
        Problem("rule.yaml", 1, 1, "message", check="weight-need-reason")
    with pytest.raises(ValueError, match="of level warning"):
        Problem("rule.yaml", 1, 1, "message", "", "error", "co-chair-administrative")
    assert Problem("rule.yaml", 1, 1, "message").level == "error"  # positional, as before: an error


@pytest.mark.parametrize("name", sorted(FIXTURE_CHECKS))
def test_validate_json_names_the_check_of_each_problem(klynge: Any, name: str) -> None:
    path = FIXTURES / "invalid" / f"{name}.yaml"
    result: Run = klynge("validate", str(path.relative_to(REPO)), "--format", "json")
    problems = json.loads(result.out)["problems"]
    assert problems and {p["check"] for p in problems} == {FIXTURE_CHECKS[name]}
    assert all(p["level"] == checklist.BY_ID[p["check"]].level for p in problems)


def test_every_fixture_has_its_check_here() -> None:
    invalid = FIXTURES / "invalid"
    assert {str(p.relative_to(invalid).with_suffix("")) for p in invalid.rglob("*.yaml")} == set(FIXTURE_CHECKS)


def test_the_warning_and_the_error_carry_their_checks(klynge: Any, rules_copy: Path) -> None:
    set_chair(rules_copy, "hovedstaden-syd", "Rødovre")  # administrative only (Tabel 2's **): a warning
    set_chair(rules_copy, "hovedstaden-midt", "Frederiksberg")  # not a member: an error
    result: Run = klynge("validate", "--rules-dir", str(rules_copy), "--format", "json")
    found = sorted((p["check"], p["level"]) for p in json.loads(result.out)["problems"])
    assert found == [("co-chair-administrative", "warning"), ("co-chair-member", "error")]
    github: Run = klynge("validate", "--rules-dir", str(rules_copy), "--format", "github")
    titles = sorted(line.split("title=")[1].split("::")[0] for line in github.out.splitlines())
    assert titles == ["klynge co-chair-administrative", "klynge co-chair-member"]


def test_checks_lists_every_check_with_its_level_and_description(klynge: Any) -> None:
    result: Run = klynge("checks")
    assert result.code == 0 and result.err == ""
    rows = [line.split(maxsplit=2) for line in result.out.splitlines()]
    assert rows == [[c.id, c.level, c.description] for c in checklist.CHECKS]
    as_json: Run = klynge("checks", "--format", "json")
    assert [c["id"] for c in json.loads(as_json.out)] == [c.id for c in checklist.CHECKS]
