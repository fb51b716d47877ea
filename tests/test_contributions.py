"""What each contributor gives each klynge (issue 14, item 1): the klynge cells split on their kommuner
and regions, exactly, summing to the cells under largest remainder and stating the difference under nearest."""

from __future__ import annotations

import csv
import io
import json
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import openpyxl
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from klynge.engine.calc import tabulate
from klynge.engine.contributions import contributions, gaps
from klynge.engine.plan import compile_rule
from klynge.engine.result import Claim, Result

from . import builders
from .conftest import RULES

REGIONS = ["Region Hovedstaden", "Region Sjælland", "Region Nordjylland"]
SOURCE = builders.SOURCE
WEIGHTS = [Fraction(1), Fraction(1, 2), Fraction(4466224, 10**7)]


@st.composite
def klynger(draw: st.DrawFn) -> list[Claim]:
    """Klynger in some regions, each a claim with its kommuner and the bases they count with."""
    claims = []
    for index in range(draw(st.integers(min_value=1, max_value=8))):
        region = draw(st.sampled_from(REGIONS))
        sizes = draw(st.lists(st.integers(min_value=0, max_value=400_000), min_size=1, max_size=7))
        parts = tuple((f"K{index}-{n}", size * draw(st.sampled_from(WEIGHTS))) for n, size in enumerate(sizes))
        if sum(b for _, b in parts) == 0:  # a klynge nobody funds is refused by the checks; give it one
            parts = ((parts[0][0], Fraction(1)), *parts[1:])
        basis = sum((b for _, b in parts), Fraction(0))
        claims.append(Claim(f"k{index}", f"Klynge {index}", region, basis, f"Klynge {index}", region, parts=parts))
    return claims


def result_of(claims: list[Claim], method: str, unit: int, amount: int) -> Result:
    """A rule with a row per klynge: one pot from the kommuner, one split on the regions by a key."""
    pots = [
        {"id": "kommuner", "title": "Kommuner", "amount": amount, "source": SOURCE},
        {
            "id": "regioner",
            "title": "Regioner",
            "amount": amount,
            "source": SOURCE,
            "by_region": {"key": {r: 1 + i for i, r in enumerate(REGIONS)}, "source": SOURCE},
        },
    ]
    rule = builders.rule(pots, {"method": method, "unit": unit}, split_to="cluster")
    plan = compile_rule(rule, [c.key for c in claims])
    pots_done, rows, rates = tabulate(plan, claims)
    dataset = builders.dataset(REGIONS[0])
    return Result(plan, dataset, pots_done, rows, rates)


def cells(result: Result) -> dict[tuple[str, str], Decimal]:
    return {(r.key.id, p): a for r in result.rows if r.level == "cluster" for p, a in r.amounts.items()}


def summed(result: Result) -> dict[tuple[str, str], Decimal]:
    out: dict[tuple[str, str], Decimal] = {}
    for c in contributions(result):
        out[c.cluster, c.pot] = out.get((c.cluster, c.pot), Decimal(0)) + c.amount
    return out


UNITS = st.sampled_from([1, 100])
WHOLES = st.integers(min_value=1, max_value=10**7)


@settings(max_examples=150, deadline=None)
@given(klynger(), UNITS, WHOLES)
def test_largest_remainder_contributions_sum_to_their_klynge_cell(claims, unit, whole) -> None:  # type: ignore[no-untyped-def]
    result = result_of(claims, "largest_remainder", unit, whole * unit)
    assert summed(result) == cells(result)
    assert gaps(result) == []
    for c in contributions(result):
        assert c.amount % unit == 0
        # A part of the rounded cell (within a unit of its exact value), so within two of its own exact value.
        assert abs(Fraction(c.amount) - c.exact) < 2 * unit


@settings(max_examples=150, deadline=None)
@given(klynger(), UNITS, st.integers(min_value=1, max_value=10**9))
def test_nearest_rounds_each_contribution_and_states_the_difference(claims, unit, amount) -> None:  # type: ignore[no-untyped-def]
    result = result_of(claims, "nearest", unit, amount)
    given_ = contributions(result)
    for c in given_:
        assert 2 * abs(Fraction(c.amount) - c.exact) <= unit
    stated = {(g.cluster, g.pot): g.difference for g in gaps(result, given_)}
    sums, cell = summed(result), cells(result)
    assert stated == {k: sums[k] - v for k, v in cell.items() if sums[k] != v}


@settings(max_examples=60, deadline=None)
@given(klynger(), st.sampled_from(["nearest", "largest_remainder"]))
def test_the_exact_parts_make_the_exact_cell_and_the_region_gives_its_cell(claims, method) -> None:  # type: ignore[no-untyped-def]
    result = result_of(claims, method, 1, 10**6)
    exact: dict[tuple[str, str], Fraction] = {}
    for c in contributions(result):
        exact[c.cluster, c.pot] = exact.get((c.cluster, c.pot), Fraction(0)) + c.exact
        if c.pot == "regioner":
            assert (c.kind, c.contributor) == ("region", c.region)
        else:
            assert c.kind == "municipality"
    rows = {r.key.id: r for r in result.rows if r.level == "cluster"}
    assert exact == {(k, p): rows[k].exact[p] for k in rows for p in ("kommuner", "regioner")}


