"""Computing a rule: resolve the claimants, split every pot (in one or two levels), and build
the rows: members, then region subtotals and the total.

Every cell is derived from an exact value (``Fraction``). Under ``nearest`` each cell is rounded
on its own, as published tables are; under ``largest_remainder`` a group is the sum of its
members and every pot's cells sum to the pot.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from .allocation import round_nearest, split
from .checks import check_dataset, check_rule
from .errors import InvalidInput
from .loader import Loaded, Workspace
from .members import Claimant, resolve
from .models import PopulationDataset, Pot, Rounding, RoundingMethod, Rule, Source


@dataclass(frozen=True)
class Row:
    """One output row: a municipality, a cluster, a region subtotal, or the total."""

    level: str
    name: str
    basis: Fraction
    share: Fraction
    amounts: dict[str, Decimal]
    exact: dict[str, Fraction] = field(default_factory=dict)
    region: str | None = None
    cluster: str | None = None
    reasons: tuple[str, ...] = ()

    @property
    def amount(self) -> Decimal:
        return sum(self.amounts.values(), Decimal(0))

    @property
    def label(self) -> str:
        """How the row is named in reports: a cluster with its region, since names repeat."""
        return f"{self.name} ({self.region})" if self.level == "cluster" else self.name


@dataclass(frozen=True)
class PotResult:
    """A pot and what its member cells add up to; ``difference`` is 0 unless rounded nearest."""

    id: str
    title: str
    amount: Decimal
    allocated: Decimal

    @property
    def difference(self) -> Decimal:
        return self.allocated - self.amount


@dataclass(frozen=True)
class Rate:
    """Kroner per inhabitant of one pot within one scope (a region, or everyone)."""

    pot: str
    scope: str
    amount: Fraction
    basis: Fraction

    @property
    def value(self) -> Fraction:
        return self.amount / self.basis


@dataclass(frozen=True)
class Result:
    rule: Rule
    dataset: PopulationDataset
    pots: list[PotResult]
    rows: list[Row]
    rates: list[Rate] = field(default_factory=list)

    @property
    def rounding(self) -> Rounding:
        return self.rule.rounding

    @property
    def source(self) -> Source:
        return self.rule.source

    @property
    def grouped(self) -> bool:
        return any(row.level == "region" for row in self.rows)


@dataclass(frozen=True)
class Claim:
    """What a pot is split over: a kommune or a klynge, with its region and basis."""

    key: str
    name: str
    region: str
    basis: Fraction
    cluster: str | None = None
    reasons: tuple[str, ...] = ()


@dataclass
class PotSplit:
    """One pot's cells: exact and rounded per claim and per region."""

    exact: dict[str, Fraction]
    amounts: dict[str, Decimal]
    region_exact: dict[str, Fraction]
    region_amounts: dict[str, Decimal]


def compute(loaded: Loaded[Rule], workspace: Workspace, *, check_data: bool = True) -> Result:
    """Check the rule (and, unless told not to, its dataset's stated totals), then split every pot.

    Raises ``InvalidInput``. ``klynge test`` computes with ``check_data=False`` so that it can name
    the cells a data change moves as well as the totals it breaks.
    """
    data = workspace.data()
    problems = check_rule(loaded, data)
    named = data.datasets.get(loaded.model.basis.dataset)
    if check_data and named is not None:
        problems += check_dataset(named)
    if problems:
        raise InvalidInput(problems)
    rule = loaded.model
    dataset = data.datasets[rule.basis.dataset].model
    claimants, _ = resolve(loaded, dataset, data.registries)
    pots, rows, rates = tabulate(rule, to_claims(claimants, rule.split_to))
    return Result(rule, dataset, pots, rows, rates)


def tabulate(rule: Rule, claims: list[Claim]) -> tuple[list[PotResult], list[Row], list[Rate]]:
    """Split every pot of ``rule`` over ``claims`` and lay out the rows, subtotals and rates."""
    splits = {pot.id: split_pot(pot, claims, rule.rounding) for pot in rule.pots}
    pots = [PotResult(p.id, p.title, p.amount, _sum(splits[p.id].amounts.values())) for p in rule.pots]
    return pots, _rows(rule, claims, splits), _rates(rule, claims, splits)


def to_claims(claimants: list[Claimant], split_to: str) -> list[Claim]:
    """One claim per kommune, or one per klynge holding the sum of its kommuner's bases."""
    if split_to == "municipality":
        return [
            Claim(c.municipality, c.municipality, c.region, c.basis, c.cluster.name if c.cluster else None, c.reasons)
            for c in claimants
        ]
    by_cluster: dict[str, Claim] = {}
    for c in claimants:
        assert c.cluster is not None
        old = by_cluster.get(c.cluster.id)
        basis = c.basis + (old.basis if old else 0)
        by_cluster[c.cluster.id] = Claim(c.cluster.id, c.cluster.name, c.region, basis, c.cluster.name)
    return list(by_cluster.values())


