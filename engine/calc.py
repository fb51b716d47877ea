"""Computing a rule: settle its parameters, resolve the claimants, split every pot (in one or
two levels, or once per klynge), and build the rows with their group subtotals and the total.

Every cell is derived from an exact value (``Fraction``). Under ``nearest`` each cell is rounded
on its own, as published tables are; under ``largest_remainder`` a group is the sum of its
members and every pot's cells sum to the pot.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from .allocation import round_nearest, split
from .checks import check_dataset, check_rule
from .errors import InvalidInput
from .loader import Loaded
from .members import Claimant, resolve
from .models import Cluster, PopulationDataset, Pot, Rounding, RoundingMethod, Rule, Source
from .parameters import Setting, apply, co_chairs_of, settle
from .workspace import Workspace


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
    parts: tuple[tuple[str, Fraction], ...] = ()  # a klynge row's kommuner and their bases

    @property
    def amount(self) -> Decimal:
        return sum(self.amounts.values(), Decimal(0))

    @property
    def label(self) -> str:
        """How the row is named in reports: a cluster with its region, since names repeat."""
        if self.level == "cluster":
            return f"{self.name} ({self.region})"
        if self.level == "municipality" and self.cluster:
            return f"{self.name} ({self.cluster})"
        return self.name


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
    settings: list[Setting] = field(default_factory=list)
    clusters: list[Cluster] = field(default_factory=list)

    @property
    def rounding(self) -> Rounding:
        return self.rule.rounding

    @property
    def source(self) -> Source:
        return self.rule.source


@dataclass(frozen=True)
class Claim:
    """What a pot is split over: a kommune or a klynge, with its group (region or klynge) and basis."""

    key: str
    name: str
    region: str
    basis: Fraction
    cluster: str | None = None
    group: str = ""
    reasons: tuple[str, ...] = ()
    parts: tuple[tuple[str, Fraction], ...] = ()


@dataclass
class PotSplit:
    """One pot's cells: exact and rounded per claim and per group."""

    exact: dict[str, Fraction]
    amounts: dict[str, Decimal]
    group_exact: dict[str, Fraction]
    group_amounts: dict[str, Decimal]


def compute(
    loaded: Loaded[Rule], workspace: Workspace, *, check_data: bool = True, sets: dict[str, str] | None = None
) -> Result:
    """Settle the parameters, check the rule (and, unless told not to, its dataset's stated totals),
    then split every pot. Raises ``InvalidInput``, or ``MissingInput`` for a value nobody gave."""
    data = workspace.data()
    problems = check_rule(loaded, data, sets or {})
    if problems:
        raise InvalidInput(problems)
    settings = settle(loaded.model, data, sets or {})
    rule = apply(loaded.model, settings)
    named = data.datasets.get(rule.dataset_id)
    if check_data and named is not None and (problems := check_dataset(named)):
        raise InvalidInput(problems)
    concrete = Loaded(loaded.doc, rule)
    dataset = data.datasets[rule.dataset_id].model
    claimants, _ = resolve(concrete, dataset, data.registries, co_chairs_of(settings))  # raises MissingInput
    claimants = canonical(claimants, dataset)
    clusters = list({c.cluster.id: c.cluster for c in claimants if c.cluster is not None}.values())
    pots, rows, rates = tabulate(rule, to_claims(claimants, rule), len(clusters))
    return Result(rule, dataset, pots, rows, rates, list(settings.values()), clusters)


def canonical(claimants: list[Claimant], dataset: PopulationDataset) -> list[Claimant]:
    """Klynger in registry order, kommuner in the dataset's order (by code): the output does not
    depend on the order in which a rule lists its members."""
    place = {m.name: i for i, m in enumerate(dataset.municipalities)}
    clusters: dict[str, int] = {}
    for c in claimants:
        if c.cluster is not None:
            clusters.setdefault(c.cluster.id, len(clusters))
    return sorted(claimants, key=lambda c: (clusters.get(c.cluster.id, 0) if c.cluster else 0, place[c.municipality]))


