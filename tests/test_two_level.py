"""Properties of pots split over clusters and regions, in one or two levels, for random
populations, memberships and region keys."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from math import ceil, floor

from hypothesis import given, settings
from hypothesis import strategies as st

from klynge.engine.calc import tabulate
from klynge.engine.models import Rule
from klynge.engine.plan import compile_rule
from klynge.engine.result import Claim

from . import builders

REGIONS = ["Region Hovedstaden", "Region Sjælland", "Region Syddanmark", "Region Midtjylland", "Region Nordjylland"]
SOURCE = builders.SOURCE


@st.composite
def clusters(draw: st.DrawFn) -> list[Claim]:
    """Clusters in some regions, each holding the summed population of random kommuner."""
    count = draw(st.integers(min_value=1, max_value=12))
    claims = []
    for index in range(count):
        region = draw(st.sampled_from(REGIONS))
        members = draw(st.lists(st.integers(min_value=0, max_value=400_000), min_size=1, max_size=9))
        weight = draw(st.sampled_from([Fraction(1), Fraction(1, 2), Fraction(4466224, 10**7)]))
        basis = sum(members) * weight
        claims.append(Claim(f"klynge-{index}", f"Klynge {index}", region, basis, f"Klynge {index}", group=region))
    # A region needs someone to split its share by (checks.py refuses a rule where it has not).
    for region in {c.region for c in claims}:
        if sum(c.basis for c in claims if c.region == region) == 0:
            index = next(i for i, c in enumerate(claims) if c.region == region)
            old = claims[index]
            claims[index] = Claim(old.key, old.name, region, Fraction(1), old.cluster, group=region)
    return claims


def rule(method: str, amount: int, key: dict[str, int] | None) -> Rule:
    pots = [{"id": "flad", "title": "Flad", "amount": amount, "source": SOURCE}]
    if key is not None:
        pots.append(
            {
                "id": "to-niveauer",
                "title": "To niveauer",
                "amount": amount,
                "source": SOURCE,
                "by_region": {"key": key, "source": SOURCE},
            }
        )
    return builders.rule(pots, {"method": method}, split_to="cluster")


KEYS = st.fixed_dictionaries({r: st.integers(min_value=1, max_value=10**7) for r in REGIONS})
AMOUNTS = st.integers(min_value=1, max_value=10**9)


@settings(max_examples=150)
@given(clusters(), AMOUNTS, KEYS)
def test_largest_remainder_cells_sum_to_every_pot_and_groups_to_their_members(claims, amount, key) -> None:  # type: ignore[no-untyped-def]
    pots, rows, _ = tabulate(compile_rule(rule("largest_remainder", amount, key)), claims)
    members = [r for r in rows if r.level == "cluster"]
    for pot in pots:
        assert sum(r.amounts[pot.id] for r in members) == amount == pot.allocated
    for region in (r for r in rows if r.level == "region"):
        inside = [r for r in members if r.region == region.name]
        for pot in pots:
            assert region.amounts[pot.id] == sum(r.amounts[pot.id] for r in inside)
        assert region.amount == sum(r.amount for r in inside)
    assert rows[-1].level == "total" and all(rows[-1].amounts[p.id] == amount for p in pots)


@settings(max_examples=150)
@given(clusters(), AMOUNTS, KEYS)
def test_the_first_level_gives_each_region_its_share_of_the_key(claims, amount, key) -> None:  # type: ignore[no-untyped-def]
    present = {c.region for c in claims}
    total_key = sum(key[r] for r in present)
    for method in ("largest_remainder", "nearest"):
        _, rows, _ = tabulate(compile_rule(rule(method, amount, key)), claims)
        for region in (r for r in rows if r.level == "region"):
            exact = Fraction(amount * key[region.name], total_key)
            assert region.exact["to-niveauer"] == exact
            assert floor(exact) <= region.amounts["to-niveauer"] <= ceil(exact)


@settings(max_examples=150)
@given(clusters(), AMOUNTS, KEYS)
def test_nearest_rounds_every_cell_once_from_its_exact_value(claims, amount, key) -> None:  # type: ignore[no-untyped-def]
    _, rows, rates = tabulate(compile_rule(rule("nearest", amount, key)), claims)
    total_basis = sum(c.basis for c in claims)
    for row in rows:
        for pot, exact in row.exact.items():
            assert row.amounts[pot] == Decimal(floor(exact + Fraction(1, 2)))
        if row.level == "cluster":
            assert row.exact["flad"] == Fraction(amount) * row.basis / total_basis
    flat = next(r for r in rates if r.pot == "flad" and r.scope == "I alt")
    assert flat.value == Fraction(amount) / total_basis


@given(clusters(), AMOUNTS)
def test_order_of_the_clusters_changes_no_amount(claims, amount) -> None:  # type: ignore[no-untyped-def]
    for method in ("largest_remainder", "nearest"):
        _, forward, _ = tabulate(compile_rule(rule(method, amount, None)), claims)
        _, backward, _ = tabulate(compile_rule(rule(method, amount, None)), list(reversed(claims)))
        assert {(r.level, r.name): r.amounts for r in forward} == {(r.level, r.name): r.amounts for r in backward}