def split_pot(pot: Pot, claims: list[Claim], rounding: Rounding) -> PotSplit:
    """Split one pot over the claims, first on the regions by their key where the pot has one."""
    regions = list(dict.fromkeys(c.region for c in claims))
    if pot.by_region is None:
        cells = split(
            pot.amount, [(c.key, c.basis) for c in claims], rounding.method, rounding.unit, rounding.tie_break
        )
        quotas = dict(zip(cells.names, cells.quotas, strict=True))
        region_exact = {r: sum((quotas[c.key] for c in claims if c.region == r), Fraction(0)) for r in regions}
        return _finish(quotas, dict(zip(cells.names, cells.amounts, strict=True)), region_exact, claims, rounding)
    key_values: dict[str, Decimal] = {str(region): value for region, value in pot.by_region.key.items()}
    key = [(r, Fraction(key_values[r])) for r in regions]
    first = split(pot.amount, key, rounding.method, rounding.unit, rounding.tie_break)
    exact: dict[str, Fraction] = {}
    amounts: dict[str, Decimal] = {}
    for region, quota, rounded in zip(first.names, first.quotas, first.amounts, strict=True):
        # Nearest rounds every cell once from its exact value; largest remainder splits what the region got.
        level_pot = quota if rounding.method is RoundingMethod.nearest else Fraction(rounded)
        inside = [(c.key, c.basis) for c in claims if c.region == region]
        cells = split(level_pot, inside, rounding.method, rounding.unit, rounding.tie_break)
        exact.update(zip(cells.names, cells.quotas, strict=True))
        amounts.update(zip(cells.names, cells.amounts, strict=True))
    return _finish(exact, amounts, dict(zip(first.names, first.quotas, strict=True)), claims, rounding)


def _finish(
    exact: dict[str, Fraction],
    amounts: dict[str, Decimal],
    region_exact: dict[str, Fraction],
    claims: list[Claim],
    rounding: Rounding,
) -> PotSplit:
    if rounding.method is RoundingMethod.nearest:
        region_amounts = {r: round_nearest(v, rounding.unit) for r, v in region_exact.items()}
    else:
        region_amounts = {r: _sum(amounts[c.key] for c in claims if c.region == r) for r in region_exact}
    return PotSplit(exact, amounts, region_exact, region_amounts)


def _sum(values: Iterable[Decimal]) -> Decimal:
    return sum(values, Decimal(0))


def _rows(rule: Rule, claims: list[Claim], splits: dict[str, PotSplit]) -> list[Row]:
    total_basis = sum((c.basis for c in claims), Fraction(0))

    def member(c: Claim) -> Row:
        amounts = {p: s.amounts[c.key] for p, s in splits.items()}
        exact = {p: s.exact[c.key] for p, s in splits.items()}
        level = "cluster" if rule.split_to == "cluster" else "municipality"
        return Row(level, c.name, c.basis, c.basis / total_basis, amounts, exact, c.region, c.cluster, c.reasons)

    rows: list[Row] = []
    if rule.split_to == "municipality":
        rows = [member(c) for c in claims]
    for region in dict.fromkeys(c.region for c in claims) if rule.split_to == "cluster" else ():
        members = [c for c in claims if c.region == region]
        basis = sum((c.basis for c in members), Fraction(0))
        amounts = {p: s.region_amounts[region] for p, s in splits.items()}
        exact = {p: s.region_exact[region] for p, s in splits.items()}
        rows.append(Row("region", region, basis, basis / total_basis, amounts, exact, region))
        rows += [member(c) for c in members]
    return [*rows, _total(rule, splits, total_basis)]


def _total(rule: Rule, splits: dict[str, PotSplit], basis: Fraction) -> Row:
    exact = {p.id: Fraction(p.amount) for p in rule.pots}
    if rule.rounding.method is RoundingMethod.nearest:
        amounts = {p: round_nearest(v, rule.rounding.unit) for p, v in exact.items()}
    else:
        amounts = {p: _sum(s.amounts.values()) for p, s in splits.items()}
    return Row("total", "I alt", basis, Fraction(1), amounts, exact)


def _rates(rule: Rule, claims: list[Claim], splits: dict[str, PotSplit]) -> list[Rate]:
    total_basis = sum((c.basis for c in claims), Fraction(0))
    rates = []
    for pot in rule.pots:
        if pot.by_region is not None:
            for region, amount in splits[pot.id].region_exact.items():
                basis = sum((c.basis for c in claims if c.region == region), Fraction(0))
                rates.append(Rate(pot.id, region, amount, basis))
        rates.append(Rate(pot.id, "I alt", Fraction(pot.amount), total_basis))
    return rates
