"""Checks of parameters: references a rule makes, values given in files or with --set, and the
parameters files themselves (declared names, medformandskommuner that exist and are members)."""

from __future__ import annotations

from decimal import Decimal

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
            hint = did_you_mean(ref.parameter, list(declared)) or "declare it under parameters:"
            message = f"unknown parameter '{ref.parameter}'"
            problems.append(loaded.doc.problem(path, message, hint, check="unknown-parameter"))
        elif declared[ref.parameter] is not kind:
            message = (
                f"parameter '{ref.parameter}' is of type {declared[ref.parameter].value}; here it must be {kind.value}"
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
