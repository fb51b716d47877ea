"""How totals are made under ``nearest`` (``rounding.totals``): ``exact``, the default, rounds every total (a
row's I alt, a region's or klynge's row, the total row) from its own exact value, as Tabel 1 does; ``sum`` makes
it the sum of the rounded cells it totals. Under ``largest_remainder`` totals are sums, and ``exact`` is refused.

The exact values are recomputed here from the claims, not read back from what is checked."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction
from math import floor
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from klynge.engine.calc import tabulate
from klynge.engine.models import Rounding, RoundingTotals, Rule
from klynge.engine.plan import compile_rule
from klynge.engine.result import Claim, Row

from . import builders
from .conftest import FIXTURES, Run
from .test_model_properties import clusters as klynger
from .test_model_properties import per_cluster_claims
from .test_two_level import KEYS, REGIONS, clusters

SOURCE = builders.SOURCE
UNITS = st.sampled_from([Decimal(1), Decimal(10), Decimal(1000)])
AMOUNTS = st.integers(min_value=1, max_value=10**9)


def nearest(value: Fraction, unit: Decimal) -> Decimal:
    """Half away from zero, to a multiple of ``unit``: the rule every published cell follows."""
    return Decimal(floor(value / Fraction(unit) + Fraction(1, 2))) * unit


def rule(pots: list[dict[str, Any]], rounding: dict[str, Any], *, split_to: str | None) -> Rule:
    more = {"split_to": split_to} if split_to else {}
    return builders.rule([{"source": SOURCE, **pot} for pot in pots], rounding, **more)


def two_level(amount: int, key: dict[str, int], rounding: dict[str, Any]) -> Rule:
    by_region = {"key": key, "source": SOURCE}
    flat = {"id": "flad", "title": "Flad", "amount": amount}
    pots = [flat, {"id": "to", "title": "To", "amount": amount, "by_region": by_region}]
    return rule(pots, rounding, split_to="cluster")


def within(amount: int, each: int, rounding: dict[str, Any]) -> Rule:
    own = {"id": "egen", "title": "Egen", "amount": each, "for_each_cluster": True, "split_within": "cluster"}
    return rule([own, {"id": "faelles", "title": "Fælles", "amount": amount}], rounding, split_to=None)


def exact_of(members: list[Row]) -> dict[str, Fraction]:
    return {p: sum((m.exact[p] for m in members), Fraction(0)) for p in members[0].exact}


def groups(rows: list[Row]) -> list[tuple[Row, list[Row]]]:
    """Each group row with the member rows under it, and the total row with every member."""
    found: list[tuple[Row, list[Row]]] = []
    for row in rows:
        if row.level == "total":
            found.append((row, [m for _, inside in found for m in inside]))
        elif row.trace and next(iter(row.trace.values())).totals is not None:
            found.append((row, []))
        else:
            found[-1][1].append(row)
    return found


def assert_exact(rows: list[Row], unit: Decimal) -> None:
    for total, members in groups(rows):
        assert total.exact == exact_of(members)
        assert total.amounts == {p: nearest(v, unit) for p, v in total.exact.items()}
        assert all(cell.totals == "exact" for cell in total.trace.values())
    for row in rows:
        assert row.total is not None and row.total.totals == "exact"
        assert row.amount == nearest(sum(row.exact.values(), Fraction(0)), unit)


def assert_sums(rows: list[Row]) -> None:
    for total, members in groups(rows):
        assert total.amounts == {p: sum((m.amounts[p] for m in members), Decimal(0)) for p in total.amounts}
        assert all(cell.totals == "sum" for cell in total.trace.values())
    for row in rows:
        assert row.total is not None and row.total.totals == "sum"
        assert row.amount == sum(row.amounts.values(), Decimal(0))


@settings(max_examples=150)
@given(clusters(), AMOUNTS, KEYS, UNITS)
def test_under_exact_every_total_of_regions_and_klynger_is_its_exact_value_rounded(claims, amount, key, unit) -> None:  # type: ignore[no-untyped-def]
    _, rows, _ = tabulate(compile_rule(two_level(amount, key, {"method": "nearest", "unit": unit})), claims)
    assert_exact(rows, unit)


@settings(max_examples=100)
@given(klynger(), AMOUNTS, st.integers(min_value=1, max_value=10**7), UNITS)
def test_under_exact_every_total_of_klynger_and_kommuner_is_its_exact_value_rounded(found, amount, each, unit) -> None:  # type: ignore[no-untyped-def]
    claims = per_cluster_claims(found)
    plan = compile_rule(within(amount, each, {"method": "nearest", "unit": unit, "totals": "exact"}), len(found))
    _, rows, _ = tabulate(plan, claims)
    assert_exact(rows, unit)


@settings(max_examples=150)
@given(clusters(), AMOUNTS, KEYS)
def test_under_sum_every_total_is_the_sum_of_the_cells_it_totals(claims, amount, key) -> None:  # type: ignore[no-untyped-def]
    for rounding in ({"method": "nearest", "totals": "sum"}, {"method": "largest_remainder"}):
        _, rows, _ = tabulate(compile_rule(two_level(amount, key, rounding)), claims)
        assert_sums(rows)


@settings(max_examples=100)
@given(klynger(), AMOUNTS, st.integers(min_value=1, max_value=10**7))
def test_under_sum_a_klynges_row_is_the_sum_of_its_kommuner(found, amount, each) -> None:  # type: ignore[no-untyped-def]
    for rounding in ({"method": "nearest", "totals": "sum"}, {"method": "largest_remainder", "totals": "sum"}):
        _, rows, _ = tabulate(compile_rule(within(amount, each, rounding), len(found)), per_cluster_claims(found))
        assert_sums(rows)


def test_a_klynge_of_two_halves_shows_the_difference() -> None:
    """Two kommuner of equal basis share 3 kr.: each 1,50 → 2; the klynge's own exact 3 stays 3 under exact."""
    claims = [Claim(name, name, REGIONS[0], Fraction(1), "Klynge", group="k") for name in ("A", "B")]
    claims = [Claim(c.key, c.name, c.region, c.basis, c.cluster, "k") for c in claims]
    for totals, expected in (("exact", Decimal(3)), ("sum", Decimal(4))):
        plan = compile_rule(within(1, 3, {"method": "nearest", "totals": totals}), 1)
        _, rows, _ = tabulate(plan, claims)
        [klynge] = [r for r in rows if r.level == "cluster"]
        assert [r.amounts["egen"] for r in rows if r.level == "municipality"] == [2, 2]
        assert klynge.amounts["egen"] == expected


