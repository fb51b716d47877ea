"""``klynge explain``: the trail behind one row of a result, every number with its source.

For a kommune: its indbyggertal (the dataset's figure, or the override and why), its weight and
why, the pot, the formula with the actual numbers, the rounding, and where each input is written
(document, dataset, file and line). For a klynge or region: the members that make up its basis.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from ..engine import danish
from ..engine.errors import UsageError, display_path
from ..engine.ledgermodels import CarriedRef
from ..engine.loader import Loaded
from ..engine.members import memberships
from ..engine.models import ClusterRegistry, Member, Pot, RoundingMethod, RoundingTotals, Rule, Selection
from ..engine.plan import PotPlan, Shape
from ..engine.result import Result, Row
from ..engine.trace import Quota
from ..engine.workspace import Data
from ..i18n import _
from .machine import cite


@dataclass(frozen=True)
class Context:
    loaded: Loaded[Rule]
    data: Data
    result: Result


def find_row(result: Result, name: str) -> Row:
    """The row called ``name`` (or with that label); an ambiguous name lists the candidates."""
    exact = [row for row in result.rows if row.label == name]
    if len(exact) == 1:
        return exact[0]
    named = [row for row in result.rows if row.name == name]
    if len(named) == 1:
        return named[0]
    if len(named) > 1:
        labels = "; ".join(f"'{row.label}'" for row in named)
        message = _("'{name}' names {count} rows: {labels}. Give the one you mean in full, e.g. '{example}'")
        raise UsageError(message.format(name=name, count=len(named), labels=labels, example=named[0].label))
    close = sorted({row.label for row in result.rows if name.lower() in row.label.lower()})
    if not close:
        import difflib

        close = difflib.get_close_matches(
            name, [row.label for row in result.rows] + [row.name for row in result.rows], n=3
        )
    hint = _("; did you mean {names}?").format(names=", ".join(close[:5])) if close else ""
    raise UsageError(_("no row '{name}' in {rule}{hint}").format(name=name, rule=result.rule.id, hint=hint))


def explain(context: Context, name: str, pot_id: str | None = None) -> list[str]:
    result = context.result
    row = find_row(result, name)
    pots = [p for p in result.rule.pots if pot_id in (None, p.id)]
    if not pots:
        known = ", ".join(p.id for p in result.rule.pots)
        raise UsageError(
            _("no pot '{pot}' in {rule} (pots: {known})").format(pot=pot_id, rule=result.rule.id, known=known)
        )
    lines = [
        _("{row} in {rule}: {title}").format(row=row.label, rule=result.rule.id, title=result.rule.title),
        _("Source: {source}").format(source=cite(result.source)),
        "",
    ]
    if row.level == "municipality":
        lines += _basis_lines(context, row)
    else:
        lines += _members_lines(result, row)
    for pot in pots:
        lines += ["", *_pot_lines(context, row, pot)]
    if len(pots) > 1:
        lines += ["", total_line(row)]
    return lines


def total_line(row: Row) -> str:
    """The row's I alt across its pots, made as the rule's ``rounding.totals`` says."""
    total = row.total
    if total is None:  # a row made by hand, not by calc: its I alt is the sum of its cells
        return _("I alt: {amount} kr.").format(amount=danish.kroner(row.amount))
    if total.totals == "sum":
        parts = " + ".join(danish.kroner(amount) for amount in row.amounts.values())
        line = _("I alt: {parts} = {amount} kr., the sum of the rounded amounts (rounding.totals: sum)")
        return line.format(parts=parts, amount=danish.kroner(total.amount))
    parts = " + ".join(danish.number(exact, 2) for exact in row.exact.values())
    line = _("I alt: {parts} = {exact} → {amount} kr., rounded from its exact amount (rounding.totals: exact)")
    return line.format(parts=parts, exact=danish.number(total.exact, 2), amount=danish.kroner(total.amount))


def _basis_lines(context: Context, row: Row) -> list[str]:
    """Where the kommune's indbyggertal comes from: dataset, override, weight, registry."""
    result, loaded = context.result, context.loaded
    dataset = context.data.datasets[result.dataset.id]  # the dataset the result was computed on
    index = next(i for i, m in enumerate(dataset.model.municipalities) if m.name == row.name)
    population = dataset.model.municipalities[index].population
    model = dataset.model
    where = dataset.doc.cite(("municipalities", index))
    line = _("Indbyggertal in the dataset: {basis} ({dataset}, {period}; {source}; {where})")
    lines = [
        line.format(
            basis=danish.basis(population),
            dataset=model.id,
            period=model.period,
            source=cite(model.source),
            where=where,
        )
    ]
    override, path = _override(context, row)
    if override is not None and path is not None:
        if override.basis is not None:
            where = loaded.doc.cite((*path, "basis"))
            line = _("Basis replaced: {basis}, because: {reason} ({where})")
            lines.append(line.format(basis=danish.basis(override.basis), reason=override.basis_reason, where=where))
            if override.basis_source:
                lines.append(_("  source: {source}").format(source=cite(override.basis_source)))
        if override.weight is not None:
            where = loaded.doc.cite((*path, "weight"))
            line = _("Weight {weight}, because: {reason} ({where})")
            lines.append(line.format(weight=danish.exact(override.weight), reason=override.weight_reason, where=where))
    else:
        lines += _registry_lines(context, row)
    lines.append(_("Indbyggertal that counts: {basis}").format(basis=danish.basis(row.basis)))
    return lines


