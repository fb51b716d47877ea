"""Semantic checks that a schema cannot express: names that must exist, things that must be
unique, totals that must agree. Each returns every Problem it finds."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from . import danish
from .errors import MissingInput, Problem, UsageError, did_you_mean
from .loader import Loaded
from .members import Claimant, Membership, memberships, resolve
from .models import (
    CONTRIBUTING,
    ClusterRegistry,
    ParameterRef,
    ParameterType,
    ParameterValues,
    Participation,
    PopulationDataset,
    RoundingMethod,
    Rule,
    Selection,
)
from .parameters import apply, file_values, settle
from .plan import Grouping, Shape, check_shapes, compile_rule
from .workspace import Data
from .yamlio import Document, JsonPath


def check_dataset(loaded: Loaded[PopulationDataset]) -> list[Problem]:
    doc, data = loaded.doc, loaded.model
    problems = _id_period(loaded)
    problems += _duplicates(doc, [m.name for m in data.municipalities], "name", "municipality")
    problems += _duplicates(doc, [m.code for m in data.municipalities], "code", "municipality code")
    if data.checks is not None:
        problems += _totals(loaded)
    return problems


QUARTER = re.compile(r"(?<!\d)\d{4}K[1-4](?!\d)", re.IGNORECASE)


def id_quarter(dataset_id: str, period: str) -> str | None:
    """The quarter a dataset id names when it is not ``period``; None when it names none or the right one."""
    named = [q.upper() for q in QUARTER.findall(dataset_id)]
    return next((q for q in named if q != period), None)


def _id_period(loaded: Loaded[PopulationDataset]) -> list[Problem]:
    """An id naming another quarter than the figures are for puts one year's numbers under another's name."""
    data = loaded.model
    named = id_quarter(data.id, data.period)
    if named is None:
        return []
    message = f"id '{data.id}' names {named}, but the period is {data.period}"
    hint = f"rename the id to {QUARTER.sub(data.period, data.id)}, or correct the period to {named}"
    return [loaded.doc.problem(("id",), message, hint, check="dataset-id-period")]


def _duplicates(doc: Any, values: list[Any], key: str, what: str) -> list[Problem]:
    first: dict[Any, int] = {}
    problems = []
    for index, value in enumerate(values):
        if value in first:
            line = doc.where(("municipalities", first[value]))[0]
            problems.append(
                doc.problem(
                    ("municipalities", index, key),
                    f"{what} {value!r} appears twice (first on line {line})",
                    "remove one of them",
                    check="dataset-duplicate",
                )
            )
        first.setdefault(value, index)
    return problems


def _totals(loaded: Loaded[PopulationDataset]) -> list[Problem]:
    doc, data = loaded.doc, loaded.model
    checks = data.checks
    assert checks is not None
    rows = data.municipalities
    problems = []
    if checks.municipalities is not None and checks.municipalities != len(rows):
        problems.append(
            doc.problem(
                ("checks", "municipalities"),
                f"checks.municipalities says {checks.municipalities}, the file has {len(rows)} municipalities",
                check="dataset-totals",
            )
        )
    total = sum(m.population for m in rows)
    if checks.total is not None and checks.total != total:
        problems.append(
            doc.problem(
                ("checks", "total"),
                f"checks.total says {danish.number(checks.total)}, the municipalities sum to {danish.number(total)}",
                check="dataset-totals",
            )
        )
    for region, stated in (checks.regions or {}).items():
        actual = sum(m.population for m in rows if m.region == region)
        if actual != stated:
            problems.append(
                doc.problem(
                    ("checks", "regions", region),
                    f"checks.regions: {region} says {danish.number(stated)}, "
                    f"its municipalities sum to {danish.number(actual)}",
                    check="dataset-totals",
                )
            )
    return problems


def check_rule(loaded: Loaded[Rule], data: Data, sets: dict[str, str] | None = None) -> list[Problem]:
    """Every problem of a rule that its schema cannot see, including those of the data it names."""
    problems = _parameter_refs(loaded) + _parameter_values(loaded, data, sets or {})
    if problems:
        return problems
    try:
        loaded = Loaded(loaded.doc, apply(loaded.model, settle(loaded.model, data, sets or {})))
    except MissingInput:
        return []  # a value nobody gave yet: computing says which and how to give it
    doc, rule = loaded.doc, loaded.model
    dataset = data.datasets.get(rule.dataset_id)
    problems = _unique_pots(loaded) + _columns(loaded) + _deviations(loaded)
    if rule.rounding.method is RoundingMethod.largest_remainder:
        problems += _whole_units(loaded)
    problems += check_shapes(loaded)
    if dataset is None:
        known = ", ".join(sorted(data.datasets)) or "none found"
        hint = did_you_mean(rule.dataset_id, list(data.datasets)) or f"known datasets: {known}"
        message = f"unknown dataset '{rule.dataset_id}'"
        return problems + [doc.problem(("basis", "dataset"), message, hint, check="unknown-dataset")]
    claimants, member_problems = resolve(loaded, dataset.model, data.registries)
    problems += member_problems
    if isinstance(rule.members, Selection) and rule.members.registry in data.registries:
        problems += check_registry(data.registries[rule.members.registry])
    if claimants:
        problems += _claims(loaded, claimants, dataset.model)
    return problems


def _parameter_refs(loaded: Loaded[Rule]) -> list[Problem]:
    """Every parameter a rule refers to is declared, with a type that fits the place."""
    rule = loaded.model
    declared = {p.name: p.type for p in rule.parameters}
    wanted: list[tuple[JsonPath, object, ParameterType]] = [
        (("pots", i, "amount"), pot.amount, ParameterType.kroner) for i, pot in enumerate(rule.pots)
    ]
    wanted.append((("basis", "dataset"), rule.basis.dataset, ParameterType.dataset))
    problems = []
    for path, ref, kind in wanted:
        if not isinstance(ref, ParameterRef):
            continue
        if ref.parameter not in declared:
            hint = did_you_mean(ref.parameter, list(declared)) or "declare it under parameters:"
            message = f"unknown parameter '{ref.parameter}'"
            problems.append(loaded.doc.problem(path, message, hint, check="unknown-parameter"))
        elif declared[ref.parameter] is not kind:
            message = (
                f"parameter '{ref.parameter}' is of type {declared[ref.parameter].value}; here it must be {kind.value}"
            )
            problems.append(loaded.doc.problem(path, message, check="parameter-type"))
    return problems


def _parameter_values(loaded: Loaded[Rule], data: Data, sets: dict[str, str]) -> list[Problem]:
    """Defaults and parameters-file values of the right type; co-chairs that are members of their klynge.

    A wrong value given with --set is wrong usage and raises ``UsageError``.
    """
    rule = loaded.model
    values, problems = file_values(data)
    for index, parameter in enumerate(rule.parameters):
        if not _fits(parameter.type, parameter.default, default=True):
            message = (
                f"parameter '{parameter.name}' of type {parameter.type.value} cannot default to {parameter.default}"
            )
            problems.append(loaded.doc.problem(("parameters", index, "default"), message, check="parameter-value"))
        given, origin = values.get(parameter.name, (None, ""))
        if given is not None and not _fits(parameter.type, given):
            params = next(p for p in data.parameters.values() if p.doc.path == origin)
            message = f"parameter '{parameter.name}' must be {_expected(parameter.type)}, got {given!r}"
            problems.append(params.doc.problem(("values", parameter.name), message, check="parameter-value"))
        if parameter.type is ParameterType.co_chairs and isinstance(rule.members, Selection):
            problems += _co_chairs(rule, parameter.name, given if isinstance(given, dict) else {}, origin, data, sets)
    return problems


def _fits(kind: ParameterType, value: object, *, default: bool = False) -> bool:
    if value is None:
        return True
    if kind is ParameterType.kroner:
        return isinstance(value, Decimal)
    if kind is ParameterType.dataset:
        return isinstance(value, str)
    return isinstance(value, dict) and not default


def _expected(kind: ParameterType) -> str:
    return {"kroner": "an amount in kr.", "dataset": "a dataset id", "co_chairs": "a mapping of cluster id: kommune"}[
        kind.value
    ]


def _co_chairs(
    rule: Rule, name: str, given: dict[str, str | None], origin: str, data: Data, sets: dict[str, str]
) -> list[Problem]:
    """Every named klynge exists in the rule's registry, and its medformandskommune is a member of it."""
    assert isinstance(rule.members, Selection)
    registry = data.registries.get(rule.members.registry)
    if registry is None:
        return []
    members: dict[str, list[str]] = {}
    for entry in memberships(registry.model):
        members.setdefault(entry.cluster.id, []).append(entry.member.municipality)
    params = next((p for p in data.parameters.values() if p.doc.path == origin), None)
    problems = []
    for cluster, chair in given.items():
        message = _chair_problem(cluster, chair, members)
        if message and params is not None:
            problems.append(params.doc.problem(("values", name, cluster), message, check="co-chair-member"))
    example = f"{name}.{(rule.members.clusters or list(members))[0]}=KOMMUNE"
    for key, chair in sets.items():
        if key == name:
            raise UsageError(f"--set {key}=...: say which klynge, e.g. {example}")
        if key.startswith(f"{name}.") and (message := _chair_problem(key.partition(".")[2], chair, members)):
            raise UsageError(f"--set {key}={chair}: {message}")
    return problems