def test_nearest_makes_totals_from_their_exact_value_unless_told_otherwise() -> None:
    assert Rounding.model_validate({"method": "nearest"}).convention is RoundingTotals.exact
    assert Rounding.model_validate({"method": "nearest", "totals": "sum"}).convention is RoundingTotals.sum
    assert Rounding.model_validate({"method": "largest_remainder"}).convention is RoundingTotals.sum


# --- Through the CLI, on Tabel 1 ------------------------------------------------------------------------

VARIANT = "kind: rule\nid: {id}\nbased_on: opstartsmidler-2022\ntitle: Tabel 1, {id}\nrounding: {rounding}\n"
MIDT = "Klynge Midt (Region Nordjylland)"
# Klynge Midt in Nordjylland (Aalborg and Jammerbugt: 259.269 inhabitants) gets 40 mio. kr. × 259.269 / 5.873.327
# from the kommuner and Region Nordjylland's 4.135.869 kr. × 259.269 / 591.740 from the regions.
MIDT_KOMMUNER = Fraction(40_000_000 * 259_269, 5_873_327)  # 1.765.738,57
MIDT_REGION = Fraction(4_135_869 * 259_269, 591_740)  # 1.812.117,86


def variant(rules_copy: Path, name: str, rounding: str) -> None:
    (rules_copy / f"{name}.yaml").write_text(VARIANT.format(id=name, rounding=rounding), encoding="utf-8")


def rows_of(klynge: Any, rule_id: str, rules_copy: Path) -> dict[str, dict[str, Any]]:
    result: Run = klynge("calc", rule_id, "-f", "json", "--rules-dir", str(rules_copy))
    assert result.code == 0, result.err
    rows = json.loads(result.out)["rows"]
    return {f"{r['name']} ({r['region']})" if r["level"] == "cluster" else r["name"]: r for r in rows}


def test_a_nearest_rule_without_totals_rounds_i_alt_from_its_exact_value(klynge: Any, rules_copy: Path) -> None:
    """Fails if the default goes back to sums: Klynge Midt's two cells sum to 3.577.857, its exact I alt is
    3.577.856,42, and Tabel 1 prints 3.577.856."""
    assert round(MIDT_KOMMUNER) + round(MIDT_REGION) == 3_577_857
    shipped = (rules_copy / "opstartsmidler-2022.yaml").read_text(encoding="utf-8")
    assert "\n  method: nearest\n" in shipped and "totals:" not in shipped.replace("(totals: exact", "")
    rows = rows_of(klynge, "opstartsmidler-2022", rules_copy)
    assert rows[MIDT]["amounts"] == {"kommuner": round(MIDT_KOMMUNER), "regioner": round(MIDT_REGION)}
    assert rows[MIDT]["amount"] == round(MIDT_KOMMUNER + MIDT_REGION) == 3_577_856
    # Region Nordjylland's own cell is its key amount, not its four klynger's rounded cells (4.135.868).
    assert rows["Region Nordjylland"]["amounts"]["regioner"] == 4_135_869
    assert klynge("test", "opstartsmidler-2022", "--rules-dir", str(rules_copy)).code == 0