def to_claims(claimants: list[Claimant], rule: Rule) -> list[Claim]:
    """One claim per klynge, per kommune in each klynge, or per kommune, as the rule splits."""
    if rule.split_to == "cluster":
        return _merge(claimants, lambda c: c.cluster.id if c.cluster else c.municipality, cluster_claim=True)
    if rule.per_cluster:
        return [
            Claim(
                f"{c.cluster.id}/{c.municipality}" if c.cluster else c.municipality,
                c.municipality,
                c.region,
                c.basis,
                c.cluster.name if c.cluster else None,
                c.cluster.id if c.cluster else "",
                c.reasons,
            )
            for c in claimants
        ]
    return _merge(claimants, lambda c: c.municipality, cluster_claim=False)


def _merge(claimants: list[Claimant], key: Callable[[Claimant], str], *, cluster_claim: bool) -> list[Claim]:
    """Sum the bases of claimants that share a key (a kommune in two klynger counts once, whole)."""
    merged: dict[str, Claim] = {}
    for c in claimants:
        k = key(c)
        old = merged.get(k)
        basis = c.basis + (old.basis if old else 0)
        name = c.cluster.name if cluster_claim and c.cluster else c.municipality
        cluster = c.cluster.name if cluster_claim and c.cluster else None
        reasons = (
            *(old.reasons if old else ()),
            *(f"{c.municipality}: {r}" if cluster_claim else r for r in c.reasons),
        )
        parts = (*(old.parts if old else ()), (c.municipality, c.basis)) if cluster_claim else ()
        merged[k] = Claim(k, name, c.region, basis, cluster, c.region, tuple(dict.fromkeys(reasons)), parts)
    return list(merged.values())


def tabulate(rule: Rule, claims: list[Claim], clusters: int = 1) -> tuple[list[PotResult], list[Row], list[Rate]]:
    """Split every pot of ``rule`` over ``claims`` and lay out the rows, subtotals and rates."""
    splits = {pot.id: split_pot(pot, claims, rule.rounding, clusters) for pot in rule.pots}
    pots = [
        PotResult(p.id, p.title, p.kroner * _times(p, clusters), _sum(splits[p.id].amounts.values())) for p in rule.pots
    ]
    return pots, _rows(rule, claims, splits), _rates(rule, claims, splits, clusters)


def _times(pot: Pot, clusters: int) -> int:
    return clusters if pot.for_each_cluster else 1


def split_pot(pot: Pot, claims: list[Claim], rounding: Rounding, clusters: int = 1) -> PotSplit:
    """Split one pot: per klynge, or first on the regions by their key, or over everyone at once."""
    groups = list(dict.fromkeys(c.group for c in claims))
    if pot.per_cluster:
        return _per_group(claims, groups, rounding, lambda group: Fraction(pot.kroner))
    if pot.by_region is None:
        total = Fraction(pot.kroner) * _times(pot, clusters)
        cells = split(total, [(c.key, c.basis) for c in claims], rounding.method, rounding.unit, rounding.tie_break)
        quotas = dict(zip(cells.names, cells.quotas, strict=True))
        group_exact = {g: sum((quotas[c.key] for c in claims if c.group == g), Fraction(0)) for g in groups}
        return _finish(quotas, dict(zip(cells.names, cells.amounts, strict=True)), group_exact, claims, rounding)
    key_values = {str(region): Fraction(value) for region, value in pot.by_region.key.items()}
    first = split(pot.kroner, [(g, key_values[g]) for g in groups], rounding.method, rounding.unit, rounding.tie_break)
    exact_of = dict(zip(first.names, first.quotas, strict=True))
    rounded_of = dict(zip(first.names, first.amounts, strict=True))
    # Nearest rounds every cell once from its exact value; largest remainder splits what the region got.
    nearest = rounding.method is RoundingMethod.nearest
    return _per_group(claims, groups, rounding, lambda g: exact_of[g] if nearest else Fraction(rounded_of[g]), exact_of)