def _override(context: Context, row: Row) -> tuple[Member | None, tuple[str | int, ...] | None]:
    """The rule's own statement about this kommune (in this klynge), if it makes one."""
    members = context.loaded.model.members
    listed = members.overrides if isinstance(members, Selection) else members
    at = ("members", "overrides") if isinstance(members, Selection) else ("members",)
    for scope in (_cluster_id(context, row), None):
        for index, member in enumerate(listed):
            if member.municipality == row.name and member.cluster == scope:
                return member, (*at, index)
    return None, None


def _cluster_id(context: Context, row: Row) -> str | None:
    members = context.loaded.model.members
    if row.cluster is None or not isinstance(members, Selection) or members.registry not in context.data.registries:
        return None
    entries = memberships(context.data.registries[members.registry].model)
    return next((e.cluster.id for e in entries if e.cluster.name == row.cluster and e.region == row.region), None)


def _registry_lines(context: Context, row: Row) -> list[str]:
    members = context.loaded.model.members
    if not isinstance(members, Selection) or members.registry not in context.data.registries:
        return []
    registry: Loaded[ClusterRegistry] = context.data.registries[members.registry]
    lines = []
    for entry in memberships(registry.model):
        if entry.member.municipality != row.name or (row.cluster and entry.cluster.name != row.cluster):
            continue
        weight = (
            _(", weight {weight}").format(weight=danish.exact(entry.member.weight))
            if entry.member.weight is not None
            else ""
        )
        reason = f": {entry.member.weight_reason}" if entry.member.weight_reason else ""
        kind = entry.member.participation.value
        where = registry.doc.cite(entry.path)
        line = _("Member of {cluster} ({region}), participation {kind}{weight}{reason} ({where})")
        lines.append(
            line.format(
                cluster=entry.cluster.name, region=entry.region, kind=kind, weight=weight, reason=reason, where=where
            )
        )
    return lines


def _members_lines(result: Result, row: Row) -> list[str]:
    """A klynge's or region's basis and amount are its members' sums."""
    if row.level == "total":
        inside = [r for r in result.rows if r.level in ("municipality", "cluster") and r is not row]
    elif row.level == "region":
        inside = [r for r in result.rows if r.level == "cluster" and r.region == row.region]
    else:
        inside = [
            r for r in result.rows if r.level == "municipality" and r.cluster == row.name and r.region == row.region
        ]
    if row.parts:  # a klynge row of a split to klynger: its kommuner are not rows of their own
        line = _("{row}: indbyggertal {basis} = the sum of {count} kommuner:")
        lines = [line.format(row=row.label, basis=danish.basis(row.basis), count=len(row.parts))]
        return lines + [f"  {name}: {danish.basis(basis)}" for name, basis in row.parts]
    line = _("{row}: indbyggertal {basis} = the sum of {count} members:")
    lines = [line.format(row=row.label, basis=danish.basis(row.basis), count=len(inside))]
    lines += [f"  {r.label}: {danish.basis(r.basis)} → {danish.kroner(r.amount)} kr." for r in inside]
    return lines


def _pot_lines(context: Context, row: Row, pot: Pot) -> list[str]:
    result, loaded = context.result, context.loaded
    index = next(i for i, p in enumerate(loaded.model.pots) if p.id == pot.id)
    written = loaded.model.pots[index].amount  # as in the file: a number, or a parameter reference
    setting = next((s for s in result.settings if s.parameter.name == getattr(written, "parameter", None)), None)
    amount: Decimal = pot.kroner
    origin = loaded.doc.cite(("pots", index, "amount"))
    if setting:
        cluster = _klynge_of(row)
        amount, given = setting.for_cluster(cluster)
        named = f"{setting.parameter.name}.{cluster}" if cluster in setting.clusters else setting.parameter.name
        origin = f"parameter {named}, {given}"
    if isinstance(written, CarriedRef):
        amount, origin = _carried(context, row, pot, written)
    line = _("Pot '{pot}': {amount} kr. ({origin}; {source})")
    lines = [line.format(pot=pot.title, amount=danish.kroner(amount), origin=origin, source=cite(pot.source))]
    lines += _pool_line(result, result.plan.pot(pot.id))
    lines += formula(row, result.plan.pot(pot.id))
    lines.append(rounding_line(result))
    return lines


