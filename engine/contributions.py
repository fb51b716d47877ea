"""What each contributor gives each klynge: the klynge cells of a result, each split on who pays it.

A rule with a row per klynge (``split_to: cluster``) holds each klynge's cell per pot, not who gives
it. A pot split on the regions by their key is given by the klynge's region: its contribution is the
cell itself. Any other pot is given by the klynge's kommuner, each by the indbyggertal it counts with
(the klynge row's ``parts``): København, weighted in two klynger, gives to both. The cells are read from
the result, never computed again; only their split on the contributors is made here, exactly, by the
allocation core. A rule with a row per kommune in each klynge already holds each contribution: a row.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from ..i18n import _
from .allocation import split
from .errors import UsageError
from .models import Rounding, RoundingMethod
from .plan import Grouping, Shape
from .result import Result, Row


@dataclass(frozen=True)
class Contribution:
    cluster: str  # klynge id, e.g. "hovedstaden-syd"
    cluster_name: str  # "Klynge Syd"
    region: str  # the klynge's region
    contributor: str  # a kommune's name ("København") or a region's name ("Region Hovedstaden")
    kind: str  # "municipality" or "region"
    pot: str  # pot id ("kommuner", "regioner")
    basis: Fraction  # the indbyggertal it is counted with (a region: the klynge's)
    exact: Fraction
    amount: Decimal  # rounded as the rule's rounding says


@dataclass(frozen=True)
class Gap:
    """A klynge's cell of a pot against what its contributions sum to. They differ only under ``nearest``,
    where each contribution and the cell are rounded on their own from their exact amounts."""

    cluster: str
    cluster_name: str
    region: str
    pot: str
    cell: Decimal
    summed: Decimal

    @property
    def difference(self) -> Decimal:
        """What the contributions give more (+) or less (−) than the cell."""
        return self.summed - self.cell


@dataclass(frozen=True)
class _Klynge:
    """The klynge a row stands for: what every contribution to it repeats."""

    id: str
    name: str
    region: str

    @classmethod
    def of(cls, row: Row) -> _Klynge:
        return cls(row.key.id, row.name, row.region or "")


def contributions(result: Result) -> list[Contribution]:
    """Every contributor's part of every klynge's cell, pot by pot, in row order: klynge by klynge
    (as the rows stand), within a klynge pot by pot (as the rule lists them), within a pot the kommuner
    (in the rows' order) and then the region. Raises ``UsageError`` for a rule without klynge cells."""
    grouping = result.plan.grouping
    if grouping is Grouping.by_region:
        return [c for row in klynge_rows(result) for c in _split_cells(result, row)]
    members = [row for row in result.rows if row.level == "municipality"]
    if grouping is Grouping.by_cluster and all(row.key.cluster for row in members):
        return list(_member_rows(result))
    message = _(
        "rule '{rule}' has no cell per klynge: its rows are kommuner that pay into one pool, so nothing is"
        " given to a single klynge (use --by member, or a rule with split_to: cluster or a pot per klynge)"
    )
    raise UsageError(message.format(rule=result.rule.id))


def klynge_rows(result: Result) -> list[Row]:
    """The klynger's own rows, in row order."""
    return [row for row in result.rows if row.key.level == "cluster"]


def gaps(result: Result, given: list[Contribution] | None = None) -> list[Gap]:
    """Each klynge cell whose contributions do not sum to it, klynge by klynge and pot by pot: none under
    ``largest_remainder``. ``given`` are the result's contributions, where the caller has them already."""
    summed: dict[tuple[str, str], Decimal] = {}
    for c in contributions(result) if given is None else given:
        summed[c.cluster, c.pot] = summed.get((c.cluster, c.pot), Decimal(0)) + c.amount
    found = []
    for row in klynge_rows(result):
        klynge = _Klynge.of(row)
        for pot in result.plan.pots:
            total = summed.get((klynge.id, pot.id), Decimal(0))
            if total != row.amounts[pot.id]:
                found.append(Gap(klynge.id, klynge.name, klynge.region, pot.id, row.amounts[pot.id], total))
    return found


def _split_cells(result: Result, row: Row) -> Iterator[Contribution]:
    """One klynge row's cells: a pot split by region key given by the region, any other by the kommuner."""
    klynge = _Klynge.of(row)
    for pot in result.plan.pots:
        exact, cell = row.exact[pot.id], row.amounts[pot.id]
        if pot.shape is Shape.by_region:
            yield Contribution(*_head(klynge), klynge.region, "region", pot.id, row.basis, exact, cell)
            continue
        for name, basis, part, amount in _shared(row.parts, exact, cell, result.rounding):
            yield Contribution(*_head(klynge), name, "municipality", pot.id, basis, part, amount)


def _head(klynge: _Klynge) -> tuple[str, str, str]:
    return klynge.id, klynge.name, klynge.region


def _shared(
    parts: tuple[tuple[str, Fraction], ...], exact: Fraction, cell: Decimal, rounding: Rounding
) -> list[tuple[str, Fraction, Fraction, Decimal]]:
    """A klynge's cell on its kommuner by their bases: each one's exact part of the exact cell, and its
    amount. Under largest remainder the ROUNDED cell is split, so the parts sum to it to the unit; under
    nearest each part is rounded on its own from its exact value, as the cell itself was."""
    if sum((basis for _, basis in parts), Fraction(0)) == 0:  # nobody to split by: nobody gives anything
        return [(name, basis, Fraction(0), Decimal(0)) for name, basis in parts]
    by_exact = split(exact, parts, RoundingMethod.nearest, rounding.unit, rounding.tie_break)
    amounts = by_exact.amounts
    if rounding.method is not RoundingMethod.nearest:
        amounts = split(Fraction(cell), parts, rounding.method, rounding.unit, rounding.tie_break).amounts
    return [
        (name, basis, quota, amount)
        for (name, basis), quota, amount in zip(parts, by_exact.quotas, amounts, strict=True)
    ]


def _member_rows(result: Result) -> Iterator[Contribution]:
    """A row per kommune in each klynge: each row is that kommune's contribution to its klynge, pot by pot."""
    members: dict[str, list[Row]] = {}
    for row in result.rows:
        if row.level == "municipality":
            members.setdefault(row.key.cluster, []).append(row)
    for head in klynge_rows(result):
        klynge = _Klynge.of(head)
        for pot in result.plan.pots:
            for row in members.get(klynge.id, []):
                basis, exact, amount = row.basis, row.exact[pot.id], row.amounts[pot.id]
                yield Contribution(*_head(klynge), row.name, "municipality", pot.id, basis, exact, amount)
