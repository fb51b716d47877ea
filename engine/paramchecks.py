"""Checks of parameters: references a rule makes, values given in files or with --set, and the
parameters files themselves (declared names, medformandskommuner that exist and are members)."""

from __future__ import annotations

from decimal import Decimal

from ..i18n import _
from .errors import Problem, UsageError, did_you_mean
from .loader import Loaded
from .members import memberships
from .models import (
    ParameterRef,
    ParameterType,
    ParameterValues,
    Participation,
    Rule,
    Selection,
)
from .parameters import file_values
from .workspace import Data
from .yamlio import JsonPath


def parameter_refs(loaded: Loaded[Rule]) -> list[Problem]:
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
            hint = did_you_mean(ref.parameter, list(declared)) or _("declare it under parameters:")
            message = _("unknown parameter '{name}'").format(name=ref.parameter)
            problems.append(loaded.doc.problem(path, message, hint, check="unknown-parameter"))
        elif declared[ref.parameter] is not kind:
            message = _("parameter '{name}' is of type {type}; here it must be {expected}").format(
                name=ref.parameter, type=declared[ref.parameter].value, expected=kind.value
            )
            problems.append(loaded.doc.problem(path, message, check="parameter-type"))
    return problems


def parameter_values(loaded: Loaded[Rule], data: Data, sets: dict[str, str]) -> list[Problem]:
    """Defaults and parameters-file values of the right type; co-chairs that are members of their klynge.

    A wrong value given with --set is wrong usage and raises ``UsageError``.
    """
    rule = loaded.model
    values, problems = file_values(data)
    for index, parameter in enumerate(rule.parameters):
        if not _fits(parameter.type, parameter.default, default=True):
            message = _("parameter '{name}' of type {type} cannot default to {default}").format(
                name=parameter.name, type=parameter.type.value, default=parameter.default
            )
            problems.append(loaded.doc.problem(("parameters", index, "default"), message, check="parameter-value"))
        given, origin = values.get(parameter.name, (None, ""))
        if given is not None and not _fits(parameter.type, given):
            params = next(p for p in data.parameters.values() if p.doc.path == origin)
            message = _("parameter '{name}' must be {expected}, got {given}").format(
                name=parameter.name, expected=_expected(parameter.type), given=repr(given)
            )
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
    if kind is ParameterType.kroner:
        return _("an amount in kr.")
    return _("a dataset id") if kind is ParameterType.dataset else _("a mapping of cluster id: kommune")


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
            raise UsageError(_("--set {name}=...: say which klynge, e.g. {example}").format(name=key, example=example))
        if key.startswith(f"{name}.") and (message := _chair_problem(key.partition(".")[2], chair, members)):
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
