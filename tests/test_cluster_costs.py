"""Each klynge's own cost (issue 13, item 2): ``cost_per_cluster`` is one amount for every klynge, and may be
given for single klynger (``--set cost_per_cluster.hovedstaden-syd=555000``, or a mapping in a parameters file).

Expected numbers are computed here from the population figures in rules/data/folk1a-2022K1.yaml and the
memberships of Tabel 2, never copied from klynge's output.
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

from ruamel.yaml import YAML

from .conftest import RULES
from .test_compare import CHAIRS, SET_CHAIRS, compare

MODELS = [f"sekretariat-model{n}-2022" for n in (1, 2, 3, 4)]
SYD = 555_000
# Klynge Syd in model 2 (Tabel 2; København with its three districts, Rødovre at half its indbyggertal).
SYD_MEMBERS = {
    "Albertslund", "Brøndby", "Dragør", "Glostrup", "Tårnby", "Hvidovre", "Høje-Taastrup", "Ishøj", "Vallensbæk",
    "Rødovre", "København",
}  # fmt: skip
HOVEDSTADEN = 1_867_855


def population() -> dict[str, int]:
    data = YAML(typ="safe").load((RULES / "data" / "folk1a-2022K1.yaml").read_text(encoding="utf-8"))
    return {m["name"]: m["population"] for m in data["municipalities"]}


def burdens(document: dict, model: str) -> dict[str, int]:
    return {r["name"]: r["values"][model] for r in document["rows"] if r["level"] == "municipality"}


def total(document: dict, model: str) -> int:
    return next(r for r in document["rows"] if r["level"] == "total")["values"][model]


def test_a_cost_for_one_klynge_moves_only_what_it_should(klynge) -> None:  # type: ignore[no-untyped-def]
    before = compare(klynge, *SET_CHAIRS)
    after = compare(klynge, *SET_CHAIRS, "--set", f"cost_per_cluster.hovedstaden-syd={SYD}")
    assert all(total(after, model) == 4 * 370_000 + SYD for model in MODELS)
    # Model 2: only Klynge Syd's kommuner pay more (København and Rødovre also through their other klynge).
    old, new = burdens(before, MODELS[1]), burdens(after, MODELS[1])
    assert {name for name in old if old[name] != new[name]} == SYD_MEMBERS
    inhabitants = population()
    syd_basis = sum(inhabitants[n] for n in SYD_MEMBERS - {"København", "Rødovre"}) + 287_181 + Fraction(41_382, 2)
    hvidovre = Fraction(SYD * inhabitants["Hvidovre"], syd_basis)
    assert abs(new["Hvidovre"] - hvidovre) < 1  # the runner of Syd: pays its share, receives and spends the rest
    # Models 3 and 4: everyone pays a little more, by indbyggertal, out of a pool 185.000 kr. larger.
    for model in MODELS[2:]:
        old, new = burdens(before, model), burdens(after, model)
        assert all(new[name] > old[name] for name in old if name not in CHAIRS.values())
        gribskov = Fraction((4 * 370_000 + SYD) * inhabitants["Gribskov"], HOVEDSTADEN)
        assert abs(new["Gribskov"] - gribskov) < 1
    # Model 1: Syd's medformandskommune alone bears Syd's cost.
    assert burdens(after, MODELS[0])["Hvidovre"] == SYD
    assert after["cost_per_cluster"] is None  # the klynger no longer cost the same


def test_explain_and_the_parameter_line_show_the_klynge_s_own_amount(klynge) -> None:  # type: ignore[no-untyped-def]
    given = ("--set", f"cost_per_cluster.hovedstaden-syd={SYD}")
    lines = klynge("explain", "sekretariat-model2-2022", "Hvidovre", *given).out
    assert "Pot 'Sekretariatsbetjening': 555.000 kr. (parameter cost_per_cluster.hovedstaden-syd, --set;" in lines
    other = klynge("explain", "sekretariat-model2-2022", "Gribskov", *given).out
    assert "Pot 'Sekretariatsbetjening': 370.000 kr. (parameter cost_per_cluster, standard;" in other
    pool = klynge("explain", "sekretariat-model3-2022", "Gribskov", *given).out
    assert "555.000 (Klynge Syd) + 370.000 (Klynge By) + 370.000 (Bornholm) = 2.035.000 kr." in pool
    table = klynge("calc", "sekretariat-model2-2022", *given).out
    assert "Parameter: cost_per_cluster = 370.000 kr. (standard); hovedstaden-syd: 555.000 kr. (--set)" in table
    danish = klynge("--lang", "da", "compare", *given).out
    assert "Ændret: cost_per_cluster = 370.000 kr. (standard); hovedstaden-syd: 555.000 kr. (--set)" in danish


def test_the_dotted_amount_wins_over_the_one_for_every_klynge(klynge) -> None:  # type: ignore[no-untyped-def]
    args = ("--set", f"cost_per_cluster.hovedstaden-syd={SYD}", "--set", "cost_per_cluster=740000")
    document = compare(klynge, *SET_CHAIRS, *args)
    assert all(total(document, model) == 4 * 740_000 + SYD for model in MODELS)
    rows = json.loads(klynge("calc", "sekretariat-model2-2022", "-f", "json", *args).out)["rows"]
    assert [r["amount"] for r in rows if r["level"] == "cluster"] == [740_000, 740_000, SYD, 740_000, 740_000]


def _parameters_file(rules: Path, body: str) -> Path:
    path = rules / "data" / "klyngeudgifter.yaml"
    path.write_text(f"kind: parameters\nid: klyngeudgifter\ntitle: Udgift pr. klynge\nvalues:\n{body}", "utf-8")
    return path


def test_a_parameters_file_gives_one_klynge_its_own_cost(klynge, rules_copy: Path) -> None:  # type: ignore[no-untyped-def]
    _parameters_file(rules_copy, f"  cost_per_cluster:\n    hovedstaden-syd: {SYD}\n")
    assert klynge("validate", "--rules-dir", str(rules_copy)).code == 0
    from_file = compare(klynge, "--rules-dir", str(rules_copy), *SET_CHAIRS)
    from_set = compare(klynge, *SET_CHAIRS, "--set", f"cost_per_cluster.hovedstaden-syd={SYD}")
    assert from_file["rows"] == from_set["rows"]
    line = klynge("calc", "sekretariat-model2-2022", "--rules-dir", str(rules_copy)).out
    assert "hovedstaden-syd: 555.000 kr. (rules/data/klyngeudgifter.yaml)" in line.replace(str(rules_copy), "rules")


def test_an_unknown_klynge_is_refused_with_a_suggestion(klynge, rules_copy: Path) -> None:  # type: ignore[no-untyped-def]
    result = klynge("compare", "--set", "cost_per_cluster.hovedstaden-sid=1")
    assert result.code == 2
    assert "unknown klynge 'hovedstaden-sid' (did you mean 'hovedstaden-syd'?)" in result.err
    _parameters_file(rules_copy, "  cost_per_cluster:\n    hovedstaden-sid: 555000\n")
    checked = klynge("validate", "--rules-dir", str(rules_copy))
    assert checked.code == 1
    assert "klyngeudgifter.yaml:6:5: error: unknown klynge 'hovedstaden-sid' (did you mean" in checked.out + checked.err
    danish = klynge("--lang", "da", "compare", "--set", "cost_per_cluster.hovedstaden-sid=1")
    assert "ukendt klynge 'hovedstaden-sid' (mente du 'hovedstaden-syd'?)" in danish.err


def test_a_dot_is_only_for_parameters_given_per_klynge(klynge) -> None:  # type: ignore[no-untyped-def]
    result = klynge("compare", "--set", "collection_basis.hovedstaden-syd=folk1a-2022K1")
    assert result.code == 2
    assert "only co_chairs and parameters with per_cluster: true take a klynge after a dot" in result.err


def test_per_cluster_amount_needs_a_pot_per_klynge(klynge, rules_copy: Path) -> None:  # type: ignore[no-untyped-def]
    (rules_copy / "hele.yaml").write_text(
        "kind: rule\nid: hele\nbased_on: sekretariat-model2-2022\ntitle: Én pulje\n"
        "pots:\n  - id: sekretariat\n    for_each_cluster: false\n",
        encoding="utf-8",
    )
    result = klynge("validate", "--rules-dir", str(rules_copy))
    assert result.code == 1
    assert "pot 'sekretariat' takes an amount per klynge from 'cost_per_cluster'" in result.out + result.err


def test_the_json_gives_each_klynges_own_amount_and_its_origin(klynge) -> None:  # type: ignore[no-untyped-def]
    import json

    args = ("calc", "sekretariat-model2-2022", "--set", "cost_per_cluster.hovedstaden-syd=555000", "-f", "json")
    setting = json.loads(klynge(*args).out)["parameters"]["cost_per_cluster"]
    assert setting["value"] == 370000 and setting["origin"] == "standard"
    assert setting["clusters"] == {"hovedstaden-syd": {"value": 555000, "origin": "--set"}}


def test_a_klynge_outside_the_rule_is_refused_and_the_rule_s_own_are_listed(klynge) -> None:  # type: ignore[no-untyped-def]
    """--set may name only the klynger the rule takes from its registry; naming another would change nothing."""
    own = "klynger: hovedstaden-nord, hovedstaden-midt, hovedstaden-syd, hovedstaden-by, hovedstaden-bornholm)"
    for name in ("cost_per_cluster.nordjylland-nord=1", "co_chairs.nordjylland-nord=Hjørring"):
        result = klynge("calc", "sekretariat-model2-2022", "--set", name)
        assert result.code == 2
        assert f"nordjylland-nord is not one of the klynger of sekretariat-model2-2022 ({own}" in result.err
    unknown = klynge("calc", "sekretariat-model2-2022", "--set", "cost_per_cluster.x=1")
    assert f"unknown klynge 'x' ({own}" in unknown.err and "nordjylland" not in unknown.err
