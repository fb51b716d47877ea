"""What the computation did for each cell, step by step, as it did it: ``explain`` prints this and
computes nothing itself, so what it shows cannot drift from the numbers in the table."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Literal


@dataclass(frozen=True)
class Quota:
    """``whole × basis / of_basis``: a share of an amount by indbyggertal, or by a key (the regions')."""

    scope: str  # what the whole is: the pot ('I alt'), a region, a klynge
    whole: Fraction
    basis: Fraction
    of_basis: Fraction
    by_key: bool = False
    to: str = ""  # what the share goes to, where a later step splits it on (a region)

    @property
    def exact(self) -> Fraction:
        return self.whole * self.basis / self.of_basis


Totals = Literal["exact", "sum"]


@dataclass(frozen=True)
class CellTrace:
    """One cell: a share (one step, or two for a pot split first on the regions), a klynge's own pot,
    or a sum of cells; its exact value and the amount it was rounded to.

    A cell that totals others (a region's or klynge's row, the total row, a row's I alt across the pots)
    says how it was made (``rounding.totals``): ``exact``, rounded from its own exact value, which may miss
    the sum of the rounded cells it totals by a unit; ``sum``, that sum. Nothing else tells the two apart
    afterwards, so the trace carries it."""

    kind: Literal["share", "own", "sum"]
    exact: Fraction
    amount: Decimal
    steps: tuple[Quota, ...] = ()
    totals: Totals | None = None  # None: a cell of its own, not a total
