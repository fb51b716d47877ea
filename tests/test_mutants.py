"""Tests that kill mutants a review found surviving: a real tie in largest remainder, a declared
deviation that no longer occurs, and a kommune's share within its own klynge in a multi-klynge rule.

Every expected number is worked out by hand in a comment, never copied from klynge's output.
"""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from klynge.engine.allocation import split
from klynge.engine.models import RoundingMethod, TieBreak

from .conftest import Run

# A real tie. Made-up indbyggertal, in an order that is neither by name nor by basis (so that
# position in the file cannot stand in for the tie-break):
#   Tårnby 10.000, Albertslund 4.000, Ishøj 10.000; total 24.000; pot 8 kr.
# Exact shares: Tårnby    8 × 10.000 / 24.000 = 80.000 / 24.000 = 3 1/3
#               Albertslund 8 × 4.000 / 24.000 = 32.000 / 24.000 = 1 1/3
#               Ishøj     8 × 10.000 / 24.000 = 3 1/3
# Floors 3 + 1 + 3 = 7, so 1 krone is left, and all three remainders are exactly 1/3: a three-way tie.
TIED = [("Tårnby", Fraction(10_000)), ("Albertslund", Fraction(4_000)), ("Ishøj", Fraction(10_000))]


def _amounts(tie_break: TieBreak) -> dict[str, Decimal]:
    result = split(Decimal(8), TIED, RoundingMethod.largest_remainder, tie_break=tie_break)
    return dict(zip(result.names, result.amounts, strict=True))


def test_a_tie_goes_to_the_larger_basis_then_the_first_name() -> None:
    # larger_basis_then_name: Ishøj and Tårnby (10.000) come before Albertslund (4.000); between the
    # two, "Ishøj" < "Tårnby" (I before T), so Ishøj gets the krone: 1, 3 + 1, 3.
    # Preferring the smaller basis would give it to Albertslund, reversing the names to Tårnby.
    assert _amounts(TieBreak.larger_basis_then_name) == {"Albertslund": 1, "Ishøj": 4, "Tårnby": 3}


def test_a_tie_by_name_alone_ignores_the_basis() -> None:
    # name: "Albertslund" < "Ishøj" < "Tårnby", so Albertslund gets the krone despite its smaller
    # basis: 1 + 1, 3, 3. Reversing the names would give it to Tårnby, using the basis to Ishøj.
    assert _amounts(TieBreak.name) == {"Albertslund": 2, "Ishøj": 3, "Tårnby": 3}


TIE_DATASET = """\
kind: population
id: lige-rester
title: Opdigtede indbyggertal med lige store rester
period: 2022K1
source:
  document: Test fixture (made-up figures)
municipalities:
  - {code: 185, name: Tårnby, region: Region Hovedstaden, population: 10000}
  - {code: 165, name: Albertslund, region: Region Hovedstaden, population: 4000}
  - {code: 183, name: Ishøj, region: Region Hovedstaden, population: 10000}
"""

TIE_RULE = """\
kind: rule
id: lige-rester
title: 8 kr. med lige store rester
source:
  document: Test fixture
basis:
  dataset: lige-rester
pots:
  - id: pulje
    title: Pulje
    amount: 8
    source:
      document: Test fixture
rounding:
  method: largest_remainder
  tie_break: {tie_break}
members:
  - municipality: Tårnby
  - municipality: Albertslund
  - municipality: Ishøj
"""