def _carried(context: Context, row: Row, pot: Pot, written: CarriedRef) -> tuple[Decimal, str]:
    """A pot of carried funds: the klynge's own carried sum (or the file's), and the file it is read from."""
    carried = context.data.carry_overs[written.carried]
    plan = context.result.plan.pot(pot.id)
    own = plan.amount_for(_klynge_of(row))
    amount = Decimal(own.numerator) / Decimal(own.denominator) if plan.amounts else pot.kroner
    origin = _("carried funds in {id}, {path}; from the regnskab of {rule}, ledger {ledger}").format(
        id=written.carried,
        path=display_path(carried.doc.path),
        rule=carried.model.source.rule,
        ledger=carried.model.source.ledger,
    )
    return amount, origin


def _klynge_of(row: Row) -> str:
    """The id of the klynge whose own amount a row's cell of a pot per klynge is made from ('' for none)."""
    return row.key.id if row.key.level == "cluster" else row.key.cluster


def _pool_line(result: Result, pot: PotPlan) -> list[str]:
    """A pool of amounts per klynge that are not all the same: what each klynge puts in."""
    if pot.shape is not Shape.pooled or not pot.differs_per_cluster:
        return []
    names = {c.id: c.name for c in result.clusters}
    each = " + ".join(f"{danish.kroner(a)} ({names.get(c, c)})" for c, a in pot.amounts.items())
    line = _("The pool, each klynge's own amount: {each} = {total} kr.")
    return [line.format(each=each, total=danish.kroner(pot.total))]


def rounding_line(result: Result) -> str:
    rounding = result.rounding
    method, unit = rounding.method.value, rounding.unit
    whole = _("krone") if unit == 1 else f"{danish.kroner(unit)} kr."
    if rounding.method is RoundingMethod.largest_remainder:
        rule = _("largest remainder: the amounts sum to the pot")
    elif rounding.convention is RoundingTotals.sum:
        method += f", totals: {rounding.convention.value}"  # as the rule file writes it
        rule = _("each amount rounded on its own to the nearest {unit}; totals are sums of the rounded amounts")
    else:
        method += f", totals: {rounding.convention.value}"
        rule = _("each amount rounded on its own to the nearest {unit}, totals too, each from its exact amount")
    return _("Rounding: {method} ({rule}), unit {unit} kr.").format(
        method=method, rule=rule.format(unit=whole), unit=danish.kroner(unit)
    )


def formula(row: Row, pot: PotPlan) -> list[str]:
    """The steps the computation took for the row's cell of ``pot`` (engine/trace.py), with real numbers."""
    cell = row.trace[pot.id]
    result = f"{danish.number(cell.exact, 2)} → {danish.kroner(cell.amount)}"
    if cell.totals == "sum":  # a total made as the sum of its cells, not by rounding its exact amount
        line = _("{exact}; the sum of its members' rounded amounts: {amount}")
        result = line.format(exact=danish.number(cell.exact, 2), amount=danish.kroner(cell.amount))
    if cell.kind == "own":
        line = _("{row} pays its own secretariat: {amount} kr. (the pot per klynge)")
        each = pot.amount_for(_klynge_of(row))
        own = [line.format(row=row.label, amount=danish.kroner(each))]
        if Fraction(cell.amount) == each:
            return own
        line = _("{row}: {amount} kr., the sum of its members' rounded amounts")
        return [*own, line.format(row=row.label, amount=danish.kroner(cell.amount))]
    if cell.kind == "sum":
        return [_total_cell(cell.exact, cell.amount, cell.totals)]
    *before, last = cell.steps
    steps = [
        f"{n}. {step.to}: {_quota(step)} = {danish.number(step.exact, 2)}{_key(pot)}"
        for n, step in enumerate(before, 1)
    ]
    if last.by_key:
        return [f"{row.label}: {_quota(last)} = {result}{_key(pot)}"]
    label = f"{len(steps) + 1}. {row.label}" if steps else row.label if row.level == "region" else _("Calculation")
    return [*steps, f"{label}: {_quota(last)} = {result}"]


def _total_cell(exact: Fraction, amount: Decimal, totals: str | None) -> str:
    if totals == "sum":
        line = _("{amount} kr., the sum of the rounded amounts (exact {exact})")
    else:
        line = _("{amount} kr., rounded on its own from the exact {exact}")
    return line.format(amount=danish.kroner(amount), exact=danish.number(exact, 2))


def _quota(step: Quota) -> str:
    if step.by_key:
        return f"{danish.kroner(step.whole)} × {danish.kroner(step.basis)} / {danish.kroner(step.of_basis)}"
    return f"{_number(step.whole)} × {danish.basis(step.basis)} / {danish.basis(step.of_basis)}"


def _key(pot: PotPlan) -> str:
    if pot.key_data is not None:  # a region key file: named with its period, as a dataset is
        line = _(" (key: {key}, {period}; {source})")
        return line.format(key=pot.key_data.id, period=pot.key_data.period, source=cite(pot.key_data.source))
    return _(" (key: {source})").format(source=cite(pot.key_source)) if pot.key_source else ""


def _number(value: Fraction) -> str:
    return danish.kroner(value) if value.denominator == 1 else danish.number(value, 2)
