"""The documentation shows what klynge prints: every command example in docs/ is run, and its
output compared with what the page shows (tests/doccheck.py explains the conventions)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from . import doccheck
from .conftest import REPO

DOCS = sorted((REPO / "docs").glob("*.md"))


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.name)
def test_every_command_in_the_docs_prints_what_the_docs_show(path: Path) -> None:
    outcomes, problems = doccheck.run(path.read_text(encoding="utf-8"))
    wrong = [f"line {o.command.line}: {o.command.text}" for o in outcomes if not o.ok]
    assert problems == []
    assert wrong == [], f"run 'python -m tests.doccheck --update docs/{path.name}' and read the change"


def test_the_rule_guide_has_its_examples_checked() -> None:
    outcomes, _ = doccheck.run((REPO / "docs" / "rules.md").read_text(encoding="utf-8"))
    assert len(outcomes) >= 40


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.name)
def test_no_output_is_shown_without_the_command_that_prints_it(path: Path) -> None:
    blocks = re.findall(r"^```text\n(.*?)^```", path.read_text(encoding="utf-8"), flags=re.M | re.S)
    orphans = [b.splitlines()[0] for b in blocks if not b.startswith("$ ") and re.search(r"error:|^klynge", b, re.M)]
    assert orphans == []


def test_an_elision_stands_for_any_lines_and_any_text_within_a_line() -> None:
    assert doccheck.matches(["a", "…", "d"], ["a", "b", "c", "d"])
    assert doccheck.matches(["a", "…", "d"], ["a", "d"])
    assert doccheck.matches(["Grundlag: x; …"], ["Grundlag: x; y z"])
    assert doccheck.matches(["a  "], ["a"])  # trailing blanks do not count
    assert not doccheck.matches(["a", "…", "d"], ["a", "b"])
    assert not doccheck.matches(["−661.666"], ["-661.666"])  # a minus sign is not a hyphen
    assert not doccheck.matches(["a"], ["a", "b"])


def test_a_stale_output_is_found_and_can_be_rewritten() -> None:
    text = "## X\n\n```text\n$ klynge schema --check\nall is well\n```\n"
    outcomes, problems = doccheck.run(text)
    assert problems == [] and [o.ok for o in outcomes] == [False]
    fixed = doccheck.updated(text, outcomes)
    assert "all is well" not in fixed and " er ajour." in fixed  # the guide shows klynge in Danish
    assert [o.ok for o in doccheck.run(fixed)[0]] == [True]


def test_files_and_set_up_reach_the_commands_of_their_section() -> None:
    text = (
        "## A\n\n```yaml file=rules/x.yaml\nkind: rule\n```\n\n"
        "<!-- doc: run cp rules/x.yaml rules/y.yaml -->\n\n"
        "```text\n$ klynge validate rules/y.yaml\nrules/y.yaml:1:1: error: nøglen …\n…\n```\n\n"
        "## B\n\n```text\n$ klynge validate rules/y.yaml\nklynge: fejl: …\n```\n"
    )
    outcomes, problems = doccheck.run(text)
    assert problems == []
    assert [o.ok for o in outcomes] == [True, True], [o.actual for o in outcomes]
    assert "findes ikke" in outcomes[1].actual[0]  # section B starts from a fresh copy


def test_an_update_keeps_the_guides_elisions() -> None:
    """Rewritten outputs keep their ``…``: a translated or changed line is found by its likeness, the
    runs it stood for are elided again, and lines the guide showed stay shown."""
    expected = ["Title", "", "  Row A   1", "  …", "", "  Row K   9", "Note: old wording here", "…"]
    actual = [
        "Titel",
        "",
        "  Row A   1",
        "  Row B   2",
        "  Row C   3",
        "",
        "  Row K   9",
        "Note: new wording here",
        "x",
        "y",
    ]
    assert doccheck.elided(expected, actual) == [
        "Titel",
        "",
        "  Row A   1",
        "  …",
        "",
        "  Row K   9",
        "Note: new wording here",
        "…",
    ]
    assert doccheck.elided(["a", "b"], ["a", "c"]) == ["a", "c"]  # nothing elided: the whole new output


def test_a_failing_sh_command_is_a_problem() -> None:
    _, problems = doccheck.run("## A\n\n```sh\nklynge calc no-such-rule   # a comment\n```\n")
    assert len(problems) == 1 and "exited 2" in problems[0]