# Through the CLI, on the shipped rules.

YEAR = 40_000_000
SYD = ["Albertslund", "Brøndby", "Dragør", "Glostrup", "Tårnby", "Hvidovre", "Høje-Taastrup", "Ishøj", "Vallensbæk"]
KBH_SYD = Fraction("0.4466224")  # København's weight in Klynge Syd, backed out of Tabel 1 (shared/reference)


def population() -> dict[str, int]:
    data = YAML(typ="safe").load((RULES / "data" / "folk1a-2022K1.yaml").read_text(encoding="utf-8"))
    return {m["name"]: m["population"] for m in data["municipalities"]}


def nearest(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal(1), ROUND_HALF_UP)


def same(shown: float, exact: Fraction) -> bool:
    """A JSON number is given to six decimals (report/machine.py)."""
    return abs(Fraction(str(shown)) - exact) <= Fraction(1, 2 * 10**6)


def by_contributor(klynge, *args: str) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    run = klynge("calc", *args, "--by", "contributor", "-f", "json")
    assert run.code == 0, run.err
    return json.loads(run.out)  # type: ignore[no-any-return]


def published(cluster: str) -> dict[str, str]:
    with (RULES / "published" / "bilag1_tabel1_opstartsmidler_2022.csv").open(encoding="utf-8") as handle:
        rows = csv.DictReader(handle)
        return next(r for r in rows if r["region"] == "Region Hovedstaden" and r["cluster"] == cluster)


def test_klynge_syd_kommuner_give_6_81_kr_per_counted_inhabitant(klynge) -> None:  # type: ignore[no-untyped-def]
    people = population()
    assert sum(people.values()) == 5_873_327  # the kommuner's own total, the denominator of Tabel 1
    counted = {name: Fraction(people[name]) for name in SYD} | {"København": people["København"] * KBH_SYD}
    document = by_contributor(klynge)
    rows = [r for r in document["rows"] if r["cluster"] == "hovedstaden-syd" and r["kind"] == "municipality"]
    assert {r["contributor"] for r in rows} == set(counted)  # Rødovre takes part, but funds Klynge Midt
    for row in rows:
        basis = counted[row["contributor"]]
        assert same(row["basis"], basis)
        assert Decimal(row["amounts"]["kommuner"]) == nearest(YEAR * basis / 5_873_327), row
    klynge_syd = next(c for c in document["clusters"] if c["cluster"] == "hovedstaden-syd")
    stated = klynge_syd["differences"].get("kommuner", 0)
    assert sum(r["amounts"]["kommuner"] for r in rows) == int(published("Klynge Syd")["kommuner"]) + stated


def test_a_stated_difference_makes_the_kommuner_add_up_to_the_published_cell(klynge) -> None:  # type: ignore[no-untyped-def]
    document = by_contributor(klynge)
    nord = next(c for c in document["clusters"] if c["cluster"] == "hovedstaden-nord")
    rows = [r for r in document["rows"] if r["cluster"] == "hovedstaden-nord" and r["kind"] == "municipality"]
    given_ = sum(r["amounts"]["kommuner"] for r in rows)
    assert nord["differences"] == {"kommuner": given_ - int(published("Klynge Nord")["kommuner"])}
    assert nord["differences"]["kommuner"] != 0  # the kommuner, each rounded alone, miss the cell here
    run = klynge("calc", "--by", "contributor")
    gap = nord["differences"]["kommuner"]
    cell = f"{int(published('Klynge Nord')['kommuner']):,}".replace(",", ".")
    assert "Klynge Nord (Region Hovedstaden), 'Kommuner': the contributions sum to" in run.out
    assert f"{'+' if gap > 0 else '−'}{abs(gap)} kr. from the klynge's cell of {cell} kr." in run.out


def test_the_region_gives_the_klynge_its_regioner_cell(klynge) -> None:  # type: ignore[no-untyped-def]
    calc = json.loads(klynge("calc", "-f", "json").out)
    cells_ = {(r["region"], r["name"]): r["amounts"]["regioner"] for r in calc["rows"] if r["level"] == "cluster"}
    regions = [r for r in by_contributor(klynge)["rows"] if r["kind"] == "region"]
    assert len(regions) == len(cells_) == 22
    for row in regions:
        assert row["contributor"] == row["region"]
        assert row["amounts"] == {"regioner": cells_[row["region"], row["cluster_name"]]}
    syd = next(r for r in regions if r["cluster"] == "hovedstaden-syd")
    assert syd["amount"] == int(published("Klynge Syd")["region_amount"])


