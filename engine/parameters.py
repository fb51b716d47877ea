"""Parameters: named inputs of a rule, resolved from ``--set``, then parameters files, then the
rule's default. A rule that needs a value nobody gave fails with one line saying how to give it."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from ..i18n import _
from . import danish
from .errors import MissingInput, Problem, UsageError, did_you_mean
from .ledgermodels import CarriedRef, CarryOver
from .loader import Loaded
from .models import Basis, Parameter, ParameterRef, ParameterType, Payout, PayoutKey, Pot, Rule
from .workspace import Data
from .yamlio import JsonPath

COMMAND_LINE = "--set"
DEFAULT = "standard"
DANISH_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")


@dataclass(frozen=True)
class Setting:
    """A parameter's value and where it came from: 'standard', a parameters file, or --set."""

    parameter: Parameter
    value: Any
    origin: str
    # per_cluster: the klynger whose amount is given on its own (klynge id: amount, origin); the rest take value
    clusters: Mapping[str, tuple[Decimal, str]] = field(default_factory=dict)
    used: bool = True  # the rule refers to it (a variant may inherit parameters it does not use)

    @property
    def overridden(self) -> bool:
        return COMMAND_LINE in self.origin or any(COMMAND_LINE in origin for _, origin in self.clusters.values())

    def for_cluster(self, cluster: str) -> tuple[Any, str]:
        """The value for one klynge and where it came from (its own amount, or the one for every klynge)."""
        return self.clusters.get(cluster, (self.value, self.origin))


def parse_sets(pairs: list[str]) -> dict[str, str]:
    """``NAME=VALUE`` pairs from the command line; anything else is wrong usage."""
    sets: dict[str, str] = {}
    for pair in pairs:
        name, equals, value = pair.partition("=")
        if not equals or not name.strip():
            message = _("--set expects NAME=VALUE, e.g. --set cost_per_cluster=740000; got {given}")
            raise UsageError(message.format(given=repr(pair)))
        sets[name.strip()] = value.strip()
    return sets


def check_names(sets: dict[str, str], rules: list[Rule]) -> None:
    """Every ``--set`` name must be a parameter some rule in play declares."""
    declared = {p.name: p for rule in rules for p in rule.parameters}
    for name in sets:
        base = name.split(".", 1)[0]
        if base not in declared:
            known = ", ".join(sorted(declared)) or _("none")
            hint = did_you_mean(base, list(declared)) or _("known parameters: {names}").format(names=known)
            raise UsageError(_("unknown parameter '{name}' in --set ({hint})").format(name=base, hint=hint))
        if "." in name and not takes_cluster(declared[base]):
            message = _("--set {name}: only co_chairs and parameters with per_cluster: true take a klynge after a dot")
            raise UsageError(message.format(name=name))


def takes_cluster(parameter: Parameter) -> bool:
    """A parameter given per klynge: the medformandskommuner, or an amount declared per_cluster."""
    return parameter.type is ParameterType.co_chairs or parameter.per_cluster


def file_values(data: Data) -> tuple[dict[str, tuple[Any, str]], list[Problem]]:
    """Values from every parameters file, with the file each came from; a name given twice is a problem."""
    values: dict[str, tuple[Any, str]] = {}
    problems = []
    for loaded in data.parameters.values():
        for name, value in loaded.model.values.items():
            if name in values:
                message = _("parameter '{name}' is also given in {path}").format(name=name, path=values[name][1])
                hint = _("give each parameter in one file")
                problems.append(loaded.doc.problem(("values", name), message, hint, check="parameter-given-twice"))
            values.setdefault(name, (value, loaded.doc.path))
    return values, problems


def parameter_places(rule: Rule) -> list[tuple[JsonPath, object, ParameterType]]:
    """Every place of ``rule`` that may refer to a parameter, with the type that fits there."""
    places: list[tuple[JsonPath, object, ParameterType]] = [
        (("pots", i, "amount"), pot.amount, ParameterType.kroner) for i, pot in enumerate(rule.pots)
    ]
    places.append((("basis", "dataset"), rule.basis.dataset, ParameterType.dataset))
    for i, pot in enumerate(rule.pots):
        if pot.payout is not None:
            places.append((("pots", i, "payout", "key"), pot.payout.key, ParameterType.payout_key))
            places.append((("pots", i, "payout", "amounts"), pot.payout.amounts, ParameterType.kroner))
    return places


def used_parameters(rule: Rule) -> set[str]:
    """The parameters ``rule`` refers to; the medformandskommuner where someone pays or is paid by them."""
    used = {ref.parameter for _path, ref, _kind in parameter_places(rule) if isinstance(ref, ParameterRef)}
    from .plan import involves_co_chairs

    chairs = {p.name for p in rule.parameters if p.type is ParameterType.co_chairs}
    return used | (chairs if involves_co_chairs(rule) else set())


