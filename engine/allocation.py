"""The allocation core: split a pot among claims in proportion to their bases, exactly.

All arithmetic is on integers: bases are brought to a common denominator, and each claim's
exact quota (in rounding units) is ``pot * basis / total`` as an integer quotient and
remainder. Rounding happens once, here, by the declared method.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from math import lcm

from .models import RoundingMethod, TieBreak


class AllocationError(ValueError):
    """The split is impossible as declared (no basis at all, a pot not in whole units)."""


@dataclass(frozen=True)
class Split:
    """Amounts (in kr.) per claim, in the order the claims were given, and the exact quotas."""

    names: tuple[str, ...]
    amounts: tuple[Decimal, ...]
    quotas: tuple[Fraction, ...]

    @property
    def total(self) -> Decimal:
        return sum(self.amounts, Decimal(0))


def round_nearest(value: Fraction, unit: Decimal = Decimal(1)) -> Decimal:
    """``value`` rounded to the nearest multiple of ``unit``, halves away from zero."""
    units = value / Fraction(unit)
    whole = (abs(units.numerator) * 2 + units.denominator) // (2 * units.denominator)
    return Decimal(whole if units >= 0 else -whole) * unit


def split(
    pot: Decimal | Fraction,
    claims: Sequence[tuple[str, Fraction]],
    method: RoundingMethod,
    unit: Decimal = Decimal(1),
    tie_break: TieBreak = TieBreak.larger_basis_then_name,
) -> Split:
    """Split ``pot`` over ``claims`` (name, non-negative basis) and round by ``method``.

    Names must be unique: ties are broken by basis and name, never by position, so the order
    of the claims changes nobody's amount.
    """
    names = tuple(name for name, _ in claims)
    weights = _integer_weights([basis for _, basis in claims])
    total = sum(weights)
    if total <= 0:
        raise AllocationError("the members' bases sum to 0; there is nothing to split by")
    pot_units = Fraction(pot) / Fraction(unit)
    numer, denom = pot_units.numerator, pot_units.denominator * total
    floors, remainders = zip(*(divmod(numer * w, denom) for w in weights), strict=False) if weights else ((), ())
    if method is RoundingMethod.nearest:
        units = [f + (1 if 2 * r >= denom else 0) for f, r in zip(floors, remainders, strict=False)]
    else:
        if pot_units.denominator != 1:
            raise AllocationError(f"the pot {pot} is not a whole number of rounding units of {unit}")
        units = _largest_remainder(list(floors), remainders, weights, names, numer, tie_break)
    quotas = tuple(Fraction(numer * w, denom) * Fraction(unit) for w in weights)
    return Split(names, tuple(Decimal(u) * unit for u in units), quotas)


def _integer_weights(bases: Sequence[Fraction]) -> list[int]:
    for basis in bases:
        if basis < 0:
            raise AllocationError(f"a basis is negative ({basis})")
    common = lcm(*(Fraction(b).denominator for b in bases)) if bases else 1
    return [int(Fraction(b) * common) for b in bases]


def _largest_remainder(
    floors: list[int],
    remainders: Sequence[int],
    weights: Sequence[int],
    names: Sequence[str],
    pot_units: int,
    tie_break: TieBreak,
) -> list[int]:
    missing = pot_units - sum(floors)
    by_basis = tie_break is TieBreak.larger_basis_then_name

    def key(i: int) -> tuple[int, int, _Reversed]:
        return remainders[i], weights[i] if by_basis else 0, _Reversed(names[i])

    # Only claims with a remainder can receive a unit; there are always more of them than missing.
    candidates = [i for i, r in enumerate(remainders) if r]
    for index in heapq.nlargest(missing, candidates, key=key):
        floors[index] += 1
    return floors


class _Reversed:
    """Orders names backwards so that ``nlargest`` prefers the name that sorts first."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __lt__(self, other: _Reversed) -> bool:
        return self.name > other.name

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Reversed) and self.name == other.name
