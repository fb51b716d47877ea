"""The what-if form: the parameters of the rules on a page as fields, and a request's values as the
``--set`` pairs the engine takes.

Fields are named as ``--set`` names them (``cost_per_cluster``, ``cost_per_cluster.hovedstaden-syd``,
``co_chairs.hovedstaden-syd``), so a page's address reads like the command that gives the same table.
An empty field means the rule's own value. Amounts are written as staff write them (740.000 or
740000); every value is bounded before the engine sees it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from ..engine import danish
from ..engine.errors import KlyngeError
from ..engine.loader import Loaded
from ..engine.models import ClusterMember, ParameterType, PayoutKey
from ..i18n import _

if TYPE_CHECKING:
    from ..engine.models import Cluster, Rule
    from ..engine.parameters import Setting
    from ..engine.workspace import Data

MAX_FIELDS = 100  # more than any rule's parameters and klynger together
MAX_VALUE = 80  # characters of one value
MAX_AMOUNT = 10**12  # kroner: far above any klynge's budget, far below what the engine refuses
AMOUNT = re.compile(r"^(?:[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)$")  # ASCII digits: int() would take any script's


class FormError(KlyngeError):
    """One or more values of a form are wrong; each message names its field."""

    def __init__(self, messages: list[str]) -> None:
        self.messages = messages
        super().__init__("\n".join(messages))


@dataclass(frozen=True)
class Field:
    name: str  # as --set names it
    label: str
    current: str  # what applies when the field is left empty
    value: str = ""  # what the request gave
    choices: tuple[tuple[str, str], ...] = ()  # (value, label): a list to choose from


@dataclass(frozen=True)
class Group:
    """One parameter: its title and source, a field for all, and a field per klynge where it takes one."""

    name: str
    title: str
    note: str
    fields: tuple[Field, ...]
    per_cluster: tuple[Field, ...] = ()


def requested_sets(pairs: Iterable[tuple[str, str]], reserved: frozenset[str]) -> dict[str, str]:
    """The parameter values of a request (empty fields left out), each bounded, each given once.

    Every problem at once; the names themselves are checked against the rules by the engine."""
    given = [(name, value.strip()) for name, value in pairs if name not in reserved]
    if len(given) > MAX_FIELDS:
        raise FormError([_("too many fields ({count}; at most {limit})").format(count=len(given), limit=MAX_FIELDS)])
    sets: dict[str, str] = {}
    problems = []
    for name, value in given:
        if value and (problem := _value_problem(name, value, sets)):
            problems.append(problem)
        elif value:
            sets[name] = value
    if problems:
        raise FormError(problems)
    return sets


def _value_problem(name: str, value: str, earlier: dict[str, str]) -> str:
    shown = "".join(c for c in name[:MAX_VALUE] if c.isprintable())
    if len(value) > MAX_VALUE or len(name) > MAX_VALUE:
        return _("{name}: at most {limit} characters").format(name=shown, limit=MAX_VALUE)
    if not (name + value).isprintable():
        return _("{name}: contains characters that are not text").format(name=shown)
    if name in earlier:
        return _("{name}: given twice ('{first}' and '{second}')").format(name=name, first=earlier[name], second=value)
    return ""


def amounts_in_engine_notation(sets: dict[str, str], kroner: set[str]) -> dict[str, str]:
    """Amounts (of the parameters named in ``kroner``) as plain numbers: '740.000' -> '740000'."""
    written, problems = dict(sets), []
    for name, value in sets.items():
        if name.split(".", 1)[0] not in kroner:
            continue
        amount = plain_amount(value)
        if amount is None:
            message = _("{name}: write an amount in whole kroner, e.g. 740.000 (got '{value}')")
            problems.append(message.format(name=name, value=value))
        elif not 0 < amount <= MAX_AMOUNT:
            message = _("{name}: the amount must be above 0 and at most {limit} kr.")
            problems.append(message.format(name=name, limit=danish.kroner(MAX_AMOUNT)))
        else:
            written[name] = str(amount)
    if problems:
        raise FormError(problems)
    return written


def plain_amount(text: str) -> int | None:
    """A whole amount as staff write it: '740.000', '740 000 kr.', '740000'; None if it is none.

    Whole kroner: a what-if amount is a budget, and the rules that split into whole units refuse øre."""
    cleaned = text.replace("\u00a0", "").replace(" ", "").removesuffix(".").removesuffix("kr").removesuffix("kr.")
    cleaned = cleaned.removesuffix(",00").removesuffix(",-")
    if not AMOUNT.match(cleaned):
        return None
    return int(cleaned.replace(".", ""))


def groups(rules: list[Rule], clusters: list[Cluster], data: Data, typed: dict[str, str]) -> list[Group]:
    """A group of fields per parameter the rules use (the first rule's where several share it), over
    ``clusters``; an empty field shows the rule's own value, ``typed`` what the request gave."""
    from ..engine.parameters import settle

    used: dict[str, Setting] = {}
    for rule in rules:
        for setting in settle(rule, data, {}).values():
            if setting.used:
                used.setdefault(setting.parameter.name, setting)
    return [_group(setting, clusters, data, typed) for setting in used.values()]


def clusters_before_computing(loaded: Loaded[Rule], data: Data, sets: dict[str, str]) -> list[Cluster]:
    """The klynger of a rule that cannot be computed yet (a medformandskommune nobody gave, say): those
    of its registry, with every member in."""
    from ..engine.members import resolve
    from ..engine.parameters import apply, settle

    rule = apply(loaded.model, settle(loaded.model, data, sets), data.carry_overs)
    dataset = data.datasets[rule.dataset_id].model
    claimants, _ = resolve(Loaded(loaded.doc, rule), dataset, data.registries, None)  # None: nobody left out
    return list({c.cluster.id: c.cluster for c in claimants if c.cluster is not None}.values())


def _group(setting: Setting, clusters: list[Cluster], data: Data, sets: dict[str, str]) -> Group:
    parameter = setting.parameter
    name, kind = parameter.name, parameter.type
    note = parameter.note or ""
    if kind is ParameterType.co_chairs:
        chairs = setting.value or {}
        fields = tuple(
            Field(f"{name}.{c.id}", c.name, chairs.get(c.id, ""), sets.get(f"{name}.{c.id}", ""), _members(c))
            for c in clusters
        )
        return Group(name, parameter.title, note, (), fields)
    label = _("For every klynge") if parameter.per_cluster else _("Value")  # the legend gives the title
    main = Field(name, label, _current(setting.value), sets.get(name, ""), _choices(kind, data))
    if not parameter.per_cluster:
        return Group(name, parameter.title, note, (main,))
    own = tuple(
        Field(f"{name}.{c.id}", c.name, _current(setting.for_cluster(c.id)[0]), sets.get(f"{name}.{c.id}", ""))
        for c in clusters
    )
    return Group(name, parameter.title, note, (main,), own)


def _current(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{danish.kroner(value)} kr."
    return str(value.value if isinstance(value, PayoutKey) else value)


def _choices(kind: ParameterType, data: Data) -> tuple[tuple[str, str], ...]:
    if kind is ParameterType.dataset:
        return tuple((id_, f"{id_}: {loaded.model.title}") for id_, loaded in sorted(data.datasets.items()))
    if kind is ParameterType.payout_key:
        return tuple((key.value, key.value) for key in PayoutKey)
    return ()


def _members(cluster: Cluster) -> tuple[tuple[str, str], ...]:
    names = [m.municipality if isinstance(m, ClusterMember) else str(m) for m in cluster.members]
    return tuple((n, n) for n in names)
