"""Checks of parameters: references a rule makes, values given in files or with --set, and the
parameters files themselves (declared names, medformandskommuner that exist and are members)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from ..i18n import _
from . import danish
from .errors import Problem, UsageError, did_you_mean
from .loader import Loaded
from .members import memberships
from .models import (
    Parameter,
    ParameterRef,
    ParameterType,
    ParameterValues,
    Participation,
    PayoutKey,
    Rule,
    Selection,
)
from .parameters import Setting, file_values, parameter_places
from .plan import Plan, PotPlan, check_per_cluster
from .workspace import Data
from .yamlio import JsonPath


def parameter_refs(loaded: Loaded[Rule]) -> list[Problem]:
    """Every parameter a rule refers to is declared, with a type that fits the place."""
    rule = loaded.model
    declared = {p.name: p.type for p in rule.parameters}
    problems = []
    for path, ref, kind in parameter_places(rule):
        if not isinstance(ref, ParameterRef):
            continue
        if ref.parameter not in declared:
            hint = did_you_mean(ref.parameter, list(declared)) or _("declare it under parameters:")
            message = _("unknown parameter '{name}'").format(name=ref.parameter)
            problems.append(loaded.doc.problem(path, message, hint, check="unknown-parameter"))
        elif declared[ref.parameter] is not kind:
            message = _("parameter '{name}' is of type {type}; here it must be {expected}").format(
                name=ref.parameter, type=declared[ref.parameter].value, expected=kind.value
            )
            problems.append(loaded.doc.problem(path, message, check="parameter-type"))
    return problems + _per_cluster_refs(loaded) + check_per_cluster(loaded)


def _per_cluster_refs(loaded: Loaded[Rule]) -> list[Problem]:
    """per_cluster is for amounts, and a payout table is one amount per klynge (plan.py: a pot per klynge)."""
    rule, problems = loaded.model, []
    by_name = {p.name: p for p in rule.parameters}
    for index, parameter in enumerate(rule.parameters):
        if parameter.per_cluster and parameter.type is not ParameterType.kroner:
            message = _("parameter '{name}' is of type {type}; only kroner parameters can be per_cluster").format(
                name=parameter.name, type=parameter.type.value
            )
            problems.append(loaded.doc.problem(("parameters", index, "per_cluster"), message, check="per-cluster"))
    for index, pot in enumerate(rule.pots):
        table = pot.payout.amounts if pot.payout is not None else None
        named = by_name.get(table.parameter) if isinstance(table, ParameterRef) else None
        if named is not None and named.type is ParameterType.kroner and not named.per_cluster:
            message = _("parameter '{name}' gives the payout table, so it needs per_cluster: true")
            at = ("pots", index, "payout", "amounts")
            problems.append(loaded.doc.problem(at, message.format(name=named.name), check="per-cluster"))
    return problems


def parameter_values(loaded: Loaded[Rule], data: Data, sets: dict[str, str]) -> list[Problem]:
    """Defaults and parameters-file values of the right type; co-chairs that are members of their klynge.

    A wrong value given with --set is wrong usage and raises ``UsageError``.
    """
    rule = loaded.model
    values, problems = file_values(data)
    for index, parameter in enumerate(rule.parameters):
        if not _fits(parameter, parameter.default, default=True):
            message = _("parameter '{name}' of type {type} cannot default to {default}").format(
                name=parameter.name, type=parameter.type.value, default=parameter.default
            )
            problems.append(loaded.doc.problem(("parameters", index, "default"), message, check="parameter-value"))
        given, origin = values.get(parameter.name, (None, ""))
        if given is not None and not _fits(parameter, given):
            params = next(p for p in data.parameters.values() if p.doc.path == origin)
            message = _("parameter '{name}' must be {expected}, got {given}").format(
                name=parameter.name, expected=_expected(parameter), given=repr(given)
            )
            problems.append(params.doc.problem(("values", parameter.name), message, check="parameter-value"))
        if parameter.type is ParameterType.co_chairs and isinstance(rule.members, Selection):
            problems += _co_chairs(rule, parameter.name, given if isinstance(given, dict) else {}, origin, data, sets)
        if parameter.per_cluster and isinstance(rule.members, Selection):
            problems += _cluster_ids(rule, parameter.name, given if isinstance(given, dict) else {}, origin, data, sets)
    return problems


def _fits(parameter: Parameter, value: object, *, default: bool = False) -> bool:
    kind = parameter.type
    if value is None:
        return True
    if kind is ParameterType.kroner and parameter.per_cluster and isinstance(value, dict) and not default:
        return all(isinstance(amount, Decimal | None) for amount in value.values())
    if kind is ParameterType.kroner:
        return isinstance(value, Decimal)
    if kind is ParameterType.dataset:
        return isinstance(value, str)
    if kind is ParameterType.payout_key:
        return value in [key.value for key in PayoutKey]
    return isinstance(value, dict) and not default and all(isinstance(v, str | None) for v in value.values())


def _expected(parameter: Parameter) -> str:
    kind = parameter.type
    if kind is ParameterType.kroner:
        return _("an amount in kr.")
    if kind is ParameterType.payout_key:
        return _("a payout key: {keys}").format(keys=", ".join(key.value for key in PayoutKey))
    return _("a dataset id") if kind is ParameterType.dataset else _("a mapping of cluster id: kommune")


def _cluster_ids(
    rule: Rule, name: str, given: dict[str, object], origin: str, data: Data, sets: dict[str, str]
) -> list[Problem]:
    """Every klynge a per-klynge amount names is a klynge of the rule's registry (--set: wrong usage)."""
    members = _members(rule, data)
    if not members:
        return []
    params = next((p for p in data.parameters.values() if p.doc.path == origin), None)
    problems = []
    for cluster in given:
        if params is not None and (message := _chair_problem(cluster, None, members)):
            problems.append(params.doc.problem(("values", name, cluster), message, key=True, check="parameter-cluster"))
    for key in sets:
        if key.startswith(f"{name}.") and (message := _set_problem(rule, key.partition(".")[2], None, members)):
            raise UsageError(f"--set {key}: {message}")
    return problems