def settle(rule: Rule, data: Data, sets: dict[str, str]) -> dict[str, Setting]:
    """Every parameter of ``rule`` with its value (None where nobody gave one)."""
    settings = _settle(rule, data, sets)
    used = used_parameters(rule)
    return {name: replace(s, used=name in used) for name, s in settings.items()}


def _settle(rule: Rule, data: Data, sets: dict[str, str]) -> dict[str, Setting]:
    from_files, _twice = file_values(data)
    settings = {}
    for parameter in rule.parameters:
        value: Any = parameter.default
        origin = DEFAULT
        if parameter.name in from_files and from_files[parameter.name][0] not in (None, {}):
            value, origin = from_files[parameter.name]
        if parameter.type is ParameterType.co_chairs:
            value, origin = _co_chairs(parameter.name, value, origin, sets)
        elif parameter.per_cluster:
            settings[parameter.name] = _per_cluster(parameter, value, origin, sets)
            continue
        elif parameter.name in sets:
            value, origin = _convert(parameter, sets[parameter.name], data), COMMAND_LINE
        settings[parameter.name] = Setting(parameter, value, origin)
    return settings


def _per_cluster(parameter: Parameter, value: Any, origin: str, sets: dict[str, str]) -> Setting:
    """An amount for every klynge and amounts for single klynger, in layers: the default, a parameters file
    (a number for every klynge, or a mapping klynge id: amount), --set NAME=AMOUNT (every klynge, whatever a
    file gave) and --set NAME.KLYNGE=AMOUNT (one klynge), each over the one before."""
    name, clusters = parameter.name, {}
    if isinstance(value, dict):
        clusters = {cluster: (Decimal(amount), origin) for cluster, amount in value.items() if amount is not None}
        value, origin = parameter.default, DEFAULT
    if name in sets:
        value, origin, clusters = _kroner(name, sets[name]), COMMAND_LINE, {}
    for key, text in sets.items():
        if key.startswith(f"{name}."):
            clusters[key.partition(".")[2]] = (_kroner(key, text), COMMAND_LINE)
    return Setting(parameter, value, origin, clusters)


def _co_chairs(name: str, value: Any, origin: str, sets: dict[str, str]) -> tuple[dict[str, str], str]:
    chairs = {cluster: chair for cluster, chair in (value or {}).items() if chair}
    given = {key.split(".", 1)[1]: text for key, text in sets.items() if key.startswith(f"{name}.")}
    if not chairs:
        origin = DEFAULT if not given else COMMAND_LINE
    elif given:
        origin = f"{origin} + {COMMAND_LINE}"
    chairs.update(given)
    return chairs, origin


def _convert(parameter: Parameter, text: str, data: Data) -> Any:
    if parameter.type is ParameterType.kroner:
        return _kroner(parameter.name, text)
    if parameter.type is ParameterType.payout_key:
        return payout_key(parameter.name, text)
    if text not in data.datasets:
        known = ", ".join(sorted(data.datasets))
        hint = did_you_mean(text, list(data.datasets)) or _("known datasets: {names}").format(names=known)
        message = _("--set {name}={value}: no such dataset ({hint})")
        raise UsageError(message.format(name=parameter.name, value=text, hint=hint))
    return text


def payout_key(name: str, text: str) -> PayoutKey:
    """A payout key from --set; an unknown one is wrong usage, with the keys there are."""
    keys = [key.value for key in PayoutKey]
    if text in keys:
        return PayoutKey(text)
    hint = did_you_mean(text, keys) or _("keys: {names}").format(names=", ".join(keys))
    raise UsageError(_("--set {name}={value}: no such payout key ({hint})").format(name=name, value=text, hint=hint))


def _kroner(name: str, text: str) -> Decimal:
    if DANISH_THOUSANDS.match(text):
        message = _("--set {name}={value}: write the amount without thousands separators, e.g. {plain}")
        raise UsageError(message.format(name=name, value=text, plain=text.replace(".", "")))
    try:
        amount = Decimal(text)
    except InvalidOperation:
        message = _("--set {name}={value}: expected an amount in kr., e.g. {name}=740000")
        raise UsageError(message.format(name=name, value=text)) from None
    if not amount.is_finite() or amount <= 0 or amount >= 10**15:
        message = _("--set {name}={value}: the amount must be greater than 0 and less than 10^15 kr.")
        raise UsageError(message.format(name=name, value=text))
    return amount


Carried = Mapping[str, Loaded[CarryOver]]  # the carry_over files by id (engine/workspace.py's Data)