def _chair_problem(cluster: str, chair: str | None, members: dict[str, list[str]]) -> str:
    if cluster not in members:
        hint = did_you_mean(cluster, list(members)) or f"klynger: {', '.join(members)}"
        return f"unknown klynge '{cluster}' ({hint})"
    if chair and chair not in members[cluster]:
        hint = did_you_mean(chair, members[cluster])
        return f"{chair} is not a member of {cluster}" + (
            f" ({hint})" if hint else f" (members: {', '.join(members[cluster])})"
        )
    return ""


def check_parameter_file(loaded: Loaded[ParameterValues], data: Data, rules: list[Rule]) -> list[Problem]:
    """A parameters file on its own: names some rule declares, given once, co-chairs that exist."""
    declared = {p.name: p for rule in rules for p in rule.parameters}
    problems = []
    for name in loaded.model.values:
        if rules and name not in declared:
            hint = did_you_mean(name, list(declared)) or f"declared parameters: {', '.join(sorted(declared))}"
            message = f"no rule declares a parameter '{name}'"
            problems.append(loaded.doc.problem(("values", name), message, hint, key=True, check="undeclared-parameter"))
    _, twice = file_values(data)
    problems += [p for p in twice if p.path == loaded.doc.path]
    chairs = loaded.model.values.get("co_chairs")
    members: dict[str, list[str]] = {}
    for registry in data.registries.values():
        for entry in memberships(registry.model):
            members.setdefault(entry.cluster.id, []).append(entry.member.municipality)
    for cluster, chair in chairs.items() if isinstance(chairs, dict) else []:
        at = ("values", "co_chairs", cluster)
        if message := _chair_problem(cluster, chair, members):
            problems.append(loaded.doc.problem(at, message, check="co-chair-member"))
        elif chair and (role := _only_administrative(data, cluster, chair)):
            problems.append(loaded.doc.problem(at, role, check="co-chair-administrative"))
    return problems