def _members(rule: Rule, data: Data) -> dict[str, list[str]]:
    """The member kommuner of each klynge of the rule's registry (empty without one)."""
    registry = data.registries.get(rule.members.registry) if isinstance(rule.members, Selection) else None
    members: dict[str, list[str]] = {}
    for entry in memberships(registry.model) if registry is not None else []:
        members.setdefault(entry.cluster.id, []).append(entry.member.municipality)
    return members


def _set_problem(rule: Rule, cluster: str, chair: str | None, members: dict[str, list[str]]) -> str:
    """What is wrong with a klynge --set names: it must be one the rule takes from its registry (a
    parameters file, shared by rules of several selections, may name any klynge of the registry)."""
    chosen = rule.members.clusters if isinstance(rule.members, Selection) else None
    selected = {c: names for c, names in members.items() if chosen is None or c in chosen}
    if cluster in members and cluster not in selected:
        message = _("{cluster} is not one of the klynger of {rule} (klynger: {names})")
        return message.format(cluster=cluster, rule=rule.id, names=", ".join(selected))
    return _chair_problem(cluster, chair, selected)


def _co_chairs(
    rule: Rule, name: str, given: dict[str, str | None], origin: str, data: Data, sets: dict[str, str]
) -> list[Problem]:
    """Every named klynge exists in the rule's registry, and its medformandskommune is a member of it."""
    assert isinstance(rule.members, Selection)
    members = _members(rule, data)
    if not members:
        return []
    params = next((p for p in data.parameters.values() if p.doc.path == origin), None)
    problems = []
    for cluster, chair in given.items():
        message = _chair_problem(cluster, chair, members)
        if message and params is not None:
            problems.append(params.doc.problem(("values", name, cluster), message, check="co-chair-member"))
    example = f"{name}.{(rule.members.clusters or list(members))[0]}=KOMMUNE"
    for key, chair in sets.items():
        if key == name:
            raise UsageError(_("--set {name}=...: say which klynge, e.g. {example}").format(name=key, example=example))
        if key.startswith(f"{name}.") and (message := _set_problem(rule, key.partition(".")[2], chair, members)):
            raise UsageError(f"--set {key}={chair}: {message}")
    return problems