def apply(rule: Rule, settings: dict[str, Setting], carried: Carried | None = None) -> Rule:
    """The rule with every parameter reference replaced by its value, and every {carried: ID} by the
    carried sum of that file (checks.py has reported an unknown id before)."""
    pots = [_pot(pot, settings, carried or {}) for pot in rule.pots]
    basis = rule.basis
    if isinstance(basis.dataset, ParameterRef):
        basis = Basis(dataset=_value(basis.dataset, settings))
    return rule.model_copy(update={"pots": pots, "basis": basis})


def _pot(pot: Pot, settings: dict[str, Setting], carried: Carried) -> Pot:
    update: dict[str, Any] = {}
    if isinstance(pot.amount, ParameterRef):
        update["amount"] = Decimal(_value(pot.amount, settings))
    if isinstance(pot.amount, CarriedRef):
        update["amount"] = carried[pot.amount.carried].model.total()
    if pot.payout is not None and isinstance(pot.payout.key, ParameterRef):
        key = PayoutKey(_value(pot.payout.key, settings))
        update["payout"] = Payout(key=key, amounts=pot.payout.amounts)
    return pot.model_copy(update=update) if update else pot


def per_cluster(
    rule: Rule, settings: dict[str, Setting], clusters: list[str], carried: Carried | None = None
) -> tuple[dict[str, dict[str, Decimal]], dict[str, dict[str, Decimal]]]:
    """What parameters give per klynge, for the selected ``clusters`` of ``rule`` (as written, parameters not
    applied): each pot's amount where it refers to a per_cluster parameter, and the amounts of a payout table.
    A klynge a table gives no amount for is a missing input. A pot per klynge of carried funds takes each
    klynge's own carried sum (0 for a klynge that carried nothing)."""
    amounts, tables = {}, {}
    for pot in rule.pots:
        if isinstance(pot.amount, CarriedRef):  # used by a pot per klynge only (engine/plan.py)
            carry_over = (carried or {})[pot.amount.carried].model
            amounts[pot.id] = {cluster: carry_over.total(cluster) for cluster in clusters}
        setting = settings.get(pot.amount.parameter) if isinstance(pot.amount, ParameterRef) else None
        if setting is not None and setting.parameter.per_cluster:
            amounts[pot.id] = _each_cluster(setting, clusters)
        if pot.payout is not None and pot.payout.amounts is not None and _key(pot.payout, settings) == "table":
            tables[pot.id] = _each_cluster(settings[pot.payout.amounts.parameter], clusters)
    return amounts, tables


def _key(payout: Payout, settings: dict[str, Setting]) -> Any:
    return settings[payout.key.parameter].value if isinstance(payout.key, ParameterRef) else payout.key


def _each_cluster(setting: Setting, clusters: list[str]) -> dict[str, Decimal]:
    values = {cluster: setting.for_cluster(cluster)[0] for cluster in clusters}
    if missing := [cluster for cluster, value in values.items() if value is None]:
        message = _("parameter '{name}' has no amount for {clusters}: give each with --set {name}.KLYNGE=AMOUNT")
        raise MissingInput(message.format(name=setting.parameter.name, clusters=", ".join(missing)))
    return {cluster: Decimal(value) for cluster, value in values.items()}


def _value(ref: ParameterRef, settings: dict[str, Setting]) -> Any:
    setting = settings[ref.parameter]
    if setting.value is None:
        message = _("parameter '{name}' has no value: give it with --set {name}=VALUE")
        raise MissingInput(message.format(name=ref.parameter))
    return setting.value


def describe(setting: Setting) -> str:
    """A setting as staff read it, e.g. 'cost_per_cluster = 740.000 kr. (--set; standard 370.000)'."""
    value = setting.value
    shown = danish.kroner(value) + " kr." if isinstance(value, Decimal) else str(value)
    if isinstance(value, dict):
        shown = ", ".join(f"{cluster}: {chair}" for cluster, chair in sorted(value.items())) or _("not given")
    if value is None:
        shown = _("not given")
    default = setting.parameter.default
    was = ""
    if COMMAND_LINE in setting.origin and isinstance(default, Decimal):
        was = _("; standard {amount}").format(amount=danish.kroner(default))
    own = "".join(
        f"; {cluster}: {danish.kroner(amount)} kr. ({origin})"
        for cluster, (amount, origin) in sorted(setting.clusters.items())
    )
    return f"{setting.parameter.name} = {shown} ({setting.origin}{was}){own}"


def co_chairs_of(settings: dict[str, Setting]) -> dict[str, str]:
    """The medformandskommune of each klynge, as far as given (cluster id: kommune)."""
    for setting in settings.values():
        if setting.parameter.type is ParameterType.co_chairs:
            return dict(setting.value or {})
    return {}
