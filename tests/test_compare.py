"""The secretariat models of the proposal of 24 May 2022 and ``klynge compare``, through the CLI.

Expected numbers come from the sources (370.000 kr. per klynge; the published Syd table) or are
computed here independently from the population figures, never copied from klynge's output.
"""

from __future__ import annotations

import csv
import json
from fractions import Fraction
from pathlib import Path

import pytest

from .conftest import RULES

CLUSTERS = ["hovedstaden-nord", "hovedstaden-midt", "hovedstaden-syd", "hovedstaden-by", "hovedstaden-bornholm"]
# Illustrative co-chairs for the tests only: the source documents do not say who they are.
CHAIRS = {
    "hovedstaden-nord": "Hillerød",
    "hovedstaden-midt": "Gentofte",
    "hovedstaden-syd": "Hvidovre",
    "hovedstaden-by": "København",
    "hovedstaden-bornholm": "Bornholm",
}
SET_CHAIRS = [arg for cluster, chair in CHAIRS.items() for arg in ("--set", f"co_chairs.{cluster}={chair}")]
MODELS = [f"sekretariat-model{n}-2022" for n in (1, 2, 3, 4)]


def compare(klynge, *args: str) -> dict:  # type: ignore[no-untyped-def]
    result = klynge("compare", "--format", "json", *args)
    assert result.code == 0, result.err
    return json.loads(result.out)


def columns(document: dict) -> dict[str, int]:
    total = next(r for r in document["rows"] if r["level"] == "total")
    return total["values"]


def test_without_co_chairs_models_2_to_4_appear_and_one_line_says_what_model_1_needs(klynge) -> None:  # type: ignore[no-untyped-def]
    document = compare(klynge)
    assert [m["id"] for m in document["models"]] == MODELS[1:]
    municipalities = [r for r in document["rows"] if r["level"] == "municipality"]
    assert len(municipalities) == 29
    assert columns(document) == dict.fromkeys(MODELS[1:], 5 * 370_000)
    assert document["cost_per_cluster"] == 370_000
    assert len(document["missing"]) == 1 and "medformandskommune" in document["missing"][0]
    table = klynge("compare").out
    assert sum("sekretariat-model1-2022 needs the medformandskommune" in line for line in table.splitlines()) == 1


def test_with_co_chairs_all_four_models_appear(klynge) -> None:  # type: ignore[no-untyped-def]
    document = compare(klynge, *SET_CHAIRS)
    assert [m["id"] for m in document["models"]] == MODELS
    assert columns(document) == dict.fromkeys(MODELS, 5 * 370_000)
    model1 = {
        r["name"]: r["values"]["sekretariat-model1-2022"] for r in document["rows"] if r["level"] == "municipality"
    }
    assert {name for name, value in model1.items() if value} == set(CHAIRS.values())
    assert all(model1[chair] == 370_000 for chair in CHAIRS.values())
    assert document["missing"] == []


