"""Checks of a rule that its schema cannot express: its parameters, members, pots, columns and
rounding, and the data it names. Each returns every Problem it finds. The data files' own checks are
in datachecks.py, the parameters' in paramchecks.py."""

from __future__ import annotations

from ..i18n import _
from . import danish
from .datachecks import check_registry
from .errors import MissingInput, Problem, did_you_mean, joined
from .ledgermodels import CarriedRef
from .loader import Loaded
from .members import Claimant, resolve
from .models import (
    PopulationDataset,
    RoundingMethod,
    RoundingTotals,
    Rule,
    Selection,
)
from .paramchecks import parameter_refs, parameter_values
from .parameters import apply, settle
from .plan import Grouping, Plan, Shape, check_shapes, compile_rule
from .regions import check_rule_data
from .workspace import Data


def check_rule(loaded: Loaded[Rule], data: Data, sets: dict[str, str] | None = None) -> list[Problem]:
    """Every problem of a rule that its schema cannot see, including those of the data it names."""
    problems = parameter_refs(loaded) + parameter_values(loaded, data, sets or {}) + _carried_refs(loaded, data)
    if problems:
        return problems
    try:
        loaded = Loaded(loaded.doc, apply(loaded.model, settle(loaded.model, data, sets or {}), data.carry_overs))
    except MissingInput:
        return []  # a value nobody gave yet: computing says which and how to give it
    doc, rule = loaded.doc, loaded.model
    dataset = data.datasets.get(rule.dataset_id)
    problems = _unique_pots(loaded) + _columns(loaded) + _deviations(loaded)
    if rule.rounding.method is RoundingMethod.largest_remainder:
        problems += _whole_units(loaded) + _totals_are_sums(loaded)
    problems += check_shapes(loaded)
    if dataset is None:
        known = ", ".join(sorted(data.datasets)) or _("none found")
        hint = did_you_mean(rule.dataset_id, list(data.datasets)) or _("known datasets: {names}").format(names=known)
        message = _("unknown dataset '{dataset}'").format(dataset=rule.dataset_id)
        return problems + [doc.problem(("basis", "dataset"), message, hint, check="unknown-dataset")]
    claimants, member_problems = resolve(loaded, dataset.model, data.registries)
    problems += member_problems
    if isinstance(rule.members, Selection) and rule.members.registry in data.registries:
        problems += check_registry(data.registries[rule.members.registry])
    between = check_rule_data(loaded, data, dataset)
    if claimants and not any(p.check == "unknown-region-key" for p in between):
        problems += _claims(loaded, claimants, dataset.model, data)
    return problems + between


def _carried_refs(loaded: Loaded[Rule], data: Data) -> list[Problem]:
    """A pot of carried funds names a carry_over file that exists."""
    problems = []
    for index, pot in enumerate(loaded.model.pots):
        if isinstance(pot.amount, CarriedRef) and pot.amount.carried not in data.carry_overs:
            known = ", ".join(sorted(data.carry_overs)) or _("none found")
            name = pot.amount.carried
            hint = did_you_mean(name, list(data.carry_overs)) or _("known carry_over files: {ids}").format(ids=known)
            message = _("unknown carry_over file '{id}'").format(id=name)
            at = ("pots", index, "amount", "carried")
            problems.append(loaded.doc.problem(at, message, hint, check="unknown-carry-over"))
    return problems


def _deviations(loaded: Loaded[Rule]) -> list[Problem]:
    """A published cell is declared at most once."""
    problems = []
    for t, table in enumerate(loaded.model.published):
        seen: dict[tuple[str, str], int] = {}
        for d, deviation in enumerate(table.deviations):
            at = ("published", t, "deviations", d)
            cell = (deviation.row, deviation.column)
            if cell in seen:
                first = loaded.doc.where(("published", t, "deviations", seen[cell]))[0]
                message = _("deviation for {row}, {column} is declared twice (first on line {line})").format(
                    row=cell[0], column=cell[1], line=first
                )
                problems.append(loaded.doc.problem(at, message, check="deviation-twice"))
            seen.setdefault(cell, d)
    return problems


def _claims(loaded: Loaded[Rule], claimants: list[Claimant], dataset: PopulationDataset, data: Data) -> list[Problem]:
    """The split itself must be possible: something to split by, a key for every region, no kommune twice."""
    doc, rule = loaded.doc, loaded.model
    problems = []
    if sum(c.basis for c in claimants) == 0:
        message = _("the members' bases sum to 0; there is nothing to split by")
        problems.append(doc.problem(("members",), message, check="nothing-to-split"))
    plan = compile_rule(rule, keys={k: v.model for k, v in data.region_keys.items()})
    if plan.grouping is Grouping.by_cluster:
        bases: dict[str, list[Claimant]] = {}  # by klynge id: two klynger may share a name
        for c in claimants:
            bases.setdefault(c.cluster.id if c.cluster else "", []).append(c)
        for inside in bases.values():
            if sum(c.basis for c in inside) == 0:
                name = inside[0].cluster.name if inside[0].cluster else ""
                message = _("the kommuner of {cluster} have no inhabitants between them to split its pot by").format(
                    cluster=name
                )
                problems.append(doc.problem(("members",), message, check="nothing-to-split"))
    problems += _region_splits(loaded, plan, claimants)
    if plan.grouping is Grouping.none:
        problems += _counted_once(loaded, claimants, dataset)
    return problems


