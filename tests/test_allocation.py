"""Properties of the allocation core, for any pot, any non-negative bases and both methods."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from math import ceil, floor

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from klynge.engine.allocation import AllocationError, split
from klynge.engine.models import RoundingMethod, TieBreak

METHODS = st.sampled_from(list(RoundingMethod))
TIES = st.sampled_from(list(TieBreak))
UNITS = st.sampled_from([Decimal(1), Decimal("0.01"), Decimal(1000)])
BASES = st.lists(
    st.one_of(st.just(Fraction(0)), st.fractions(min_value=0, max_value=10**7, max_denominator=1000)),
    min_size=1,
    max_size=40,
).filter(lambda bases: sum(bases) > 0)


@st.composite
def cases(draw: st.DrawFn) -> tuple[Decimal, list[tuple[str, Fraction]], RoundingMethod, Decimal, TieBreak]:
    unit = draw(UNITS)
    pot = Decimal(draw(st.integers(min_value=1, max_value=10**9))) * unit
    bases = draw(BASES)
    claims = [(f"kommune-{i:02d}", basis) for i, basis in enumerate(bases)]
    return pot, claims, draw(METHODS), unit, draw(TIES)


def quotas(pot: Decimal, claims: list[tuple[str, Fraction]]) -> list[Fraction]:
    total = sum(basis for _, basis in claims)
    return [Fraction(pot) * basis / total for _, basis in claims]


@given(cases())
def test_amounts_are_whole_units(case) -> None:  # type: ignore[no-untyped-def]
    pot, claims, method, unit, tie = case
    for amount in split(pot, claims, method, unit, tie).amounts:
        assert (amount / unit) == (amount / unit).to_integral_value()


@given(cases())
def test_largest_remainder_sums_exactly_to_the_pot(case) -> None:  # type: ignore[no-untyped-def]
    pot, claims, _, unit, tie = case
    assert split(pot, claims, RoundingMethod.largest_remainder, unit, tie).total == pot


@given(cases())
def test_every_amount_lies_between_floor_and_ceiling_of_its_quota(case) -> None:  # type: ignore[no-untyped-def]
    pot, claims, method, unit, tie = case
    result = split(pot, claims, method, unit, tie)
    for amount, quota in zip(result.amounts, quotas(pot, claims), strict=False):
        in_units = quota / Fraction(unit)
        assert floor(in_units) <= Fraction(amount) / Fraction(unit) <= ceil(in_units)
    assert list(result.quotas) == quotas(pot, claims)


@given(cases())
def test_a_zero_basis_gets_nothing(case) -> None:  # type: ignore[no-untyped-def]
    pot, claims, method, unit, tie = case
    claims = [*claims, ("nul-kommune", Fraction(0))]
    assert split(pot, claims, method, unit, tie).amounts[-1] == 0


@given(cases(), st.randoms(use_true_random=False))
def test_reordering_members_changes_no_amount(case, random) -> None:  # type: ignore[no-untyped-def]
    pot, claims, method, unit, tie = case
    shuffled = list(claims)
    random.shuffle(shuffled)
    before = dict(zip(*_named(split(pot, claims, method, unit, tie)), strict=False))
    after = dict(zip(*_named(split(pot, shuffled, method, unit, tie)), strict=False))
    assert before == after


@given(cases(), st.fractions(min_value=Fraction(1, 1000), max_value=10**6))
def test_scaling_every_basis_changes_nothing(case, factor: Fraction) -> None:  # type: ignore[no-untyped-def]
    pot, claims, method, unit, tie = case
    assume(factor > 0)
    scaled = [(name, basis * factor) for name, basis in claims]
    assert split(pot, claims, method, unit, tie).amounts == split(pot, scaled, method, unit, tie).amounts


@given(cases())
def test_nearest_rounds_each_amount_half_up(case) -> None:  # type: ignore[no-untyped-def]
    pot, claims, _, unit, tie = case
    result = split(pot, claims, RoundingMethod.nearest, unit, tie)
    for amount, quota in zip(result.amounts, quotas(pot, claims), strict=False):
        in_units = quota / Fraction(unit)
        assert Fraction(amount) / Fraction(unit) == floor(in_units + Fraction(1, 2))


def _named(result):  # type: ignore[no-untyped-def]
    return result.names, result.amounts


def test_ties_go_to_the_larger_basis_then_the_name() -> None:
    # 10 kr. over three equal remainders of 1/3: one krone is left and goes by the declared rule.
    claims = [("Bornholm", Fraction(1)), ("Ærø", Fraction(1)), ("Fanø", Fraction(1))]
    by_name = split(Decimal(10), claims, RoundingMethod.largest_remainder, tie_break=TieBreak.name)
    assert dict(zip(by_name.names, by_name.amounts, strict=False)) == {"Bornholm": 4, "Ærø": 3, "Fanø": 3}
    claims = [("Bornholm", Fraction(1)), ("Ærø", Fraction(4)), ("Fanø", Fraction(1))]
    # 6 kr. over 1:4:1 -> 1, 4, 1 exactly; 7 kr. -> 7/6, 28/6, 7/6: remainders 1/6, 4/6, 1/6.
    bigger = split(Decimal(7), claims, RoundingMethod.largest_remainder)
    assert dict(zip(bigger.names, bigger.amounts, strict=False)) == {"Bornholm": 1, "Ærø": 5, "Fanø": 1}


def test_nearest_may_miss_the_pot_and_says_by_how_much() -> None:
    # 100 kr. in three equal parts: 33,33 each rounds to 33, the sum is 1 kr. short.
    claims = [("A", Fraction(1)), ("B", Fraction(1)), ("C", Fraction(1))]
    assert split(Decimal(100), claims, RoundingMethod.nearest).total == 99
    assert split(Decimal(100), claims, RoundingMethod.largest_remainder).total == 100


def test_no_basis_at_all_is_an_error() -> None:
    with pytest.raises(AllocationError, match="sum to 0"):
        split(Decimal(100), [("A", Fraction(0))], RoundingMethod.nearest)


def test_largest_remainder_needs_a_pot_in_whole_units() -> None:
    with pytest.raises(AllocationError, match="whole number of rounding units"):
        split(Decimal("100.5"), [("A", Fraction(1))], RoundingMethod.largest_remainder)