def test_koebenhavn_gives_to_two_klynger_with_its_two_weights(klynge) -> None:  # type: ignore[no-untyped-def]
    people = population()["København"]
    rows = [r for r in by_contributor(klynge)["rows"] if r["contributor"] == "København"]
    assert [r["cluster"] for r in rows] == ["hovedstaden-syd", "hovedstaden-by"]
    assert same(rows[0]["basis"], people * KBH_SYD) and same(rows[1]["basis"], people * (1 - KBH_SYD))


def test_largest_remainder_contributions_sum_to_the_cells(klynge, rules_copy: Path) -> None:  # type: ignore[no-untyped-def]
    path = rules_copy / "opstartsmidler-2022.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("method: nearest", "method: largest_remainder"))
    document = by_contributor(klynge, "--rules-dir", str(rules_copy))
    for cluster in document["clusters"]:
        assert cluster["differences"] == {}
        rows = [r for r in document["rows"] if r["cluster"] == cluster["cluster"]]
        for pot, cell in cluster["amounts"].items():
            assert sum(r["amounts"].get(pot, 0) for r in rows) == cell
    out = klynge("calc", "--by", "contributor", "--rules-dir", str(rules_copy)).out
    assert "the contributions sum to the klynge's cells exactly." in out


def test_model_2_gives_one_contribution_per_kommune_row(klynge) -> None:  # type: ignore[no-untyped-def]
    calc = json.loads(klynge("calc", "sekretariat-model2-2022", "-f", "json").out)
    members = [(r["cluster"], r["name"], r["amount"]) for r in calc["rows"] if r["level"] == "municipality"]
    rows = by_contributor(klynge, "sekretariat-model2-2022")["rows"]
    assert [(r["cluster_name"], r["contributor"], r["amount"]) for r in rows] == members
    assert {r["kind"] for r in rows} == {"municipality"}
    assert sum(1 for r in rows if r["contributor"] == "Rødovre") == 2  # half its population in each klynge


def test_a_pooled_rule_has_no_contributions_per_klynge(klynge) -> None:  # type: ignore[no-untyped-def]
    run = klynge("calc", "sekretariat-model3-2022", "--by", "contributor")
    assert run.code == 2 and run.out == ""
    assert "sekretariat-model3-2022' has no cell per klynge" in run.err and "Traceback" not in run.err
    dansk = klynge("--lang", "da", "calc", "sekretariat-model3-2022", "--by", "contributor")
    assert dansk.code == 2
    assert "har intet beløb pr. klynge" in dansk.err and "brug --by member" in dansk.err


def test_the_table_in_danish_and_english(klynge) -> None:  # type: ignore[no-untyped-def]
    albertslund = population()["Albertslund"]
    amount = f"{int(nearest(YEAR * Fraction(albertslund) / 5_873_327)):,}".replace(",", ".")
    dansk = klynge("--lang", "da", "calc", "--by", "contributor")
    assert dansk.code == 0
    assert "bidrag pr. klynge" in dansk.out and "Bidragyder" in dansk.out
    lines = dansk.out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip().startswith("Klynge Syd (Region Hovedstaden)"))
    albertslund_line = next(line for line in lines[start:] if line.strip().startswith("Albertslund"))
    assert albertslund_line.split() == ["Albertslund", f"{albertslund:,}".replace(",", "."), amount, amount]
    assert "Afrunding: hvert bidrag er afrundet for sig" in dansk.out
    english = klynge("--lang", "en", "calc", "--by", "contributor")
    assert "contributions per klynge" in english.out and "Contributor" in english.out
    assert "bidrag" not in english.out.split("¹")[0]


def test_by_member_is_the_default(klynge) -> None:  # type: ignore[no-untyped-def]
    assert klynge("calc", "--by", "member").out == klynge("calc").out


def test_every_format_of_calc(klynge, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    machine = klynge("calc", "--by", "contributor", "-f", "csv").out
    rows = list(csv.DictReader(io.StringIO(machine)))
    head = ["cluster", "cluster_name", "region", "contributor", "kind", "basis", "kommuner", "regioner", "amount"]
    assert list(rows[0]) == head
    region = next(r for r in rows if r["kind"] == "region")
    assert region["kommuner"] == "" and region["amount"] == region["regioner"]
    markdown = klynge("calc", "--by", "contributor", "-f", "md").out
    assert "| **Klynge Syd (Region Hovedstaden)¹** |" in markdown
    excel = klynge("--lang", "da", "calc", "--by", "contributor", "-f", "csv-excel").out
    assert excel.startswith("\ufeff") and "Bidragyder;Indbyggertal;Kommuner (kr.);Regioner (kr.);I alt (kr.)" in excel
    target = tmp_path / "bidrag.xlsx"
    assert klynge("calc", "--by", "contributor", "-o", str(target)).code == 0
    sheet = openpyxl.load_workbook(target).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    heading = values.index(["Contributor", "Indbyggertal", "Kommuner (kr.)", "Regioner (kr.)", "Total (kr.)"])
    assert values[heading + 1] == ["Klynge Nord (Region Nordjylland)", 160680, 1094303, 1123046, 2217349]
    assert values[heading + 2][0] == "Brønderslev" and values[heading + 2][3] is None
