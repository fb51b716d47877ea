"""A variant (based_on) keeps its base's order: a changed pot stays where the base has it."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from .conftest import RULES

WHAT_IF = """\
kind: rule
id: opstart-hvis
based_on: opstartsmidler-2022
title: Opstartsmidler, hvis kommunerne betalte 50 mio. kr.
pots:
  - id: kommuner
    amount: 50000000
"""


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    shutil.copytree(RULES, tmp_path / "rules")
    return tmp_path / "rules"


def header(klynge, rules: Path, rule: str) -> list[str]:  # type: ignore[no-untyped-def]
    result = klynge("calc", rule, "--rules-dir", str(rules), "--format", "csv")
    assert result.code == 0, result.err
    return next(csv.reader(io.StringIO(result.out)))


def test_a_changed_pot_keeps_its_column(klynge, rules_copy: Path) -> None:  # type: ignore[no-untyped-def]
    (rules_copy / "opstart-hvis.yaml").write_text(WHAT_IF, encoding="utf-8")
    base = header(klynge, rules_copy, "opstartsmidler-2022")
    assert base.index("kommuner") < base.index("regioner")  # Tabel 1's order
    assert header(klynge, rules_copy, "opstart-hvis") == base


def test_a_new_pot_comes_after_the_base_pots(klynge, rules_copy: Path) -> None:  # type: ignore[no-untyped-def]
    text = WHAT_IF + "  - id: ekstra\n    title: Ekstra\n    amount: 1000\n    source: {document: Et eksempel}\n"
    (rules_copy / "opstart-hvis.yaml").write_text(text, encoding="utf-8")
    columns = header(klynge, rules_copy, "opstart-hvis")
    assert columns.index("kommuner") < columns.index("regioner") < columns.index("ekstra")


def test_a_pot_given_twice_in_a_variant_is_reported(klynge, rules_copy: Path) -> None:  # type: ignore[no-untyped-def]
    (rules_copy / "opstart-hvis.yaml").write_text(WHAT_IF + "  - id: kommuner\n    amount: 1\n", encoding="utf-8")
    result = klynge("validate", "--rules-dir", str(rules_copy), str(rules_copy / "opstart-hvis.yaml"))
    assert result.code == 1
    assert "pot id 'kommuner' appears twice" in result.err
