"""The allocation core: split a pot among claims in proportion to their bases, exactly.

All arithmetic is on integers: bases are brought to a common denominator, and each claim's
exact quota (in rounding units) is ``pot * basis / total`` as an integer quotient and
remainder. Rounding happens once, here, by the declared method. The core is linear apart from
one sort of the remainders, so a million claims take about a second (``bench/run.py``).
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import cached_property
from math import lcm

from ..i18n import _
from .errors import KlyngeError
from .models import RoundingMethod, TieBreak


class AllocationError(KlyngeError, ValueError):
    """The split is impossible as declared (no basis at all, a pot not in whole units)."""


@dataclass(frozen=True)
class Split:
    """Amounts (in kr.) per claim, in the order the claims were given; exact quotas on demand."""

    names: tuple[str, ...]
    units: tuple[int, ...]  # each claim's amount in rounding units
    weights: tuple[int, ...]
    numerator: int  # pot in units, times the common denominator of the bases ...
    denominator: int  # ... over the sum of the integer weights
    unit: Decimal

    @cached_property
    def amounts(self) -> tuple[Decimal, ...]:
        """Each claim's amount in kr."""
        if self.unit == 1:
            return tuple(map(Decimal, self.units))
        return tuple(Decimal(u) * self.unit for u in self.units)

    @cached_property
    def quotas(self) -> tuple[Fraction, ...]:
        """Each claim's exact share of the pot, in kr."""
        unit = Fraction(self.unit)
        return tuple(Fraction(self.numerator * w, self.denominator) * unit for w in self.weights)

    @property
    def total(self) -> Decimal:
        return Decimal(sum(self.units)) * self.unit


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
    with _without_gc(len(claims)):
        names, bases = (tuple(column) for column in zip(*claims, strict=True)) if claims else ((), ())
        weights = _integer_weights(bases)
        total = sum(weights)
        if total <= 0:
            raise AllocationError(_("the members' bases sum to 0; there is nothing to split by"))
        pot_units = Fraction(pot) / Fraction(unit)
        numer, denom = pot_units.numerator, pot_units.denominator * total
        floors, remainders = _divide(numer, denom, weights)
        if method is RoundingMethod.nearest:
            units = [f + 1 if 2 * r >= denom else f for f, r in zip(floors, remainders, strict=True)]
        else:
            if pot_units.denominator != 1:
                message = _("the pot {amount} is not a whole number of rounding units of {unit}")
                raise AllocationError(message.format(amount=pot, unit=unit))
            units = _largest_remainder(floors, remainders, weights, names, numer, tie_break)
        return Split(names, tuple(units), tuple(weights), numer, denom, unit)


@contextmanager
def _without_gc(size: int) -> Iterator[None]:
    """Big splits build millions of small, acyclic objects; the cycle collector would only rescan them."""
    if size < 10_000 or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _divide(numer: int, denom: int, weights: list[int]) -> tuple[list[int], list[int]]:
    products = [numer * w for w in weights]
    return [p // denom for p in products], [p % denom for p in products]


def _integer_weights(bases: Sequence[Fraction]) -> list[int]:
    """The bases times their common denominator: integers in the same proportions."""
    try:
        numerators = [b.numerator for b in bases]
        denominators = [b.denominator for b in bases]
    except AttributeError:  # a Decimal or float basis: take it exactly as a fraction
        return _integer_weights([Fraction(b) for b in bases])
    if numerators and min(numerators) < 0:
        raise AllocationError(_("a basis is negative ({basis})").format(basis=min(numerators)))
    common = lcm(*set(denominators)) if denominators else 1
    if common == 1:
        return numerators
    return [n * (common // d) for n, d in zip(numerators, denominators, strict=True)]


def _largest_remainder(
    floors: list[int],
    remainders: list[int],
    weights: Sequence[int],
    names: Sequence[str],
    pot_units: int,
    tie_break: TieBreak,
) -> list[int]:
    """Every claim gets its floor; the units left go to the largest remainders, ties by the declared rule."""
    missing = pot_units - sum(floors)
    if missing <= 0:
        return floors
    # Only claims with a remainder can receive a unit; there are always more of them than missing.
    threshold = _kth_largest(remainders, missing)
    units = [f + 1 if r > threshold else f for f, r in zip(floors, remainders, strict=True)]
    tied = [i for i, r in enumerate(remainders) if r == threshold]
    by_basis = tie_break is TieBreak.larger_basis_then_name
    tied.sort(key=lambda i: (-weights[i] if by_basis else 0, names[i]))
    for index in tied[: missing - (sum(units) - sum(floors))]:
        units[index] += 1
    return units


def _kth_largest(values: list[int], k: int) -> int:
    """The k-th largest value in linear time: count values per bucket of their top bits, then sort
    only the one bucket that holds it (a full sort of a million remainders costs twice as much)."""
    shift = max(0, max(values).bit_length() - 16)
    counts = Counter(v >> shift for v in values)
    above = 0
    for bucket in sorted(counts, reverse=True):
        if above + counts[bucket] >= k:
            break
        above += counts[bucket]
    inside = sorted((v for v in values if v >> shift == bucket), reverse=True)
    return inside[k - above - 1]
