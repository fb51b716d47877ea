"""Model 3's two keys (issue 13, item 1): collected from all kommuner by indbyggertal, paid out to the kommuner
that run the secretariats by ``payout_key`` (cost, equal, members, population, table).

Expected payouts are computed here from the population figures and Tabel 2's memberships as model 3 counts
them (each kommune once: København 0,4466224 in Syd and 0,5533776 in By, Rødovre in Midt only).
"""

from __future__ import annotations

import json
import random
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .test_cluster_costs import burdens, population, total
from .test_compare import CHAIRS, CLUSTERS, SET_CHAIRS, compare

MODEL3, MODEL4 = "sekretariat-model3-2022", "sekretariat-model4-2022"
POOL = 5 * 370_000
MEMBERS = {
    "hovedstaden-nord": [
        "Helsingør", "Hørsholm", "Hillerød", "Frederikssund", "Fredensborg", "Allerød", "Gribskov", "Halsnæs",
    ],
    "hovedstaden-midt": [
        "Herlev", "Gentofte", "Ballerup", "Egedal", "Furesø", "Gladsaxe", "Lyngby-Taarbæk", "Rudersdal", "Rødovre",
    ],
    "hovedstaden-syd": [
        "Albertslund", "Brøndby", "Dragør", "Glostrup", "Tårnby", "Hvidovre", "Høje-Taastrup", "Ishøj", "Vallensbæk",
        "København",
    ],
    "hovedstaden-by": ["København", "Frederiksberg"],
    "hovedstaden-bornholm": ["Bornholm"],
}  # fmt: skip
KOBENHAVN = {"hovedstaden-syd": Fraction("0.4466224"), "hovedstaden-by": Fraction("0.5533776")}


def inhabitants(cluster: str) -> Fraction:
    people = population()
    counted = (people[k] * KOBENHAVN.get(cluster, 1) if k == "København" else people[k] for k in MEMBERS[cluster])
    return sum(counted, Fraction(0))


def received(klynge, *args: str) -> dict[str, int]:  # type: ignore[no-untyped-def]
    result = klynge("calc", MODEL3, "-f", "json", *SET_CHAIRS, *args)
    assert result.code == 0, result.err
    return {f["municipality"]: f["receives"] for f in json.loads(result.out)["flows"] if f["receives"]}


@pytest.mark.parametrize("key", ["equal", "members", "population"])
def test_model_3_pays_out_by_the_key_and_every_column_sums(klynge, key: str) -> None:  # type: ignore[no-untyped-def]
    weights = {
        "equal": {c: Fraction(1) for c in CLUSTERS},
        "members": {c: Fraction(len(m)) for c, m in MEMBERS.items()},
        "population": {c: inhabitants(c) for c in CLUSTERS},
    }[key]
    payouts = received(klynge, "--set", f"payout_key={key}")
    assert sum(payouts.values()) == POOL  # largest remainder: the pool to the krone
    for cluster, chair in CHAIRS.items():
        assert abs(payouts[chair] - POOL * weights[cluster] / sum(weights.values())) < 1, chair
    document = compare(klynge, *SET_CHAIRS, "--set", f"payout_key={key}")
    assert all(total(document, model) == POOL for model in document["rows"][-1]["values"])
    three, four = burdens(document, MODEL3), burdens(document, MODEL4)
    for name in three:  # a runner's burden = its payment − its payout + its own cost; model 4 pays no runner
        runs = name in CHAIRS.values()
        assert three[name] == four[name] - (payouts[name] if runs else 0) + (370_000 if runs else 0)
    assert (three == four) is (key == "equal")


def test_the_default_pays_each_runner_its_klynge_s_cost_and_the_note_says_so(klynge) -> None:  # type: ignore[no-untyped-def]
    assert received(klynge) == dict.fromkeys(CHAIRS.values(), 370_000)
    notes = compare(klynge)["notes"]
    assert (
        "Model 3: collected from all kommuner by indbyggertal (folk1a-2022K1); paid out by: each klynge's own cost."
        in notes
    )
    assert "Model 4: collected from all kommuner by indbyggertal (folk1a-2022K1); paid to Det fælleskommunale" in (
        " ".join(notes)
    )
    danish = klynge("--lang", "da", "compare", "--set", "payout_key=population").out
    assert "Model 3: opkræves fra alle kommuner efter indbyggertal (folk1a-2022K1); udbetales efter: klyngens" in danish


