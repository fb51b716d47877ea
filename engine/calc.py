"""Computing a rule: settle its parameters, resolve the claimants, split every pot (in one or
two levels, or once per klynge), and build the rows with their group subtotals and the total.

Every cell is derived from an exact value (``Fraction``). Under ``nearest`` each cell is rounded
on its own, as published tables are; a total (a group's row, the total row, a row's I alt across the
pots) is rounded from its own exact value too, or under ``rounding.totals: sum`` is the sum of the
rounded cells it totals. Under ``largest_remainder`` every pot's cells sum to the pot and every total
is a sum.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from fractions import Fraction

from .allocation import round_nearest, split
from .checks import check_rule
from .datachecks import check_dataset
from .errors import InvalidInput
from .loader import Loaded
from .members import Claimant, resolve
from .models import PayoutKey, PopulationDataset, Rounding, RoundingMethod, RoundingTotals, Rule
from .paramchecks import payout_tables
from .parameters import apply, co_chairs_of, per_cluster, settle
from .plan import Grouping, Plan, PotPlan, Shape, compile_rule
from .result import Claim, PotResult, PotSplit, Rate, Result, Row, RowKey
from .trace import CellTrace, Quota, Totals
from .workspace import Workspace


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
    rule = apply(loaded.model, settings, data.carry_overs)
    named = data.datasets.get(rule.dataset_id)
    if check_data and named is not None and (problems := check_dataset(named)):
        raise InvalidInput(problems)
    concrete = Loaded(loaded.doc, rule)
    dataset = data.datasets[rule.dataset_id].model
    claimants, _ = resolve(concrete, dataset, data.registries, co_chairs_of(settings))  # raises MissingInput
    claimants = canonical(claimants, dataset)
    clusters = list({c.cluster.id: c.cluster for c in claimants if c.cluster is not None}.values())
    ids = [c.id for c in clusters]
    keys = {k: v.model for k, v in data.region_keys.items()}
    plan = compile_rule(rule, ids, keys, per_cluster(loaded.model, settings, ids, data.carry_overs))
    if problems := payout_tables(loaded, data, settings, plan):
        raise InvalidInput(problems)
    pots, rows, rates = tabulate(plan, to_claims(claimants, plan))
    return Result(plan, dataset, pots, rows, rates, list(settings.values()), clusters, payouts(plan, claimants))


def payouts(plan: Plan, claimants: list[Claimant]) -> dict[str, dict[str, Decimal]]:
    """What each klynge's medformandskommune receives of a pool paid out by a key (pot id: klynge id: kr.),
    split exactly and rounded as the rule rounds, so that under largest remainder it sums to the pool."""
    rounding, out = plan.rule.rounding, {}
    for pot in plan.pots:
        if pot.payout is None or not pot.amounts:
            continue
        weights = list(_payout_weights(pot, claimants).items())
        cells = split(pot.total, weights, rounding.method, rounding.unit, rounding.tie_break)
        out[pot.id] = dict(zip(cells.names, cells.amounts, strict=True))
    return out


def _payout_weights(pot: PotPlan, claimants: list[Claimant]) -> dict[str, Fraction]:
    """Each klynge's weight under the pot's payout key; kommuner and indbyggertal as the rule counts them."""
    if pot.payout is PayoutKey.cost:
        return dict(pot.amounts)
    if pot.payout is PayoutKey.table:
        return {cluster: pot.table[cluster] for cluster in pot.amounts}
    if pot.payout is PayoutKey.equal:
        return dict.fromkeys(pot.amounts, Fraction(1))
    weights = dict.fromkeys(pot.amounts, Fraction(0))
    for c in claimants:
        if c.cluster is not None and c.cluster.id in weights:
            weights[c.cluster.id] += 1 if pot.payout is PayoutKey.members else c.basis
    return weights


def canonical(claimants: list[Claimant], dataset: PopulationDataset) -> list[Claimant]:
    """Klynger in registry order, kommuner in the dataset's order (by code): the output does not
    depend on the order in which a rule lists its members."""
    place = {m.name: i for i, m in enumerate(dataset.municipalities)}
    clusters: dict[str, int] = {}
    for c in claimants:
        if c.cluster is not None:
            clusters.setdefault(c.cluster.id, len(clusters))
    return sorted(claimants, key=lambda c: (clusters.get(c.cluster.id, 0) if c.cluster else 0, place[c.municipality]))


def to_claims(claimants: list[Claimant], plan: Plan) -> list[Claim]:
    """One claim per klynge, per kommune in each klynge, or per kommune, as the rule splits."""
    if plan.grouping is Grouping.by_region:
        return _merge(claimants, lambda c: c.cluster.id if c.cluster else c.municipality, cluster_claim=True)
    if plan.grouping is Grouping.by_cluster:
        return [
            Claim(
                f"{c.cluster.id}/{c.municipality}" if c.cluster else c.municipality,
                c.municipality,
                c.region,
                c.basis,
                c.cluster.name if c.cluster else None,
                c.cluster.id if c.cluster else "",
                c.reasons,
                row_key=RowKey("municipality", c.municipality, c.cluster.id if c.cluster else ""),
            )
            for c in claimants
        ]
    return _merge(claimants, lambda c: c.municipality, cluster_claim=False)


def _named_reasons(c: Claimant) -> tuple[str, ...]:
    """On a klynge's row a kommune's reasons read as one note, named once: 'København: ... ...'."""
    return (f"{c.municipality}: {' '.join(c.reasons)}",) if c.reasons else ()


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
            *(_named_reasons(c) if cluster_claim else c.reasons),
        )
        parts = (*(old.parts if old else ()), (c.municipality, c.basis)) if cluster_claim else ()
        row_key = RowKey("cluster" if cluster_claim else "municipality", k)
        counted_in = (*(old.counted_in if old else ()), *((c.cluster.name,) if c.cluster and not cluster_claim else ()))
        merged[k] = Claim(
            k, name, c.region, basis, cluster, c.region, tuple(dict.fromkeys(reasons)), parts, row_key, counted_in
        )
    return list(merged.values())


def tabulate(plan: Plan, claims: list[Claim]) -> tuple[list[PotResult], list[Row], list[Rate]]:
    """Split every pot of ``plan`` over ``claims`` and lay out the rows, subtotals and rates."""
    rounding = plan.rule.rounding
    splits = {pot.id: SPLITTERS[pot.shape](pot, claims, rounding) for pot in plan.pots}
    pots = [PotResult(p.id, p.title, p.total, _sum(splits[p.id].amounts.values())) for p in plan.pots]
    return pots, _rows(plan, claims, splits), _rates(plan, claims, splits)


def _groups(claims: list[Claim]) -> list[str]:
    return list(dict.fromkeys(c.group for c in claims))


def _split_pooled(pot: PotPlan, claims: list[Claim], rounding: Rounding) -> PotSplit:
    """One amount over every claimant at once."""
    total, everyone = Fraction(pot.total), sum((c.basis for c in claims), Fraction(0))
    shares = [(c.key, c.basis) for c in claims]
    cells = split(total, shares, rounding.method, rounding.unit, rounding.tie_break)
    quotas = dict(zip(cells.names, cells.quotas, strict=True))
    groups = {g: sum((c.basis for c in claims if c.group == g), Fraction(0)) for g in _groups(claims)}
    group_exact = {g: sum((quotas[c.key] for c in claims if c.group == g), Fraction(0)) for g in groups}
    done = _finish(quotas, dict(zip(cells.names, cells.amounts, strict=True)), group_exact, claims, rounding)
    done.steps = {c.key: (Quota(TOTAL, total, c.basis, everyone),) for c in claims}
    done.group_steps = {g: (Quota(TOTAL, total, basis, everyone),) for g, basis in groups.items()}
    return done


def _split_own(pot: PotPlan, claims: list[Claim], rounding: Rounding) -> PotSplit:
    """Each klynge's own amount over its own members."""
    done = _per_group(claims, _groups(claims), rounding, pot.amount_for)
    done.group_steps = dict.fromkeys(_groups(claims), ())
    return done


