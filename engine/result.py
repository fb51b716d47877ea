"""What a computation gives: the rows with their typed keys, each cell's amount, exact value and trace,
the pots, the rates, and the plan and data it was made from."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from .models import Cluster, PopulationDataset, Rounding, Rule, Source
from .parameters import Setting
from .plan import Grouping, Plan
from .trace import CellTrace, Quota, Totals


@dataclass(frozen=True)
class RowKey:
    """What a row is, by id rather than by its name, which may repeat ("Klynge Syd" is in two regions):
    a kommune (its name, and the id of the klynge it counts in), a klynge (its id), a region, the total."""

    level: str
    id: str
    cluster: str = ""


@dataclass(frozen=True)
class Row:
    """One output row: a municipality, a cluster, a region subtotal, or the total."""

    level: str
    name: str
    basis: Fraction
    share: Fraction
    amounts: dict[str, Decimal]
    exact: dict[str, Fraction] = field(default_factory=dict)
    region: str | None = None
    cluster: str | None = None
    reasons: tuple[str, ...] = ()
    parts: tuple[tuple[str, Fraction], ...] = ()  # a klynge row's kommuner and their bases
    key: RowKey = RowKey("", "")
    trace: dict[str, CellTrace] = field(default_factory=dict)  # each pot's cell, as it was computed
    total: CellTrace | None = None  # the row's I alt across the pots, as the rule's rounding.totals made it
    counted_in: tuple[str, ...] = ()  # a pooled kommune's klynger (from a registry): where its basis comes from

    @property
    def amount(self) -> Decimal:
        """The row's I alt: rounded from its exact value, or the sum of its cells (``rounding.totals``)."""
        return self.total.amount if self.total else sum(self.amounts.values(), Decimal(0))

    @property
    def label(self) -> str:
        """How the row is named in reports: a cluster with its region, since names repeat."""
        if self.level == "cluster":
            return f"{self.name} ({self.region})"
        if self.level == "municipality" and self.cluster:
            return f"{self.name} ({self.cluster})"
        return self.name


@dataclass(frozen=True)
class PotResult:
    """A pot and what its member cells add up to; ``difference`` is 0 unless rounded nearest."""

    id: str
    title: str
    amount: Decimal
    allocated: Decimal

    @property
    def difference(self) -> Decimal:
        return self.allocated - self.amount


@dataclass(frozen=True)
class Rate:
    """Kroner per inhabitant of one pot within one scope (a region, or everyone)."""

    pot: str
    scope: str
    amount: Fraction
    basis: Fraction
    region: str | None = None  # a klynge's region, for telling two klynger of one name apart

    @property
    def value(self) -> Fraction:
        return self.amount / self.basis


@dataclass(frozen=True)
class Result:
    plan: Plan
    dataset: PopulationDataset
    pots: list[PotResult]
    rows: list[Row]
    rates: list[Rate] = field(default_factory=list)
    settings: list[Setting] = field(default_factory=list)
    clusters: list[Cluster] = field(default_factory=list)
    payouts: dict[str, dict[str, Decimal]] = field(default_factory=dict)  # pot id: klynge id: what its runner gets

    @property
    def rule(self) -> Rule:
        return self.plan.rule

    @property
    def rounding(self) -> Rounding:
        return self.rule.rounding

    @property
    def source(self) -> Source:
        return self.rule.source

    def shown(self, row: Row) -> str:
        """The row's name as a table shows it. A member row stands under its klynge's or region's own row;
        a klynge's own row carries its region where another klynge of the rule has the same name."""
        if row.level != "cluster" or self.plan.grouping is not Grouping.by_cluster:
            return row.name
        twins = sum(1 for r in self.rows if r.level == "cluster" and r.name == row.name)
        return row.label if twins > 1 else row.name


@dataclass(frozen=True)
class Claim:
    """What a pot is split over: a kommune or a klynge, with its group (region or klynge) and basis."""

    key: str
    name: str
    region: str
    basis: Fraction
    cluster: str | None = None
    group: str = ""
    reasons: tuple[str, ...] = ()
    parts: tuple[tuple[str, Fraction], ...] = ()
    row_key: RowKey | None = None
    counted_in: tuple[str, ...] = ()  # a pooled kommune's klynger, in registry order

    def key_as(self, level: str) -> RowKey:
        return self.row_key or RowKey(level, self.key)


@dataclass
class PotSplit:
    """One pot's cells: exact and rounded per claim and per group, and the steps that made them."""

    exact: dict[str, Fraction]
    amounts: dict[str, Decimal]
    group_exact: dict[str, Fraction]
    group_amounts: dict[str, Decimal]
    steps: dict[str, tuple[Quota, ...]] = field(default_factory=dict)  # per claim
    group_steps: dict[str, tuple[Quota, ...]] = field(default_factory=dict)  # per group; () for a klynge's own pot
    totals: Totals = "exact"  # how the group cells were made from the claims' (rounding.totals)

    def trace(self, claim: str) -> CellTrace:
        return CellTrace("share", self.exact[claim], self.amounts[claim], self.steps[claim])

    def group_trace(self, group: str) -> CellTrace:
        steps = self.group_steps[group]
        kind: Literal["share", "own"] = "share" if steps else "own"
        return CellTrace(kind, self.group_exact[group], self.group_amounts[group], steps, self.totals)
