"""A rule compiled into what its computation needs: each pot by its shape, the layout of the rows,
and where the money goes. This module is the one place that reads a pot's and a rule's shape keys
(``by_region``, ``for_each_cluster``, ``split_within``, ``paid_to``, ``split_to``): the computation,
the checks, ``explain``, the money flows and the tables read the plan. A new shape of pot is one
builder here, one check here and one field in the schema.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from ..i18n import _
from .errors import Problem
from .loader import Loaded
from .models import ParameterRef, PayoutKey, Pot, RegionKeyData, RegionKeyRef, Rule, Selection, Source

Keys = Mapping[str, RegionKeyData]  # the region key files by id, for pots whose key is {dataset: ID}
PerCluster = Mapping[str, Mapping[str, Decimal]]  # pot id: klynge id: amount (parameters given per klynge)


@dataclass(frozen=True)
class Given:
    """What a pot's builder takes beside the pot: the selected klynger, the region key files, and what
    parameters give per klynge (each pot's amount, the amounts of a payout table)."""

    clusters: Sequence[str]
    keys: Keys
    amounts: PerCluster
    tables: PerCluster

    def each(self, pot: Pot) -> dict[str, Fraction]:
        """The pot's amount for each selected klynge: its own where a parameter gives one, else the pot's."""
        own = self.amounts.get(pot.id, {})
        return {cluster: Fraction(own.get(cluster, pot.kroner)) for cluster in self.clusters}


class Shape(StrEnum):
    """How a pot is split."""

    pooled = "pooled"  # one amount (per klynge times the klynger, with for_each_cluster) over every claimant
    by_region = "by_region"  # first on the regions by a key, then within each region by indbyggertal
    per_cluster = "per_cluster"  # each klynge's amount over that klynge's own members


class Grouping(StrEnum):
    """How the rows are laid out."""

    none = "none"  # a row per kommune
    by_region = "by_region"  # a row per klynge, under a subtotal per region (split_to: cluster)
    by_cluster = "by_cluster"  # a row per kommune in each klynge, under the klynge's own row


@dataclass(frozen=True)
class PotPlan:
    """One pot as the computation splits it."""

    pot: Pot
    shape: Shape
    total: Decimal  # what the pot hands out in all
    region_key: dict[str, Fraction] = field(default_factory=dict)  # by_region: each region's key value
    key_source: Source | None = None
    key_data: RegionKeyData | None = None  # by_region with {dataset: ID}: the key file the values come from
    paid_to_co_chair: bool = False  # each klynge's medformandskommune receives its klynge's money
    amounts: dict[str, Fraction] = field(default_factory=dict)  # for_each_cluster: each klynge's own amount
    payout: PayoutKey | None = None  # a pool paid to the medformandskommuner: the key it is paid out by
    table: dict[str, Fraction] = field(default_factory=dict)  # payout 'table': each klynge's amount

    @property
    def id(self) -> str:
        return self.pot.id

    @property
    def title(self) -> str:
        return self.pot.title

    @property
    def each(self) -> Fraction:
        """The amount as the rule states it: per klynge for a pot per klynge, else the whole pot."""
        return Fraction(self.pot.kroner)

    def amount_for(self, cluster: str) -> Fraction:
        """A klynge's own amount of a pot per klynge (the amount the rule states, where none is given)."""
        return self.amounts.get(cluster, self.each)

    @property
    def recipient(self) -> str | None:
        """Who receives the pot: 'co_chair', 'joint_secretariat', or nobody named."""
        return self.pot.paid_to

    @property
    def differs_per_cluster(self) -> bool:
        return len(set(self.amounts.values())) > 1


@dataclass(frozen=True)
class Plan:
    """A rule (its parameters applied) with its pots by shape and the layout of its rows."""

    rule: Rule
    pots: tuple[PotPlan, ...]
    grouping: Grouping

    @property
    def routes_to_co_chairs(self) -> bool:
        return any(p.paid_to_co_chair for p in self.pots)

    @property
    def member_level(self) -> str:
        """What a member row is: a klynge (a row per klynge) or a kommune."""
        return "cluster" if self.grouping is Grouping.by_region else "municipality"

    def pot(self, pot_id: str) -> PotPlan:
        return next(p for p in self.pots if p.id == pot_id)


def compile_rule(
    rule: Rule,
    clusters: Sequence[str] | int = 1,
    keys: Keys | None = None,
    per_cluster: tuple[PerCluster, PerCluster] = ({}, {}),
) -> Plan:
    """The plan of ``rule`` (parameters applied) over the ids of its selected klynger (one unnamed by
    default); ``keys`` are the region key files (each by_region pot that names one must find it: checks.py
    reports one that is missing); ``per_cluster`` what parameters give per klynge: pots' amounts, payout tables."""
    ids = [f"#{n}" for n in range(clusters)] if isinstance(clusters, int) else clusters  # a count: klynger unnamed
    given = Given(ids, keys or {}, *per_cluster)
    return Plan(rule, tuple(_pot(pot, given) for pot in rule.pots), _grouping(rule))


def _grouping(rule: Rule) -> Grouping:
    if rule.split_to == "cluster":
        return Grouping.by_region
    return Grouping.by_cluster if any(_per_cluster(p) for p in rule.pots) else Grouping.none


def _per_cluster(pot: Pot) -> bool:
    return pot.for_each_cluster and pot.split_within == "cluster"


def _pot(pot: Pot, given: Given) -> PotPlan:
    shape = Shape.by_region if pot.by_region is not None else Shape.per_cluster if _per_cluster(pot) else Shape.pooled
    return BUILDERS[shape](pot, given)


def key_file(pot: Pot) -> str | None:
    """The id of the region key file a by_region pot takes its key from, or None (no key, or written inline)."""
    key = pot.by_region.key if pot.by_region is not None else None
    return key.dataset if isinstance(key, RegionKeyRef) else None


def _pooled(pot: Pot, given: Given) -> PotPlan:
    """One amount, or with for_each_cluster the sum of the klynger's own amounts; paid to the
    medformandskommuner, it is handed out by its payout key (default: each klynge's own cost)."""
    if not pot.for_each_cluster:
        return PotPlan(pot, Shape.pooled, pot.kroner)
    amounts = given.each(pot)
    total = _decimal(sum(amounts.values(), Fraction(0)))
    to_chairs = pot.paid_to == "co_chair"
    key = _payout_key(pot) if to_chairs else None
    table = {c: Fraction(a) for c, a in given.tables.get(pot.id, {}).items()} if key is PayoutKey.table else {}
    return PotPlan(pot, Shape.pooled, total, paid_to_co_chair=to_chairs, amounts=amounts, payout=key, table=table)


def _payout_key(pot: Pot) -> PayoutKey:
    key = pot.payout.key if pot.payout is not None else PayoutKey.cost
    assert isinstance(key, PayoutKey), "parameters must be applied before the plan is made"
    return key


def _decimal(value: Fraction) -> Decimal:
    """An exact sum of amounts in kr. (given with at most a few decimals) as the Decimal it is."""
    return Decimal(value.numerator) / Decimal(value.denominator)


def _two_level(pot: Pot, given: Given) -> PotPlan:
    assert pot.by_region is not None
    named = key_file(pot)
    data = given.keys[named] if named is not None else None
    values = data.values if data is not None else pot.by_region.key
    assert isinstance(values, dict)
    key = {str(region): Fraction(value) for region, value in values.items()}
    source = data.source if data is not None else pot.by_region.source
    return PotPlan(pot, Shape.by_region, pot.kroner, key, source, data)


def _own_pots(pot: Pot, given: Given) -> PotPlan:
    amounts = given.each(pot)
    total = _decimal(sum(amounts.values(), Fraction(0)))
    return PotPlan(pot, Shape.per_cluster, total, paid_to_co_chair=pot.paid_to == "co_chair", amounts=amounts)


BUILDERS: dict[Shape, Callable[[Pot, Given], PotPlan]] = {
    Shape.pooled: _pooled,
    Shape.by_region: _two_level,
    Shape.per_cluster: _own_pots,
}


def involves_co_chairs(rule: Rule) -> bool:
    """Whether the medformandskommuner pay (members.payers) or are paid (a pot's paid_to) under ``rule``."""
    by_chair = isinstance(rule.members, Selection) and rule.members.payers == "co_chair"
    return by_chair or any(pot.paid_to == "co_chair" for pot in rule.pots)


def check_shapes(loaded: Loaded[Rule]) -> list[Problem]:
    """What a schema cannot say about the shape keys: money for a klynge's runner must come per klynge,
    and a row per klynge needs the klynger from a registry."""
    doc, rule = loaded.doc, loaded.model
    problems = []
    for index, pot in enumerate(rule.pots):
        if pot.paid_to == "co_chair" and not pot.for_each_cluster:
            message = _("pot '{pot}' is paid to each klynge's medformandskommune, so it needs for_each_cluster: true")
            message = message.format(pot=pot.id)
            problems.append(doc.problem(("pots", index, "paid_to"), message, check="paid-to-co-chair"))
        pooled = pot.for_each_cluster and pot.split_within == "all" and pot.by_region is None
        if pot.payout is not None and not (pooled and pot.paid_to == "co_chair"):
            message = _(
                "pot '{pot}' has a payout key, which hands a pool to the medformandskommuner: it needs"
                " for_each_cluster: true, split_within: all and paid_to: co_chair"
            )
            problems.append(doc.problem(("pots", index, "payout"), message.format(pot=pot.id), check="payout-shape"))
    if rule.split_to == "cluster" and not isinstance(rule.members, Selection):
        message = _("split_to: cluster needs members taken from a cluster registry")
        problems.append(doc.problem(("split_to",), message, check="split-to-cluster"))
    return problems


def check_per_cluster(loaded: Loaded[Rule]) -> list[Problem]:
    """An amount given per klynge (a parameter with per_cluster: true) needs a pot per klynge to go to.
    Run on the rule as written, before its parameters are applied (paramchecks.py)."""
    per_cluster = {p.name for p in loaded.model.parameters if p.per_cluster}
    problems = []
    for index, pot in enumerate(loaded.model.pots):
        name = pot.amount.parameter if isinstance(pot.amount, ParameterRef) else None
        if name in per_cluster and not pot.for_each_cluster:
            message = _("pot '{pot}' takes an amount per klynge from '{name}', so it needs for_each_cluster: true")
            at = ("pots", index, "amount")
            problems.append(loaded.doc.problem(at, message.format(pot=pot.id, name=name), check="per-cluster"))
    return problems