def _per_group(
    claims: list[Claim],
    groups: list[str],
    rounding: Rounding,
    amount_of: Callable[[str], Fraction],
    group_exact: dict[str, Fraction] | None = None,
) -> PotSplit:
    exact: dict[str, Fraction] = {}
    amounts: dict[str, Decimal] = {}
    for group in groups:
        inside = [(c.key, c.basis) for c in claims if c.group == group]
        cells = split(amount_of(group), inside, rounding.method, rounding.unit, rounding.tie_break)
        exact.update(zip(cells.names, cells.quotas, strict=True))
        amounts.update(zip(cells.names, cells.amounts, strict=True))
    totals = group_exact or {g: amount_of(g) for g in groups}
    return _finish(exact, amounts, totals, claims, rounding)


def _finish(
    exact: dict[str, Fraction],
    amounts: dict[str, Decimal],
    group_exact: dict[str, Fraction],
    claims: list[Claim],
    rounding: Rounding,
) -> PotSplit:
    if rounding.method is RoundingMethod.nearest:
        group_amounts = {g: round_nearest(v, rounding.unit) for g, v in group_exact.items()}
    else:
        group_amounts = {g: _sum(amounts[c.key] for c in claims if c.group == g) for g in group_exact}
    return PotSplit(exact, amounts, group_exact, group_amounts)


def _sum(values: Iterable[Decimal]) -> Decimal:
    return sum(values, Decimal(0))


def _rows(rule: Rule, claims: list[Claim], splits: dict[str, PotSplit]) -> list[Row]:
    total_basis = sum((c.basis for c in claims), Fraction(0))
    level = "cluster" if rule.split_to == "cluster" else "municipality"

    group_basis: dict[str, Fraction] = {}
    for c in claims:
        group_basis[c.group] = group_basis.get(c.group, Fraction(0)) + c.basis

    def member(c: Claim) -> Row:
        amounts = {p: s.amounts[c.key] for p, s in splits.items()}
        exact = {p: s.exact[c.key] for p, s in splits.items()}
        # Within a klynge's own split, a kommune's share is of its klynge (København 48,0 % of Klynge Syd).
        share = c.basis / (group_basis[c.group] if rule.per_cluster else total_basis)
        return Row(level, c.name, c.basis, share, amounts, exact, c.region, c.cluster, c.reasons, c.parts)

    grouped = rule.split_to == "cluster" or rule.per_cluster
    rows: list[Row] = [] if grouped else [member(c) for c in claims]
    for group in dict.fromkeys(c.group for c in claims) if grouped else ():
        members = [c for c in claims if c.group == group]
        basis = sum((c.basis for c in members), Fraction(0))
        amounts = {p: s.group_amounts[group] for p, s in splits.items()}
        exact = {p: s.group_exact[group] for p, s in splits.items()}
        head = members[0]
        if rule.per_cluster:
            rows.append(Row("cluster", head.cluster or group, basis, basis / total_basis, amounts, exact, head.region))
        else:
            rows.append(Row("region", group, basis, basis / total_basis, amounts, exact, group))
        rows += [member(c) for c in members]
    return [*rows, _total(rule, splits, total_basis)]


def _total(rule: Rule, splits: dict[str, PotSplit], basis: Fraction) -> Row:
    exact = {p.id: _sum_fractions(splits[p.id].group_exact.values()) for p in rule.pots}
    if rule.rounding.method is RoundingMethod.nearest:
        amounts = {p: round_nearest(v, rule.rounding.unit) for p, v in exact.items()}
    else:
        amounts = {p: _sum(s.amounts.values()) for p, s in splits.items()}
    return Row("total", "I alt", basis, Fraction(1), amounts, exact)


def _sum_fractions(values: Iterable[Fraction]) -> Fraction:
    return sum(values, Fraction(0))


def _rates(rule: Rule, claims: list[Claim], splits: dict[str, PotSplit], clusters: int) -> list[Rate]:
    total_basis = sum((c.basis for c in claims), Fraction(0))
    rates = []
    for pot in rule.pots:
        if pot.by_region is not None or pot.per_cluster:
            for group, amount in splits[pot.id].group_exact.items():
                inside = [c for c in claims if c.group == group]
                scope = inside[0].cluster or group if pot.per_cluster else group
                rates.append(Rate(pot.id, scope, amount, sum((c.basis for c in inside), Fraction(0))))
        rates.append(Rate(pot.id, "I alt", Fraction(pot.kroner) * _times(pot, clusters), total_basis))
    return rates
