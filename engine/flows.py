"""Money between kommuner under a rule: what each pays, receives and bears in the end.

A kommune's burden is what it pays, less what it receives, plus the cost of a secretariat it
runs. Where each klynge's medformandskommune is unknown, receipts and running costs are unknown
too; they then cancel (the runner receives exactly what its secretariat costs), so the burden
is what the kommune pays, and the output says that it rests on that.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..i18n import _
from .errors import MissingInput
from .members import not_a_member
from .models import Cluster
from .parameters import co_chairs_of
from .plan import PotPlan, Shape
from .result import Result, Row, RowKey


@dataclass(frozen=True)
class Flow:
    municipality: str
    pays: Decimal
    receives: Decimal | None = None
    runs: Decimal | None = None

    @property
    def net(self) -> Decimal | None:
        """Paid out less received; None where receipts are unknown."""
        return None if self.receives is None else self.pays - self.receives

    @property
    def burden(self) -> Decimal:
        return self.pays - (self.receives or 0) + (self.runs or 0)


@dataclass(frozen=True)
class Flows:
    flows: list[Flow]
    known: bool  # receipts and running costs known (every klynge's medformandskommune given)

    def by_name(self) -> dict[str, Flow]:
        return {flow.municipality: flow for flow in self.flows}


def flows(result: Result) -> Flows:
    """Every kommune's payments, and its receipts and running costs where the rule routes money to runners."""
    pays: dict[str, Decimal] = {}
    for row in result.rows:
        if row.level == "municipality":
            pays[row.name] = pays.get(row.name, Decimal(0)) + row.amount
    routed = [pot for pot in result.plan.pots if pot.paid_to_co_chair]
    chairs = co_chairs_of({s.parameter.name: s for s in result.settings})
    known = all(chairs.get(c.id) for c in result.clusters) or not routed
    if not routed or not known:
        return Flows([Flow(name, paid) for name, paid in pays.items()], known=not routed)
    _check_chairs(result.clusters, chairs)
    receives = dict.fromkeys(pays, Decimal(0))
    runs = dict.fromkeys(pays, Decimal(0))
    for pot in routed:
        for cluster in result.clusters:
            chair = chairs[cluster.id]
            receives[chair] = receives.get(chair, Decimal(0)) + _received(result, pot, cluster)
            runs[chair] = runs.get(chair, Decimal(0)) + _own_cost(pot, cluster)
            pays.setdefault(chair, Decimal(0))
    return Flows([Flow(name, pays[name], receives[name], runs[name]) for name in pays], known=True)


def _received(result: Result, pot: PotPlan, cluster: Cluster) -> Decimal:
    """A klynge's pot as collected from its members, or its share of a common pool by the pool's payout key."""
    if pot.shape is not Shape.per_cluster:  # without a payout computed (a result made by hand): its own cost
        return result.payouts.get(pot.id, {}).get(cluster.id) or _own_cost(pot, cluster)
    row: Row = next(r for r in result.rows if r.key == RowKey("cluster", cluster.id))
    return row.amounts[pot.id]


def _own_cost(pot: PotPlan, cluster: Cluster) -> Decimal:
    """What the klynge's secretariat costs the kommune that runs it: the klynge's own amount of the pot."""
    amount = pot.amount_for(cluster.id)
    return Decimal(amount.numerator) / Decimal(amount.denominator)


def _check_chairs(clusters: list[Cluster], chairs: dict[str, str]) -> None:
    wrong = []
    for cluster in clusters:
        names = [m if isinstance(m, str) else m.municipality for m in cluster.members]
        if chairs[cluster.id] not in names:
            wrong.append(not_a_member(chairs[cluster.id], cluster))
    if wrong:
        raise MissingInput(_("medformandskommune: {problems}").format(problems="; ".join(wrong)))