def test_totals_sum_makes_every_total_the_sum_of_its_cells(klynge: Any, rules_copy: Path) -> None:
    variant(rules_copy, "summer", "{method: nearest, totals: sum}")
    rows = rows_of(klynge, "summer", rules_copy)
    assert rows[MIDT]["amount"] == 3_577_857
    klynger_nord = [r for r in rows.values() if r["level"] == "cluster" and r["region"] == "Region Nordjylland"]
    assert rows["Region Nordjylland"]["amounts"]["regioner"] == sum(r["amounts"]["regioner"] for r in klynger_nord)
    assert rows["Region Nordjylland"]["amounts"]["regioner"] == 4_135_868
    assert rows["I alt"]["amount"] == sum(r["amount"] for r in rows.values() if r["level"] == "region")


def test_tabel1_passes_with_eleven_deviations_and_the_i_alt_cells_the_reference_names(klynge: Any) -> None:
    """Rounding I alt from its exact value reproduces 21 of Tabel 1's 27 region and klynge I alt cells
    (../shared/reference/README.md); the six others are Region Nordjylland and Horsens Klyngen (the regions'
    key printed in whole kroner) and Syddanmark's four klynger (the publication's slip in the region column)."""
    result: Run = klynge("test", "opstartsmidler-2022", "-f", "json")
    assert result.code == 0, result.out + result.err
    [table] = json.loads(result.out)["tables"]
    cells = table["cells"]
    assert len(cells) == 11 and all(c["ok"] and c["declared"] == c["difference"] for c in cells)
    i_alt = {c["row"] for c in cells if c["column"] == "i_alt"}
    names = ("Sydvestjysk Klynge", "Lillebælt-klyngen", "Sønderjysk Klynge", "Fynsklyngen")
    syddanmark = {f"{name} (Region Syddanmark)" for name in names}
    assert i_alt == {"Region Nordjylland", "Horsens Klyngen (Region Midtjylland)"} | syddanmark
    assert 27 - len(i_alt) == 21


def test_explain_says_how_i_alt_was_made_in_danish(klynge: Any, rules_copy: Path) -> None:
    result: Run = klynge("--lang", "da", "explain", "opstartsmidler-2022", MIDT)
    assert result.code == 0, result.err
    assert (
        "I alt: 1.765.738,57 + 1.812.117,86 = 3.577.856,42 → 3.577.856 kr., afrundet fra sit eksakte beløb"
        " (rounding.totals: exact)"
    ) in result.out
    rounding = "Afrunding: nearest, totals: exact (hvert beløb afrundet for sig til nærmeste krone, også totaler"
    assert rounding in result.out
    variant(rules_copy, "summer", "{method: nearest, totals: sum}")
    summed: Run = klynge("--lang", "da", "explain", "summer", MIDT, "--rules-dir", str(rules_copy))
    line = "I alt: 1.765.739 + 1.812.118 = 3.577.857 kr., summen af de afrundede beløb (rounding.totals: sum)"
    assert line in summed.out
    region: Run = klynge("--lang", "da", "explain", "summer", "Region Nordjylland", "--rules-dir", str(rules_copy))
    assert "4.135.869,00; summen af medlemmernes afrundede beløb: 4.135.868" in region.out


def test_the_trace_in_json_names_the_convention(klynge: Any) -> None:
    trace = json.loads(klynge("explain", "opstartsmidler-2022", "Region Nordjylland", "-f", "json").out)
    assert trace["rounding"]["totals"] == "exact"
    assert trace["total"]["totals"] == "exact" and trace["total"]["amount"] == 8_165_885
    assert {p["cell"]["totals"] for p in trace["pots"]} == {"exact"}


def test_calc_states_the_convention_under_the_table_in_danish(klynge: Any, rules_copy: Path) -> None:
    out = klynge("--lang", "da", "calc", "opstartsmidler-2022").out
    assert "også I alt og subtotaler (hver fra sit eksakte beløb), så de kan afvige lidt fra summen" in out
    # The pot notes stay about the klynger's own cells: 22 rounded cells of 'Kommuner' sum to 39.999.999 kr.
    assert "Summen af de afrundede beløb for 'Kommuner' afviger −1 kr. fra puljen på 40.000.000 kr." in out
    variant(rules_copy, "summer", "{method: nearest, totals: sum}")
    summed = klynge("--lang", "da", "calc", "summer", "--rules-dir", str(rules_copy)).out
    line = "Afrunding: hvert beløb afrundet for sig til nærmeste 1 kr.; I alt og subtotaler er summen af de afrundede"
    assert line in summed


def test_totals_exact_under_largest_remainder_is_refused_in_danish(klynge: Any) -> None:
    fixture = FIXTURES / "invalid" / "totals-exact-largest-remainder.yaml"
    result: Run = klynge("--lang", "da", "validate", str(fixture))
    assert result.code == 1
    assert (
        ":17:11: error: rounding.totals: exact passer ikke med method: largest_remainder, hvor totaler altid er"
        " summer (fjern totals, eller skriv totals: sum; skal totaler afrundes fra deres eksakte beløb, så brug"
        " method: nearest)"
    ) in result.err