def _only_administrative(data: Data, cluster: str, chair: str) -> str:
    """A medformandskommune co-chairs its klynge politically; one that takes part only administratively
    (Tabel 2's **) is likely a slip, though the documents do not forbid it."""
    for registry in data.registries.values():
        for entry in memberships(registry.model):
            same = entry.cluster.id == cluster and entry.member.municipality == chair
            if same and entry.member.participation is Participation.administrative:
                return f"{chair} takes part in {entry.cluster.name} only administratively (**), yet co-chairs it"
    return ""


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
                problems.append(
                    loaded.doc.problem(
                        at,
                        f"deviation for {cell[0]}, {cell[1]} is declared twice (first on line {first})",
                        check="deviation-twice",
                    )
                )
            seen.setdefault(cell, d)
    return problems


def _claims(loaded: Loaded[Rule], claimants: list[Claimant], dataset: PopulationDataset) -> list[Problem]:
    """The split itself must be possible: something to split by, a key for every region, no kommune twice."""
    doc, rule = loaded.doc, loaded.model
    problems = []
    if sum(c.basis for c in claimants) == 0:
        message = "the members' bases sum to 0; there is nothing to split by"
        problems.append(doc.problem(("members",), message, check="nothing-to-split"))
    regions = list(dict.fromkeys(c.region for c in claimants))
    empty = [r for r in regions if sum(c.basis for c in claimants if c.region == r) == 0]
    plan = compile_rule(rule)
    if plan.grouping is Grouping.by_cluster:
        bases: dict[str, list[Claimant]] = {}  # by klynge id: two klynger may share a name
        for c in claimants:
            bases.setdefault(c.cluster.id if c.cluster else "", []).append(c)
        for inside in bases.values():
            if sum(c.basis for c in inside) == 0:
                name = inside[0].cluster.name if inside[0].cluster else ""
                message = f"the kommuner of {name} have no inhabitants between them to split its pot by"
                problems.append(doc.problem(("members",), message, check="nothing-to-split"))
    for index, pot in enumerate(plan.pots):
        if pot.shape is not Shape.by_region:
            continue
        missing = [r for r in regions if r not in pot.region_key]
        if missing:
            message = f"pot '{pot.id}': by_region.key has no value for {', '.join(missing)}"
            problems.append(doc.problem(("pots", index, "by_region", "key"), message, check="region-key-missing"))
        if empty:
            message = f"pot '{pot.id}': {', '.join(empty)} has no inhabitants to split its share by"
            problems.append(doc.problem(("pots", index, "by_region"), message, check="nothing-to-split"))
    if plan.grouping is Grouping.none:
        problems += _counted_once(loaded, claimants, dataset)
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
            where = " and ".join(c.cluster.name for c in parts if c.cluster)
            message = (
                f"{name} counts with {danish.basis(counted)}, more than its population "
                f"{danish.basis(population[name])}: it is in {where}"
            )
            hint = "use weights, or participation: contributing"
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
            hint = did_you_mean(value, allowed) or f"use one of: {', '.join(allowed)}"
            message = f"'{value}' is neither a pot id nor a value column"
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
                    f"pot id '{pot.id}' appears twice",
                    "give each pot its own id",
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
                    f"pot '{pot.id}' of {pot.amount} kr. is not a whole number of rounding units ({unit} kr.)",
                    "largest_remainder can only hand out whole units: change the amount or rounding.unit",
                    check="whole-rounding-units",
                )
            )
    return problems


