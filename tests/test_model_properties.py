"""Properties of the secretariat models for random costs and populations: no model creates or
loses money, every klynge's secretariat is paid in full, and the burdens sum to the total cost."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from klynge.engine.calc import tabulate
from klynge.engine.flows import flows
from klynge.engine.models import Cluster, Rule
from klynge.engine.parameters import Setting
from klynge.engine.plan import compile_rule
from klynge.engine.result import Claim, Result

from . import builders

SOURCE = builders.SOURCE
REGION = "Region Hovedstaden"


@st.composite
def clusters(draw: st.DrawFn) -> list[tuple[Cluster, dict[str, Fraction]]]:
    """Klynger with kommuner and their bases; some kommuner sit in two klynger at half weight."""
    count = draw(st.integers(min_value=1, max_value=6))
    found = []
    for index in range(count):
        size = draw(st.integers(min_value=1, max_value=8))
        bases = {f"K{index}-{m}": Fraction(draw(st.integers(min_value=1, max_value=700_000))) for m in range(size)}
        if index and draw(st.booleans()):  # a kommune shared with the previous klynge, half in each
            shared = next(iter(found[-1][1]))
            found[-1][1][shared] /= 2
            bases[shared] = found[-1][1][shared]
        found.append((Cluster(id=f"klynge-{index}", name=f"Klynge {index}", members=list(bases)), bases))
    return found


def rule(pot: dict[str, object]) -> Rule:
    base = {
        "id": "sekretariat",
        "title": "Sekretariat",
        "source": SOURCE,
        "for_each_cluster": True,
        "paid_to": "co_chair",
    }
    chairs = [{"name": "co_chairs", "type": "co_chairs", "title": "Medformand", "source": SOURCE}]
    return builders.rule([{**base, **pot}], {"method": "largest_remainder"}, parameters=chairs)


def result_of(model: Rule, claims: list[Claim], found: list[tuple[Cluster, dict[str, Fraction]]]) -> Result:
    plan = compile_rule(model, len(found))
    pots, rows, rates = tabulate(plan, claims)
    chairs = {cluster.id: next(iter(bases)) for cluster, bases in found}
    setting = Setting(model.parameters[0], chairs, "--set")
    dataset = builders.dataset(REGION)
    return Result(plan, dataset, pots, rows, rates, [setting], [cluster for cluster, _ in found])


def per_cluster_claims(found: list[tuple[Cluster, dict[str, Fraction]]]) -> list[Claim]:
    return [
        Claim(f"{c.id}/{name}", name, REGION, basis, c.name, c.id)
        for c, bases in found
        for name, basis in bases.items()
    ]


def pooled_claims(found: list[tuple[Cluster, dict[str, Fraction]]]) -> list[Claim]:
    whole: dict[str, Fraction] = {}
    for _, bases in found:
        for name, basis in bases.items():
            whole[name] = whole.get(name, Fraction(0)) + basis
    return [Claim(name, name, REGION, basis, None, REGION) for name, basis in whole.items()]


COSTS = st.integers(min_value=1, max_value=5_000_000)


@settings(max_examples=120)
@given(clusters(), COSTS)
def test_model_2_pays_every_secretariat_in_full_and_burdens_sum_to_the_cost(found, cost) -> None:  # type: ignore[no-untyped-def]
    result = result_of(rule({"amount": cost, "split_within": "cluster"}), per_cluster_claims(found), found)
    for row in (r for r in result.rows if r.level == "cluster"):
        assert row.amount == cost
    money = flows(result)
    assert sum(f.pays for f in money.flows) == cost * len(found)
    assert sum(f.burden for f in money.flows) == cost * len(found)
    assert sum(f.net for f in money.flows if f.net is not None) == 0


@settings(max_examples=120)
@given(clusters(), COSTS)
def test_model_3_pool_collects_exactly_what_the_secretariats_cost(found, cost) -> None:  # type: ignore[no-untyped-def]
    result = result_of(rule({"amount": cost, "split_within": "all"}), pooled_claims(found), found)
    money = flows(result)
    assert sum(f.pays for f in money.flows) == cost * len(found) == sum(f.receives or 0 for f in money.flows)
    assert sum(f.burden for f in money.flows) == cost * len(found)
    assert all(f.burden == f.pays for f in money.flows)  # the runner's receipt pays exactly its cost


@settings(max_examples=60)
@given(clusters(), COSTS)
def test_model_1_each_runner_bears_its_secretariat(found, cost) -> None:  # type: ignore[no-untyped-def]
    chairs = [Claim(f"{c.id}/{next(iter(b))}", next(iter(b)), REGION, Fraction(1), c.name, c.id) for c, b in found]
    result = result_of(rule({"amount": cost, "split_within": "cluster"}), chairs, found)
    burdens = {f.municipality: f.burden for f in flows(result).flows}
    assert sum(burdens.values()) == cost * len(found)
    for _cluster, bases in found:
        assert burdens[next(iter(bases))] >= Decimal(cost)