def test_co_chairs_from_the_parameters_file(klynge, rules_copy: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rules = rules_copy
    path = rules / "data" / "medformandskommuner.yaml"
    text = path.read_text(encoding="utf-8")
    for cluster, chair in CHAIRS.items():
        text = text.replace(f"    {cluster}:", f"    {cluster}: {chair}", 1)
    path.write_text(text, encoding="utf-8")
    assert klynge("validate", "--rules-dir", str(rules)).code == 0
    document = compare(klynge, "--rules-dir", str(rules))
    assert [m["id"] for m in document["models"]] == MODELS


def test_one_aarsvaerk_doubles_the_totals(klynge) -> None:  # type: ignore[no-untyped-def]
    half = compare(klynge, *SET_CHAIRS)
    whole = compare(klynge, *SET_CHAIRS, "--set", "cost_per_cluster=740000")
    assert whole["cost_per_cluster"] == 740_000
    assert columns(whole) == {model: 2 * total for model, total in columns(half).items()}
    assert any("cost_per_cluster = 740.000 kr. (--set; standard 370.000)" in note for note in whole["notes"])


def test_every_model_2_amount_at_one_aarsvaerk_is_within_1_kr_of_twice_the_half(klynge) -> None:  # type: ignore[no-untyped-def]
    def cells(*args: str) -> list[tuple[str, str | None, int]]:
        rows = json.loads(klynge("calc", "sekretariat-model2-2022", "-f", "json", *args).out)["rows"]
        return [(r["name"], r.get("cluster"), r["amount"]) for r in rows if r["level"] == "municipality"]

    half, whole = cells(), cells("--set", "cost_per_cluster=740000")
    assert len(half) == len(whole) == 31  # 29 kommuner, København and Rødovre in two klynger each
    for (name, cluster, before), (_, _, after) in zip(half, whole, strict=True):
        assert abs(after - 2 * before) <= 1, (name, cluster)


def test_model_2_klynge_syd_is_the_published_syd_table(klynge) -> None:  # type: ignore[no-untyped-def]
    result = klynge("calc", "sekretariat-model2-2022", "--format", "json")
    rows = [r for r in json.loads(result.out)["rows"] if r.get("cluster") == "Klynge Syd"]
    with (RULES / "published" / "syd_sekretariat_halvt_aarsvaerk_2022.csv").open(encoding="utf-8") as handle:
        published = {
            r["municipality"]: (int(r["indbyggertal_1kvt_2022"]), int(r["amount_of_370000"]))
            for r in csv.DictReader(handle)
        }
    assert {r["name"]: (r["basis"], r["amount"]) for r in rows} == published


def test_each_klynge_in_model_2_sums_to_its_cost_and_kobenhavn_is_split(klynge) -> None:  # type: ignore[no-untyped-def]
    rows = json.loads(klynge("calc", "sekretariat-model2-2022", "--format", "json").out)["rows"]
    clusters = [r for r in rows if r["level"] == "cluster"]
    assert [c["amount"] for c in clusters] == [370_000] * 5
    for cluster in clusters:
        members = [r for r in rows if r["level"] == "municipality" and r.get("cluster") == cluster["name"]]
        assert sum(m["amount"] for m in members) == 370_000
    kobenhavn = {r["cluster"]: r["basis"] for r in rows if r["name"] == "København" and r["level"] == "municipality"}
    assert kobenhavn == {"Klynge Syd": 287_181, "Klynge By": 644_431 - 287_181}
    rodovre = {r["cluster"]: r["basis"] for r in rows if r["name"] == "Rødovre" and r["level"] == "municipality"}
    assert rodovre == {"Klynge Midt": 41_382 / 2, "Klynge Syd": 41_382 / 2}


def test_model_3_pays_by_population_and_its_net_flows_sum_to_zero(klynge) -> None:  # type: ignore[no-untyped-def]
    document = json.loads(klynge("calc", "sekretariat-model3-2022", "--format", "json", *SET_CHAIRS).out)
    flows = document["flows"]
    assert sum(f["net"] for f in flows) == 0
    assert {f["municipality"] for f in flows if f["receives"]} == set(CHAIRS.values())
    kobenhavn = next(r for r in document["rows"] if r["name"] == "København")
    exact = Fraction(5 * 370_000 * 644_431, 1_867_855)  # Hovedstaden's 29 kommuner: 1.867.855 inhabitants
    assert abs(kobenhavn["amount"] - exact) < 1


def test_model_4_says_it_equals_model_3(klynge) -> None:  # type: ignore[no-untyped-def]
    document = compare(klynge)
    assert any("gives the same amount for every kommune as Model 3" in note for note in document["notes"])


def test_baseline_and_differences(klynge) -> None:  # type: ignore[no-untyped-def]
    document = compare(klynge, "--baseline", "3")
    assert document["baseline"] == "sekretariat-model3-2022"
    for row in (r for r in document["rows"] if r["level"] == "municipality"):
        for model, value in row["values"].items():
            assert row["differences"][model] == value - row["values"]["sekretariat-model3-2022"]
    highest = {m["id"]: m["highest"]["name"] for m in document["models"]}
    assert highest["sekretariat-model3-2022"] == "København"


@pytest.mark.parametrize(
    "args, message, code",
    [
        (("--set", "cost=1"), "unknown parameter 'cost' in --set", 2),
        (("--set", "cost_per_cluster=abc"), "expected an amount in kr.", 2),
        (("--set", "cost_per_cluster=740.000"), "without thousands separators, e.g. 740000", 2),
        (("--set", "cost_per_cluster"), "--set expects NAME=VALUE", 2),
        (("--baseline", "7"), "--baseline 7: not among the compared rules", 2),
        (("--set", "co_chairs.hovedstaden-syd=Gentofte"), "Gentofte is not a member of hovedstaden-syd", 2),
        (
            ("--set", "co_chairs.hovedstaden-sud=Hvidovre"),
            "unknown klynge 'hovedstaden-sud' (did you mean 'hovedstaden-syd'?)",
            2,
        ),
        (("--set", "co_chairs=Hvidovre"), "say which klynge, e.g. co_chairs.hovedstaden-nord=KOMMUNE", 2),
    ],
)
def test_bad_parameters(klynge, args: tuple[str, ...], message: str, code: int) -> None:  # type: ignore[no-untyped-def]
    result = klynge("compare", *args)
    assert result.code == code, result.err
    assert message in result.err
    assert "Traceback" not in result.err


def test_calc_says_which_values_were_overridden(klynge) -> None:  # type: ignore[no-untyped-def]
    out = klynge("calc", "sekretariat-model2-2022", "--set", "cost_per_cluster=740000").out
    assert "Parameter: cost_per_cluster = 740.000 kr. (--set; standard 370.000)" in out
    document = json.loads(klynge("calc", "sekretariat-model2-2022", "-f", "json").out)
    assert document["parameters"]["cost_per_cluster"] == {"value": 370000, "origin": "standard"}


def test_compare_formats(klynge, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    as_csv = klynge("compare", "--format", "csv").out.splitlines()
    assert as_csv[0].startswith("level,name,sekretariat-model2-2022") and len(as_csv) == 1 + 29 + 1
    assert "| **Total** | **1.850.000** |" in klynge("compare", "--format", "md").out
    target = tmp_path / "modeller.xlsx"
    assert klynge("compare", "--format", "xlsx", "--output", str(target)).code == 0
    from openpyxl import load_workbook

    sheet = load_workbook(target).active
    totals = next(row for row in sheet.iter_rows(values_only=True) if row[0] == "Total")
    assert totals[1:4] == (1_850_000, 1_850_000, 1_850_000)


def test_parameter_mistakes_in_files_are_problems_not_tracebacks(klynge, rules_copy: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rules = rules_copy
    params = rules / "data" / "medformandskommuner.yaml"
    text = params.read_text(encoding="utf-8").replace("    hovedstaden-syd:  ", "    hovedstaden-syd: Gentofte")
    params.write_text(text + "  cost_per_cluster: fire\n  costs: 1\n", encoding="utf-8")
    result = klynge("validate", "--rules-dir", str(rules))
    assert result.code == 1 and "Traceback" not in result.err
    assert "Gentofte is not a member of hovedstaden-syd" in result.err
    assert "no rule declares a parameter 'costs'" in result.err
    assert "parameter 'cost_per_cluster' must be an amount in kr., got 'fire'" in result.err
    model = rules / "sekretariat-model2-2022.yaml"
    text = model.read_text(encoding="utf-8").replace("{parameter: cost_per_cluster}", "{parameter: cost_per_klynge}")
    model.write_text(text, encoding="utf-8")
    calc = klynge("calc", "sekretariat-model2-2022", "--rules-dir", str(rules))
    assert calc.code == 1 and "unknown parameter 'cost_per_klynge' (did you mean 'cost_per_cluster'?)" in calc.err
    assert "Traceback" not in calc.err