def _split_by_region(pot: PotPlan, claims: list[Claim], rounding: Rounding) -> PotSplit:
    """First on the regions by their key, then within each region by indbyggertal."""
    groups = _groups(claims)
    keys = [(g, pot.region_key[g]) for g in groups]
    first = split(pot.total, keys, rounding.method, rounding.unit, rounding.tie_break)
    exact_of = dict(zip(first.names, first.quotas, strict=True))
    rounded_of = dict(zip(first.names, first.amounts, strict=True))
    # Nearest rounds every cell once from its exact value; largest remainder splits what the region got.
    nearest = rounding.method is RoundingMethod.nearest
    done = _per_group(claims, groups, rounding, lambda g: exact_of[g] if nearest else Fraction(rounded_of[g]), exact_of)
    all_keys = sum((value for _, value in keys), Fraction(0))
    done.group_steps = {g: (Quota(TOTAL, Fraction(pot.total), value, all_keys, True, g),) for g, value in keys}
    done.steps = {c.key: (*done.group_steps[c.group], *done.steps[c.key]) for c in claims}
    return done


TOTAL = "I alt"

SPLITTERS: dict[Shape, Callable[[PotPlan, list[Claim], Rounding], PotSplit]] = {
    Shape.pooled: _split_pooled,
    Shape.per_cluster: _split_own,
    Shape.by_region: _split_by_region,
}