def _chair_problem(cluster: str, chair: str | None, members: dict[str, list[str]]) -> str:
    if cluster not in members:
        hint = did_you_mean(cluster, list(members)) or _("klynger: {names}").format(names=", ".join(members))
        return _("unknown klynge '{cluster}' ({hint})").format(cluster=cluster, hint=hint)
    if chair and chair not in members[cluster]:
        if hint := did_you_mean(chair, members[cluster]):
            message = _("{kommune} is not a member of {cluster} ({hint})")
            return message.format(kommune=chair, cluster=cluster, hint=hint)
        return _("{kommune} is not a member of {cluster} (members: {members})").format(
            kommune=chair, cluster=cluster, members=", ".join(members[cluster])
        )
    return ""


def check_parameter_file(loaded: Loaded[ParameterValues], data: Data, rules: list[Rule]) -> list[Problem]:
    """A parameters file on its own: names some rule declares, given once, co-chairs that exist."""
    declared = {p.name: p for rule in rules for p in rule.parameters}
    problems = []
    for name in loaded.model.values:
        if rules and name not in declared:
            hint = did_you_mean(name, list(declared)) or _("declared parameters: {names}").format(
                names=", ".join(sorted(declared))
            )
            message = _("no rule declares a parameter '{name}'").format(name=name)
            problems.append(loaded.doc.problem(("values", name), message, hint, key=True, check="undeclared-parameter"))
    _given, twice = file_values(data)
    problems += [p for p in twice if p.path == loaded.doc.path]
    chairs = loaded.model.values.get("co_chairs")
    members: dict[str, list[str]] = {}
    for registry in data.registries.values():
        for entry in memberships(registry.model):
            members.setdefault(entry.cluster.id, []).append(entry.member.municipality)
    for cluster, chair in chairs.items() if isinstance(chairs, dict) else []:
        if not isinstance(chair, str | None):  # an amount where a kommune belongs: parameter-value says so
            continue
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
                return _("{kommune} takes part in {cluster} only administratively (**), yet co-chairs it").format(
                    kommune=chair, cluster=entry.cluster.name
                )
    return ""


def payout_tables(loaded: Loaded[Rule], data: Data, settings: dict[str, Setting], plan: Plan) -> list[Problem]:
    """A pool paid out by a table: the table is named, and its amounts sum to the pool to the øre.

    A table given with --set that misses is wrong usage and raises ``UsageError``."""
    problems = []
    for index, pot in enumerate(plan.pots):
        if pot.payout is not PayoutKey.table:
            continue
        at: JsonPath = ("pots", index, "payout")
        written = loaded.model.pots[index].payout
        if written is None or written.amounts is None:
            message = _("pot '{pot}' is paid out by a table, but names none: add amounts: {{parameter: NAME}}")
            problems.append(loaded.doc.problem(at, message.format(pot=pot.id), check="payout-shape"))
            continue
        total = sum(pot.table.values(), Fraction(0))
        if total != Fraction(pot.total):
            problems += _table_sum(loaded, data, settings[written.amounts.parameter], total, pot)
    return problems


def _table_sum(loaded: Loaded[Rule], data: Data, table: Setting, total: Fraction, pot: PotPlan) -> list[Problem]:
    name = table.parameter.name
    message = _("the payout table {name} sums to {total} kr., not to the pool of {pool} kr.").format(
        name=name, total=danish.kroner(total), pool=danish.kroner(pot.total)
    )
    hint = _("make the amounts sum to the pool, or choose another payout key")
    if table.overridden:
        raise UsageError(f"--set {name}: {message} ({hint})")
    origins = {origin for _amount, origin in table.clusters.values()} | {table.origin}
    params = next((p for p in data.parameters.values() if p.doc.path in origins), None)
    if params is not None:
        return [params.doc.problem(("values", name), message, hint, check="payout-table-sum")]
    index = next(i for i, p in enumerate(loaded.model.parameters) if p.name == name)
    return [loaded.doc.problem(("parameters", index), message, hint, check="payout-table-sum")]
