"""The klyngeregnskab: each contributor's budget (its contributions under the rule) against what it booked,
the unspent funds, and what is carried into the next year.

Exact throughout: budgets and entries are Decimal kroner in whole øre, so every sum here is exact.
Carrying over follows Afrapportering for arbejdsgruppen for sundhedsklyngeøkonomi, section D: unspent 2022
contributions may be carried into 2023 only where the kommune or region commits an equivalent room within
the 2023 udgiftsloft. That is an input per contributor (engine/ledger.py reads it), never assumed.
Overspending is kept as it is: a negative unspent amount, carried as nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol

from .ledger import Commitment, Entry, Funders

QUARTERS = (1, 2, 3, 4)
ZERO = Decimal(0)


class Funding(Protocol):
    """What the regnskab reads of a contribution (engine/contributions.py's Contribution)."""

    @property
    def cluster(self) -> str: ...
    @property
    def cluster_name(self) -> str: ...
    @property
    def region(self) -> str: ...
    @property
    def contributor(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def amount(self) -> Decimal: ...


@dataclass(frozen=True)
class ContributorAccount:
    """One contributor's part of one klynge's regnskab."""

    contributor: str
    kind: str  # "municipality" or "region"
    budget: Decimal
    spent: Decimal
    commitment: Commitment | None  # None: named in no commitments file, so not committed

    @property
    def unspent(self) -> Decimal:
        return self.budget - self.spent

    @property
    def committed(self) -> bool:
        return self.commitment is not None and self.commitment.committed

    @property
    def carried(self) -> Decimal:
        """Carried into the next year: the unspent funds where the room is committed, else nothing."""
        return max(self.unspent, ZERO) if self.committed else ZERO

    @property
    def not_carried(self) -> Decimal:
        return max(self.unspent, ZERO) - self.carried


@dataclass(frozen=True)
class ClusterAccounts:
    """One klynge's regnskab: per contributor, per initiative and per quarter."""

    cluster: str
    name: str
    region: str
    contributors: list[ContributorAccount]
    initiatives: dict[str, dict[int, Decimal]] = field(default_factory=dict)  # initiative: quarter: spent
    quarters: dict[int, dict[str, Decimal]] = field(default_factory=dict)  # quarter: contributor: spent

    def total(self, attribute: str) -> Decimal:
        """The sum over the contributors of budget, spent, unspent, carried or not_carried."""
        return sum((getattr(account, attribute) for account in self.contributors), ZERO)


@dataclass(frozen=True)
class Regnskab:
    rule: str
    year: int
    clusters: list[ClusterAccounts]
    unbooked: int  # klynger of the rule left out because the ledger has no entries for them

    def total(self, attribute: str) -> Decimal:
        return sum((cluster.total(attribute) for cluster in self.clusters), ZERO)


def funders(rule: str, budget: Iterable[Funding]) -> Funders:
    """Who funds which klynge under the rule: what a ledger's entries are checked against."""
    names: dict[str, str] = {}
    contributors: dict[str, dict[str, None]] = {}
    for item in budget:
        names.setdefault(item.cluster, item.cluster_name)
        contributors.setdefault(item.cluster, {})[item.contributor] = None
    return Funders(rule, names, {cluster: tuple(found) for cluster, found in contributors.items()})


def regnskab(
    rule: str,
    year: int,
    budget: Iterable[Funding],
    entries: Iterable[Entry],
    commitments: Mapping[str, Commitment],
    cluster: str | None = None,
) -> Regnskab:
    """The regnskab of ``cluster``, or of every klynge the ledger has entries for."""
    budget, entries = list(budget), [e for e in entries if cluster is None or e.cluster == cluster]
    booked = {e.cluster for e in entries}
    chosen = {cluster} if cluster else booked
    ordered = list(dict.fromkeys(item.cluster for item in budget))
    clusters = [
        _cluster([b for b in budget if b.cluster == c], [e for e in entries if e.cluster == c], commitments)
        for c in ordered
        if c in chosen
    ]
    return Regnskab(rule, year, clusters, 0 if cluster else len(set(ordered) - booked))


def _cluster(budget: list[Funding], entries: list[Entry], commitments: Mapping[str, Commitment]) -> ClusterAccounts:
    first = budget[0]
    amounts: dict[str, Decimal] = {}
    kinds: dict[str, str] = {}
    for item in budget:  # a contributor's budget is its contributions over every pot of the rule
        amounts[item.contributor] = amounts.get(item.contributor, ZERO) + item.amount
        kinds[item.contributor] = item.kind
    spent = _summed((e.contributor, e.amount) for e in entries)
    accounts = [
        ContributorAccount(name, kinds[name], amount, spent.get(name, ZERO), commitments.get(name))
        for name, amount in amounts.items()
    ]
    initiatives: dict[str, dict[int, Decimal]] = {}
    quarters: dict[int, dict[str, Decimal]] = {q: {} for q in QUARTERS}
    for e in sorted(entries, key=lambda e: e.initiative):
        by_quarter = initiatives.setdefault(e.initiative, dict.fromkeys(QUARTERS, ZERO))
        by_quarter[e.quarter] += e.amount
        quarters[e.quarter][e.contributor] = quarters[e.quarter].get(e.contributor, ZERO) + e.amount
    return ClusterAccounts(first.cluster, first.cluster_name, first.region, accounts, initiatives, quarters)


def _summed(pairs: Iterable[tuple[str, Decimal]]) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}
    for key, amount in pairs:
        out[key] = out.get(key, ZERO) + amount
    return out