def _per_group(
    claims: list[Claim],
    groups: list[str],
    rounding: Rounding,
    amount_of: Callable[[str], Fraction],
    group_exact: dict[str, Fraction] | None = None,
) -> PotSplit:
    exact: dict[str, Fraction] = {}
    amounts: dict[str, Decimal] = {}
    steps: dict[str, tuple[Quota, ...]] = {}
    for group in groups:
        inside = [c for c in claims if c.group == group]
        whole, basis = amount_of(group), sum((c.basis for c in inside), Fraction(0))
        cells = split(whole, [(c.key, c.basis) for c in inside], rounding.method, rounding.unit, rounding.tie_break)
        exact.update(zip(cells.names, cells.quotas, strict=True))
        amounts.update(zip(cells.names, cells.amounts, strict=True))
        scope = group if inside[0].group == inside[0].region else inside[0].cluster or group  # a region, or a klynge
        steps.update({c.key: (Quota(scope, whole, c.basis, basis),) for c in inside})
    totals = group_exact or {g: amount_of(g) for g in groups}
    done = _finish(exact, amounts, totals, claims, rounding)
    done.steps = steps
    return done


def _finish(
    exact: dict[str, Fraction],
    amounts: dict[str, Decimal],
    group_exact: dict[str, Fraction],
    claims: list[Claim],
    rounding: Rounding,
) -> PotSplit:
    if rounding.convention is RoundingTotals.exact:
        group_amounts = {g: round_nearest(v, rounding.unit) for g, v in group_exact.items()}
    else:
        group_amounts = {g: _sum(amounts[c.key] for c in claims if c.group == g) for g in group_exact}
    return PotSplit(exact, amounts, group_exact, group_amounts, totals=_made(rounding))


def _made(rounding: Rounding) -> Totals:
    return "exact" if rounding.convention is RoundingTotals.exact else "sum"


def _across(amounts: dict[str, Decimal], exact: dict[str, Fraction], rounding: Rounding) -> CellTrace:
    """A row's I alt across its pots, made as the rule's totals are: from the exact sum, or the cells' sum."""
    whole = _sum_fractions(exact.values())
    if rounding.convention is RoundingTotals.exact:
        return CellTrace("sum", whole, round_nearest(whole, rounding.unit), totals="exact")
    return CellTrace("sum", whole, _sum(amounts.values()), totals="sum")


def _sum(values: Iterable[Decimal]) -> Decimal:
    return sum(values, Decimal(0))