def _region_splits(loaded: Loaded[Rule], plan: Plan, claimants: list[Claimant]) -> list[Problem]:
    """Each by_region pot has a key value for every region of the members, and inhabitants to split by there."""
    doc = loaded.doc
    regions = list(dict.fromkeys(c.region for c in claimants))
    empty = [r for r in regions if sum(c.basis for c in claimants if c.region == r) == 0]
    problems = []
    for index, pot in enumerate(plan.pots):
        if pot.shape is not Shape.by_region:
            continue
        missing = [r for r in regions if r not in pot.region_key]
        if missing and pot.key_data is not None:
            message = _("pot '{pot}': region key {key} has no value for {regions}").format(
                pot=pot.id, key=pot.key_data.id, regions=", ".join(missing)
            )
            problems.append(doc.problem(("pots", index, "by_region", "key"), message, check="region-key-missing"))
        elif missing:
            message = _("pot '{pot}': by_region.key has no value for {regions}").format(
                pot=pot.id, regions=", ".join(missing)
            )
            problems.append(doc.problem(("pots", index, "by_region", "key"), message, check="region-key-missing"))
        if empty:
            message = _("pot '{pot}': {regions} has no inhabitants to split its share by").format(
                pot=pot.id, regions=", ".join(empty)
            )
            problems.append(doc.problem(("pots", index, "by_region"), message, check="nothing-to-split"))
    return problems


def _counted_once(loaded: Loaded[Rule], claimants: list[Claimant], dataset: PopulationDataset) -> list[Problem]:
    """A kommune selected in several klynger counts once: its bases there may not exceed its population."""
    population = {m.name: m.population for m in dataset.municipalities}
    totals: dict[str, list[Claimant]] = {}
    for c in claimants:
        totals.setdefault(c.municipality, []).append(c)
    problems = []
    for name, parts in totals.items():
        counted = sum(c.basis for c in parts)
        if len(parts) > 1 and counted > population[name]:
            where = joined([c.cluster.name for c in parts if c.cluster])
            message = _("{kommune} counts with {counted}, more than its population {population}: it is in {clusters}")
            message = message.format(
                kommune=name, counted=danish.basis(counted), population=danish.basis(population[name]), clusters=where
            )
            hint = _("use weights, or participation: contributing")
            problems.append(loaded.doc.problem(("members",), message, hint, check="counted-once"))
    return problems


VALUE_COLUMNS = ("amount", "basis", "share_percent")


def _columns(loaded: Loaded[Rule]) -> list[Problem]:
    """Published tables and expectations may only name pots and the known value columns."""
    rule = loaded.model
    allowed = [*VALUE_COLUMNS, *(p.id for p in rule.pots)]
    wanted: list[tuple[tuple[str | int, ...], str]] = [
        (("published", t, "columns", column), value)
        for t, table in enumerate(rule.published)
        for column, value in table.columns.items()
    ]
    wanted += [(("expect", e, "column"), item.column) for e, item in enumerate(rule.expect)]
    problems = []
    for path, value in wanted:
        if value not in allowed:
            hint = did_you_mean(value, allowed) or _("use one of: {names}").format(names=", ".join(allowed))
            message = _("'{column}' is neither a pot id nor a value column").format(column=value)
            problems.append(loaded.doc.problem(path, message, hint, check="unknown-column"))
    return problems


def _unique_pots(loaded: Loaded[Rule]) -> list[Problem]:
    seen: set[str] = set()
    problems = []
    for index, pot in enumerate(loaded.model.pots):
        if pot.id in seen:
            problems.append(
                loaded.doc.problem(
                    ("pots", index, "id"),
                    _("pot id '{pot}' appears twice").format(pot=pot.id),
                    _("give each pot its own id"),
                    check="pot-id-twice",
                )
            )
        seen.add(pot.id)
    return problems


def _whole_units(loaded: Loaded[Rule]) -> list[Problem]:
    unit = loaded.model.rounding.unit
    problems = []
    for index, pot in enumerate(loaded.model.pots):
        if pot.kroner % unit != 0:
            problems.append(
                loaded.doc.problem(
                    ("pots", index, "amount"),
                    _("pot '{pot}' of {amount} kr. is not a whole number of rounding units ({unit} kr.)").format(
                        pot=pot.id, amount=pot.amount, unit=unit
                    ),
                    _("largest_remainder can only hand out whole units: change the amount or rounding.unit"),
                    check="whole-rounding-units",
                )
            )
    return problems


def _totals_are_sums(loaded: Loaded[Rule]) -> list[Problem]:
    """largest_remainder makes every total the sum of its cells; a total rounded on its own would break that."""
    if loaded.model.rounding.totals is not RoundingTotals.exact:
        return []
    message = _("rounding.totals: exact does not fit method: largest_remainder, whose totals are always sums")
    hint = _("remove totals or write totals: sum; for totals rounded from their exact values, use method: nearest")
    return [loaded.doc.problem(("rounding", "totals"), message, hint, check="totals-with-largest-remainder")]