def check_registry(loaded: Loaded[ClusterRegistry]) -> list[Problem]:
    """A registry on its own: unique cluster ids, nobody twice in a klynge, weights that fit the participation."""
    doc = loaded.doc
    problems: list[Problem] = []
    first: dict[str, int] = {}
    for r, region in enumerate(loaded.model.regions):
        for c, cluster in enumerate(region.clusters):
            at = ("regions", r, "clusters", c, "id")
            if cluster.id in first:
                message = f"cluster id '{cluster.id}' is used twice (first on line {first[cluster.id]})"
                problems.append(doc.problem(at, message, "give each cluster its own id", check="cluster-id-twice"))
            first.setdefault(cluster.id, doc.where(at)[0])
    seen: set[tuple[str, str]] = set()
    for entry in memberships(loaded.model):
        pair = (entry.cluster.id, entry.member.municipality)
        if pair in seen:
            message = f"{pair[1]} is listed twice in {entry.cluster.name}"
            problems.append(doc.problem(entry.path, message, check="member-twice"))
        seen.add(pair)
        problems += _participation(doc, entry)
    return problems


def _participation(doc: Document, entry: Membership) -> list[Problem]:
    member = entry.member
    if member.participation is Participation.partial and member.weight is None:
        message = f"{member.municipality} takes part with part of its population but has no weight"
        return [doc.problem(entry.path, message, "add weight and weight_reason", check="partial-needs-weight")]
    if member.participation not in CONTRIBUTING and member.weight is not None:
        message = f"{member.municipality} does not contribute ({member.participation.value}), so a weight means nothing"
        hint = "remove the weight, or change participation"
        return [doc.problem((*entry.path, "weight"), message, hint, check="weight-without-contribution")]
    return []