def _rows(plan: Plan, claims: list[Claim], splits: dict[str, PotSplit]) -> list[Row]:
    total_basis = sum((c.basis for c in claims), Fraction(0))
    within, rounding = plan.grouping is Grouping.by_cluster, plan.rule.rounding
    group_basis: dict[str, Fraction] = {}
    for c in claims:
        group_basis[c.group] = group_basis.get(c.group, Fraction(0)) + c.basis

    def member(c: Claim) -> Row:
        amounts = {p: s.amounts[c.key] for p, s in splits.items()}
        exact = {p: s.exact[c.key] for p, s in splits.items()}
        # Within a klynge's own split, a kommune's share is of its klynge (København 48,0 % of Klynge Syd).
        share = c.basis / (group_basis[c.group] if within else total_basis)
        key = c.key_as(plan.member_level)
        trace = {p: s.trace(c.key) for p, s in splits.items()}
        place = (c.region, c.cluster, c.reasons, c.parts)
        total = _across(amounts, exact, rounding)
        return Row(key.level, c.name, c.basis, share, amounts, exact, *place, key, trace, total, c.counted_in)

    if plan.grouping is Grouping.none:
        return [*(member(c) for c in claims), _total(plan, splits, total_basis)]
    rows: list[Row] = []
    for group in _groups(claims):
        members = [c for c in claims if c.group == group]
        rows += [_group_row(plan, group, members[0], (group_basis[group], total_basis), splits)]
        rows += [member(c) for c in members]
    return [*rows, _total(plan, splits, total_basis)]


def _group_row(
    plan: Plan, group: str, head: Claim, bases: tuple[Fraction, Fraction], splits: dict[str, PotSplit]
) -> Row:
    """A klynge's row over its kommuner (a split within klynger), or a region's over its klynger;
    ``bases`` is the group's basis and everyone's."""
    basis, share = bases[0], bases[0] / bases[1]
    amounts = {p: s.group_amounts[group] for p, s in splits.items()}
    exact = {p: s.group_exact[group] for p, s in splits.items()}
    trace = {p: s.group_trace(group) for p, s in splits.items()}
    total = _across(amounts, exact, plan.rule.rounding)
    if plan.grouping is Grouping.by_cluster:
        name, key = head.cluster or group, RowKey("cluster", group)
        return Row("cluster", name, basis, share, amounts, exact, head.region, key=key, trace=trace, total=total)
    key = RowKey("region", group)
    return Row("region", group, basis, share, amounts, exact, group, key=key, trace=trace, total=total)


def _total(plan: Plan, splits: dict[str, PotSplit], basis: Fraction) -> Row:
    exact = {p.id: _sum_fractions(splits[p.id].group_exact.values()) for p in plan.pots}
    rounding = plan.rule.rounding
    if rounding.convention is RoundingTotals.exact:
        amounts = {p: round_nearest(v, rounding.unit) for p, v in exact.items()}
    else:
        amounts = {p: _sum(s.amounts.values()) for p, s in splits.items()}
    trace = {p: CellTrace("sum", exact[p], amounts[p], totals=_made(rounding)) for p in exact}
    total = _across(amounts, exact, rounding)
    return Row("total", TOTAL, basis, Fraction(1), amounts, exact, key=RowKey("total", ""), trace=trace, total=total)


def _sum_fractions(values: Iterable[Fraction]) -> Fraction:
    return sum(values, Fraction(0))


def _rates(plan: Plan, claims: list[Claim], splits: dict[str, PotSplit]) -> list[Rate]:
    total_basis = sum((c.basis for c in claims), Fraction(0))
    rates = []
    for pot in plan.pots:
        if pot.shape is not Shape.pooled:
            for group, amount in splits[pot.id].group_exact.items():
                inside = [c for c in claims if c.group == group]
                scope = inside[0].cluster or group if pot.shape is Shape.per_cluster else group
                basis = sum((c.basis for c in inside), Fraction(0))
                rates.append(Rate(pot.id, scope, amount, basis, inside[0].region))
        rates.append(Rate(pot.id, "I alt", Fraction(pot.total), total_basis))
    return rates