@pytest.mark.parametrize(
    "tie_break, expected",
    [
        # The same tie as above, written in a rule file (hand-worked above): the YAML's tie_break decides.
        ("larger_basis_then_name", {"Albertslund": 1, "Ishøj": 4, "Tårnby": 3, "I alt": 8}),
        ("name", {"Albertslund": 2, "Ishøj": 3, "Tårnby": 3, "I alt": 8}),
    ],
)
def test_a_rules_tie_break_decides_who_gets_the_last_krone(
    klynge: Any, rules_copy: Path, tie_break: str, expected: dict[str, int]
) -> None:
    (rules_copy / "data" / "lige-rester.yaml").write_text(TIE_DATASET, encoding="utf-8")
    (rules_copy / "lige-rester.yaml").write_text(TIE_RULE.format(tie_break=tie_break), encoding="utf-8")
    result: Run = klynge("calc", "lige-rester", "--rules-dir", str(rules_copy), "--format", "json")
    assert result.code == 0, result.err
    document = json.loads(result.out)
    assert document["rounding"]["tie_break"] == tie_break
    assert {row["name"]: row["amount"] for row in document["rows"]} == expected


def test_a_declared_deviation_that_does_not_occur_fails_the_test(klynge: Any, rules_copy: Path) -> None:
    # The Syd table agrees with klynge cell for cell (docs/rules.md: 33 cells, none differ), so a
    # deviation declared for København's amount is stale: 'klynge test' must fail and name it.
    rule = rules_copy / "sekretariat-syd-2022.yaml"
    before: Run = klynge("test", "sekretariat-syd-2022", "--rules-dir", str(rules_copy))
    assert before.code == 0, before.out + before.err
    text = rule.read_text(encoding="utf-8")
    declared = (
        "    deviations:\n"
        "      - {row: København, column: amount_of_370000, difference: 1, reason: Test of a stale declaration.}\n"
    )
    assert text.endswith("amount_of_370000: amount}\n")
    rule.write_text(text + declared, encoding="utf-8")
    result: Run = klynge("test", "sekretariat-syd-2022", "--rules-dir", str(rules_copy))
    assert result.code == 1
    report = result.out + result.err
    assert "declared deviation København, amount_of_370000 (+1) does not occur" in report
    assert "0 of 1 tables match" in report


def test_a_kommunes_share_is_of_its_own_klynge_and_a_klynges_of_all(klynge: Any) -> None:
    # Klynge Syd in sekretariat-model2-2022, from rules/data/folk1a-2022K1.yaml and the rule's overrides:
    #   Albertslund 27.599 + Brøndby 35.651 + Dragør 14.640 + Glostrup 23.514 + Tårnby 42.723
    #   + Hvidovre 53.267 + Høje-Taastrup 53.053 + Ishøj 23.225 + Vallensbæk 16.488
    #   + Rødovre 41.382 × ½ = 20.691 + København (override: Valby, Vesterbro, Amager) 287.181 = 598.032.
    # All five klynger together: every kommune of Region Hovedstaden once, Rødovre as ½ + ½ and København as
    # 287.181 + 357.250 = 644.431, so the sum is the region's total in the dataset's checks: 1.867.855.
    #   København in Klynge Syd: 287.181 / 598.032 = 0,480210...  -> 48,0 %  (not 287.181 / 1.867.855 = 15,4 %)
    #   Klynge Syd of all:       598.032 / 1.867.855 = 0,320170... -> 32,0 % (not 598.032 / 598.032 = 100 %)
    result: Run = klynge("calc", "sekretariat-model2-2022", "--format", "json")
    assert result.code == 0, result.err
    rows = json.loads(result.out)["rows"]
    syd = next(r for r in rows if r["level"] == "cluster" and r["name"] == "Klynge Syd")
    kbh = next(r for r in rows if r["name"] == "København" and r.get("cluster") == "Klynge Syd")
    half_a_digit = Fraction(1, 2 * 10**10)  # share is printed with 10 decimals
    assert kbh["basis"] == 287_181 and syd["basis"] == 598_032
    assert abs(Fraction(kbh["share"]) - Fraction(287_181, 598_032)) <= half_a_digit
    assert abs(Fraction(syd["share"]) - Fraction(598_032, 1_867_855)) <= half_a_digit
    assert round(Fraction(kbh["share"]) * 100, 1) == Fraction(480, 10)
    assert round(Fraction(syd["share"]) * 100, 1) == Fraction(320, 10)
