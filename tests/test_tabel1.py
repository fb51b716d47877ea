"""Tabel 1 of Bilag 1 in the working group's report (Afrapportering for arbejdsgruppen for
sundhedsklyngeøkonomi), reproduced through the CLI, and ``klynge test`` on it.

Expected values come from the published table (``rules/published/``, checked byte for byte
against ``../shared/reference`` when present); the slips are those the reference README lists.
"""

from __future__ import annotations

import csv
import json
import os
from fractions import Fraction
from pathlib import Path

import pytest

from .conftest import RULES, SHARED

TABLE = RULES / "published" / "bilag1_tabel1_opstartsmidler_2022.csv"
SYDDANMARK = "Region Syddanmark"


Key = tuple[str, str, str]  # level, region, name: cluster names repeat across regions (Klynge Syd)


def published() -> dict[Key, dict[str, str]]:
    with TABLE.open(encoding="utf-8") as handle:
        return {(r["level"], r["region"], r["cluster"] or r["region"]): r for r in csv.DictReader(handle)}


def computed(klynge) -> dict[Key, dict]:  # type: ignore[no-untyped-def]
    result = klynge("calc", "--format", "json")
    assert result.code == 0, result.err
    rows = json.loads(result.out)["rows"]
    return {
        (
            r["level"],
            r.get("region", r["name"] if r["level"] == "region" else ""),
            r["name"] if r["level"] != "total" else "",
        ): r
        for r in rows
    }


def test_the_shipped_copy_is_the_reference_table() -> None:
    reference = SHARED / "reference" / TABLE.name
    if not reference.exists():
        if os.environ.get("KLYNGE_REQUIRE_SHARED"):  # CI sets it: there a missing ../shared is a failure
            pytest.fail(f"{reference} is missing, and KLYNGE_REQUIRE_SHARED is set")
        pytest.skip("../shared is not beside this checkout (set KLYNGE_REQUIRE_SHARED=1 to fail instead)")
    assert TABLE.read_bytes() == reference.read_bytes()


def test_the_municipal_column_matches_all_28_cells(klynge) -> None:  # type: ignore[no-untyped-def]
    ours = computed(klynge)
    table = published()
    assert len(table) == 28
    for key, row in table.items():
        assert ours[key]["amounts"]["kommuner"] == int(row["kommuner"]), key


def test_the_region_column_matches_but_for_the_declared_slips(klynge) -> None:  # type: ignore[no-untyped-def]
    ours = computed(klynge)
    slips = set()
    for key, row in published().items():
        if ours[key]["amounts"]["regioner"] != int(row["region_amount"]):
            slips.add(key[2])
    syddanmark_clusters = {"Sydvestjysk Klynge", "Lillebælt-klyngen", "Sønderjysk Klynge", "Fynsklyngen"}
    assert slips == syddanmark_clusters | {"Klyngen Roskilde/Køge"}


def test_i_alt_is_within_one_krone_outside_syddanmark(klynge) -> None:  # type: ignore[no-untyped-def]
    ours = computed(klynge)
    for key, row in published().items():
        if row["region"] == SYDDANMARK and key[0] == "cluster":
            continue
        assert abs(ours[key]["amount"] - int(row["i_alt"])) <= 1, key


def test_cluster_rows_carry_their_region(klynge) -> None:  # type: ignore[no-untyped-def]
    rows = json.loads(klynge("calc", "-f", "json").out)["rows"]
    syd = [r for r in rows if r["name"] == "Klynge Syd"]
    assert {r["region"] for r in syd} == {"Region Nordjylland", "Region Hovedstaden"}
    assert all(set(r["amounts"]) == {"kommuner", "regioner"} for r in rows)
    assert [r["level"] for r in rows].count("region") == 5 and rows[-1]["level"] == "total"


def test_the_table_shows_rates_and_subtotals(klynge) -> None:  # type: ignore[no-untyped-def]
    out = klynge("calc").out
    assert "6,81045" in out  # 40.000.000 / 5.873.327, computed, not typed in
    assert "6,44–7,31" in out  # the text's range for the regions
    assert "Region Hovedstaden" in out and "12.720.933" in out and "40.000.000" in out


def test_klynge_test_passes_on_the_shipped_rules(klynge) -> None:  # type: ignore[no-untyped-def]
    result = klynge("test")
    assert result.code == 0, result.out + result.err
    assert "84 cells checked, 11 differ, 11 explained" in result.out  # tests/test_rounding_totals.py: which
    assert "Region Syddanmark, region_amount: 8.557.655 published, its clusters sum to 8.563.999 (−6.344)" in result.out
    assert "I alt, i_alt: 80.000.000 published, the regions sum to 79.999.999 (+1)" in result.out


def test_a_population_changed_by_100_fails_and_names_the_cell(klynge, rules_copy: Path) -> None:  # type: ignore[no-untyped-def]
    data = rules_copy / "data" / "folk1a-2022K1.yaml"
    text = data.read_text(encoding="utf-8")
    data.write_text(
        text.replace(
            "name: Aalborg, region: Region Nordjylland, population: 221082",
            "name: Aalborg, region: Region Nordjylland, population: 221182",
        ),
        encoding="utf-8",
    )
    result = klynge("test", "--rules-dir", str(rules_copy))
    assert result.code == 1
    # Aalborg and Jammerbugt fund Klynge Midt: (221.182 + 38.187) of 5.873.427 inhabitants, of 40 mio. kr.
    expected = round(Fraction(40_000_000 * (221_182 + 38_187), 5_873_427))
    shown = f"{expected:,}".replace(",", ".")
    cell = f"FAILED: Klynge Midt (Region Nordjylland), kommuner: published 1.765.739, computed {shown}"
    assert f"{cell} (−{expected - 1_765_739}; not declared)" in result.out
    assert "NOT EXPLAINED" in result.out
    assert "checks.total says 5.873.327, the municipalities sum to 5.873.427" in result.err


def test_a_declared_deviation_that_no_longer_occurs_fails(klynge, rules_copy: Path) -> None:  # type: ignore[no-untyped-def]
    rule = rules_copy / "opstartsmidler-2022.yaml"
    text = rule.read_text(encoding="utf-8").replace(
        "column: region_amount, difference: 1,", "column: region_amount, difference: 2,"
    )
    rule.write_text(text, encoding="utf-8")
    result = klynge("test", "--rules-dir", str(rules_copy))
    assert result.code == 1
    cell = "Klyngen Roskilde/Køge (Region Sjælland), region_amount: published 2.092.884, computed 2.092.883"
    assert f"FAILED: {cell} (+1; declared +2)" in result.out


def test_calc_csv_reads_back_as_a_published_table(klynge, rules_copy: Path) -> None:  # type: ignore[no-untyped-def]
    exported = klynge("calc", "opstartsmidler-2022", "--format", "csv", "--rules-dir", str(rules_copy))
    (rules_copy / "published" / "mine.csv").write_text(exported.out, encoding="utf-8")
    rule = rules_copy / "opstartsmidler-2022.yaml"
    text = rule.read_text(encoding="utf-8")
    start = text.index("published:")
    rule.write_text(
        text[:start]
        + "published:\n  - table: published/mine.csv\n    source: {document: klynge calc --format csv}\n"
        + "    rows: {level: level, region: region, cluster: cluster}\n"
        + "    columns: {kommuner: kommuner, regioner: regioner, amount: amount, basis: basis}\n",
        encoding="utf-8",
    )
    result = klynge("test", "--rules-dir", str(rules_copy), str(rule))
    assert result.code == 0, result.out + result.err
    assert "112 cells checked, 0 differ" in result.out