def test_a_table_pays_its_amounts_and_must_sum_to_the_pool(klynge, rules_copy: Path) -> None:  # type: ignore[no-untyped-def]
    amounts = dict(zip(CLUSTERS, [400_000, 450_000, 500_000, 300_000, 200_000], strict=True))
    table = [a for c, n in amounts.items() for a in ("--set", f"payout_amounts.{c}={n}")]
    payouts = received(klynge, "--set", "payout_key=table", *table)
    assert payouts == {CHAIRS[c]: n for c, n in amounts.items()}
    one_krone = ("--set", f"payout_amounts.{CLUSTERS[-1]}=1")
    short = klynge("calc", MODEL3, "--set", "payout_key=table", *table[:-2], *one_krone)
    assert short.code == 2
    assert "the payout table payout_amounts sums to 1.650.001 kr., not to the pool of 1.850.000 kr." in short.err
    missing = klynge("calc", MODEL3, "--set", "payout_key=table", *table[:4])
    assert missing.code == 1 and "no amount for hovedstaden-syd, hovedstaden-by, hovedstaden-bornholm" in missing.err
    body = "".join(f"    {c}: {n // 2}\n" for c, n in amounts.items())
    path = rules_copy / "data" / "udbetaling.yaml"
    path.write_text(f"kind: parameters\nid: udbetaling\ntitle: Udbetaling\nvalues:\n  payout_amounts:\n{body}", "utf-8")
    from_file = klynge("calc", MODEL3, "--rules-dir", str(rules_copy), "--set", "payout_key=table")
    assert from_file.code == 1
    assert "udbetaling.yaml:6:5: error: the payout table payout_amounts sums to 925.000 kr." in from_file.err


def test_an_unknown_key_is_wrong_usage(klynge) -> None:  # type: ignore[no-untyped-def]
    result = klynge("compare", "--set", "payout_key=tabel")
    assert result.code == 2 and "no such payout key (did you mean 'table'?)" in result.err


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    costs=st.lists(st.integers(min_value=1, max_value=2_000_000), min_size=5, max_size=5),
    key=st.sampled_from(["cost", "equal", "members", "population"]),
    seed=st.integers(0, 1000),
)
def test_burdens_sum_to_the_cost_for_any_costs_and_key(klynge, costs: list[int], key: str, seed: int) -> None:  # type: ignore[no-untyped-def]
    sets = [("--set", f"cost_per_cluster.{c}={n}") for c, n in zip(CLUSTERS, costs, strict=True)]
    document = compare(klynge, *SET_CHAIRS, "--set", f"payout_key={key}", *(a for s in sets for a in s))
    assert all(total(document, model) == sum(costs) for model in document["rows"][-1]["values"])
    assert sum(received(klynge, "--set", f"payout_key={key}", *(a for s in sets for a in s)).values()) == sum(costs)
    random.Random(seed).shuffle(sets)
    shuffled = compare(klynge, *SET_CHAIRS, *(a for s in sets for a in s), "--set", f"payout_key={key}")
    assert shuffled["rows"] == document["rows"]


def test_a_variant_lists_only_the_parameters_it_uses(klynge) -> None:  # type: ignore[no-untyped-def]
    """Model 4 inherits model 3's keys but pays Det fælleskommunale Sundhedssekretariat by its own key."""
    model4 = klynge("calc", "sekretariat-model4-2022").out
    assert "Parameter: joint_payment_basis" in model4 and "Parameter: cost_per_cluster" in model4
    assert "payout_key" not in model4 and "collection_basis" not in model4
    assert "Parameter: payout_key = cost" in klynge("calc", "sekretariat-model3-2022").out
