"""A rule compiled into what its computation needs: each pot by its shape, the layout of the rows,
and where the money goes. This module is the one place that reads a pot's and a rule's shape keys
(``by_region``, ``for_each_cluster``, ``split_within``, ``paid_to``, ``split_to``): the computation,
the checks, ``explain``, the money flows and the tables read the plan. A new shape of pot is one
builder here, one check here and one field in the schema.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from ..i18n import _
from .errors import Problem
from .loader import Loaded
from .models import Pot, RegionKeyData, RegionKeyRef, Rule, Selection, Source

Keys = Mapping[str, RegionKeyData]  # the region key files by id, for pots whose key is {dataset: ID}


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


def compile_rule(rule: Rule, clusters: int = 1, keys: Keys | None = None) -> Plan:
    """The plan of ``rule`` (parameters applied) over ``clusters`` selected klynger; ``keys`` are the
    region key files (each by_region pot that names one must find it: checks.py reports one that is missing)."""
    return Plan(rule, tuple(_pot(pot, clusters, keys or {}) for pot in rule.pots), _grouping(rule))


def _grouping(rule: Rule) -> Grouping:
    if rule.split_to == "cluster":
        return Grouping.by_region
    return Grouping.by_cluster if any(_per_cluster(p) for p in rule.pots) else Grouping.none


def _per_cluster(pot: Pot) -> bool:
    return pot.for_each_cluster and pot.split_within == "cluster"


def _pot(pot: Pot, clusters: int, keys: Keys) -> PotPlan:
    shape = Shape.by_region if pot.by_region is not None else Shape.per_cluster if _per_cluster(pot) else Shape.pooled
    return BUILDERS[shape](pot, clusters, keys)


def key_file(pot: Pot) -> str | None:
    """The id of the region key file a by_region pot takes its key from, or None (no key, or written inline)."""
    key = pot.by_region.key if pot.by_region is not None else None
    return key.dataset if isinstance(key, RegionKeyRef) else None


def _pooled(pot: Pot, clusters: int, keys: Keys) -> PotPlan:
    times = clusters if pot.for_each_cluster else 1
    return PotPlan(pot, Shape.pooled, pot.kroner * times, paid_to_co_chair=pot.paid_to == "co_chair")


def _two_level(pot: Pot, clusters: int, keys: Keys) -> PotPlan:
    assert pot.by_region is not None
    named = key_file(pot)
    data = keys[named] if named is not None else None
    values = data.values if data is not None else pot.by_region.key
    assert isinstance(values, dict)
    key = {str(region): Fraction(value) for region, value in values.items()}
    source = data.source if data is not None else pot.by_region.source
    return PotPlan(pot, Shape.by_region, pot.kroner, key, source, data)


def _own_pots(pot: Pot, clusters: int, keys: Keys) -> PotPlan:
    return PotPlan(pot, Shape.per_cluster, pot.kroner * clusters, paid_to_co_chair=pot.paid_to == "co_chair")


BUILDERS: dict[Shape, Callable[[Pot, int, Keys], PotPlan]] = {
    Shape.pooled: _pooled,
    Shape.by_region: _two_level,
    Shape.per_cluster: _own_pots,
}


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
    if rule.split_to == "cluster" and not isinstance(rule.members, Selection):
        message = _("split_to: cluster needs members taken from a cluster registry")
        problems.append(doc.problem(("split_to",), message, check="split-to-cluster"))
    return problems
