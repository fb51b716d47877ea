"""A rules directory of one's own, with klynge's shipped library behind it (engine/workspace.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from .conftest import FIXTURES, RULES

WHAT_IF = """\
kind: rule
id: opstart-50
based_on: opstartsmidler-2022
title: Opstartsmidler, hvis kommunerne betalte 50 mio. kr.
source: {document: Et regneeksempel}
pots:
  - id: kommuner
    amount: 50000000
"""
OWN_RULE = """\
kind: rule
id: syd-egen
title: Klynge Syd på det indbyggede datasæt og register
source: {document: Et regneeksempel}
basis: {dataset: folk1a-2022K1}
members: {registry: klynger-2022, clusters: [hovedstaden-syd], participation: all}
pots:
  - {id: sekretariat, title: Sekretariat, amount: 370000, source: {document: Et regneeksempel}}
rounding: {method: largest_remainder}
"""


@pytest.fixture
def mine(tmp_path: Path) -> Path:
    """An empty rules directory of a user's own: everything else comes from the shipped library."""
    (tmp_path / "rules" / "data").mkdir(parents=True)
    return tmp_path / "rules"


def calc_json(klynge, rules: Path, rule: str) -> dict:  # type: ignore[no-untyped-def,type-arg]
    result = klynge("calc", rule, "--rules-dir", str(rules), "--format", "json")
    assert result.code == 0, result.err
    return json.loads(result.out)  # type: ignore[no-any-return]


def test_a_variant_of_a_shipped_rule_computes_with_nothing_copied(klynge, mine: Path) -> None:  # type: ignore[no-untyped-def]
    (mine / "opstart-50.yaml").write_text(WHAT_IF, encoding="utf-8")
    assert sorted(p.name for p in mine.rglob("*") if p.is_file()) == ["opstart-50.yaml"]
    result = klynge("calc", "opstart-50", "--rules-dir", str(mine), "--format", "csv")
    assert result.code == 0, result.err
    total = next(line for line in result.out.splitlines() if line.startswith("total,"))
    # 50 mio. from the kommuner (changed) and the regions' 40 mio. (inherited): 90 mio. in all.
    assert total.split(",")[-3:] == ["50000000", "40000000", "90000000"]


def test_a_rule_of_ones_own_names_the_shipped_dataset_and_registry(klynge, mine: Path) -> None:  # type: ignore[no-untyped-def]
    (mine / "syd-egen.yaml").write_text(OWN_RULE, encoding="utf-8")
    assert klynge("validate", "--rules-dir", str(mine)).code == 0
    own = calc_json(klynge, mine, "syd-egen")
    kommuner = [r for r in own["rows"] if r["level"] == "municipality"]
    assert len(kommuner) == 11 and sum(r["amount"] for r in kommuner) == 370000
    # The registry's København: its Tabel 1 weight 0,4466224 of 644.431, not the Syd memo's bydele.
    assert next(r for r in kommuner if r["name"] == "København")["basis"] == pytest.approx(287817.3198544)


def test_validate_and_test_check_the_users_files_only(klynge, mine: Path) -> None:  # type: ignore[no-untyped-def]
    (mine / "opstart-50.yaml").write_text(WHAT_IF, encoding="utf-8")
    assert klynge("validate", "--rules-dir", str(mine)).out == "1 file checked: no problems.\n"
    tested = klynge("test", "--rules-dir", str(mine))
    assert tested.code == 0 and "opstartsmidler-2022" not in tested.out  # the shipped rule's table is not ours


def test_a_shipped_id_in_a_users_file_must_say_it_replaces_it(klynge, mine: Path) -> None:  # type: ignore[no-untyped-def]
    text = (RULES / "data" / "folk1a-2022K1.yaml").read_text(encoding="utf-8")
    changed = text.replace("population: 644431}", "population: 644531}").replace("total: 5873327", "total: 5873427")
    changed = changed.replace("Region Hovedstaden: 1867855", "Region Hovedstaden: 1867955")
    (mine / "data" / "folk1a-2022K1.yaml").write_text(changed, encoding="utf-8")
    (mine / "opstart-50.yaml").write_text(WHAT_IF, encoding="utf-8")
    refused = klynge("validate", "--rules-dir", str(mine))
    assert refused.code == 1
    assert "error: id 'folk1a-2022K1' is also the id of the data file klynge ships" in refused.err
    assert "add 'replaces_shipped: true' to use yours instead" in refused.err
    assert klynge("calc", "opstart-50", "--rules-dir", str(mine)).code == 1
    marked = changed.replace("\nperiod: 2022K1\n", "\nperiod: 2022K1\nreplaces_shipped: true\n")
    (mine / "data" / "folk1a-2022K1.yaml").write_text(marked, encoding="utf-8")
    assert klynge("validate", "--rules-dir", str(mine)).code == 0
    document = calc_json(klynge, mine, "opstart-50")
    hovedstaden = next(r for r in document["rows"] if r["name"] == "Region Hovedstaden")
    assert hovedstaden["basis"] == 1867955  # the user's figures, not the shipped ones


def test_a_rule_with_a_shipped_id(klynge, mine: Path) -> None:  # type: ignore[no-untyped-def]
    text = (RULES / "sekretariat-syd-2022.yaml").read_text(encoding="utf-8").replace("title: ½ årsværk", "title: Halvt")
    (mine / "sekretariat-syd-2022.yaml").write_text(text, encoding="utf-8")
    for command in ("validate", "calc"):
        result = klynge(command, "sekretariat-syd-2022", "--rules-dir", str(mine))
        assert result.code == 1 and "is also the id of the rule klynge ships" in result.err, command
    (mine / "sekretariat-syd-2022.yaml").write_text(text + "replaces_shipped: true\n", encoding="utf-8")
    assert "Halvt" in klynge("calc", "sekretariat-syd-2022", "--rules-dir", str(mine)).out


def test_an_unchanged_copy_of_a_shipped_file_is_no_conflict(klynge, mine: Path) -> None:  # type: ignore[no-untyped-def]
    (mine / "data" / "klynger-2022.yaml").write_bytes((RULES / "data" / "klynger-2022.yaml").read_bytes())
    assert klynge("validate", "--rules-dir", str(mine)).code == 0


def test_replaces_shipped_with_nothing_to_replace(klynge, mine: Path) -> None:  # type: ignore[no-untyped-def]
    (mine / "opstart-50.yaml").write_text(WHAT_IF + "replaces_shipped: true\n", encoding="utf-8")
    result = klynge("validate", "--rules-dir", str(mine))
    assert result.code == 1
    assert "opstart-50.yaml:9:19: error: replaces_shipped: klynge ships no rule with id 'opstart-50'" in result.err


def test_the_shipped_parameters_template_is_not_the_users_value(klynge, mine: Path) -> None:  # type: ignore[no-untyped-def]
    chairs = "kind: parameters\nid: mine\ntitle: Mine\nvalues:\n  co_chairs:\n    hovedstaden-syd: Albertslund\n"
    (mine / "data" / "mine.yaml").write_text(chairs, encoding="utf-8")
    assert klynge("validate", "--rules-dir", str(mine)).code == 0  # no clash with the shipped co_chairs
    result = klynge("calc", "sekretariat-syd-2022", "--rules-dir", str(mine))
    assert "Albertslund: pays 17.075 kr., receives 370.000 kr." in result.out


def test_list_shows_what_is_seen_and_where_it_comes_from(klynge, mine: Path) -> None:  # type: ignore[no-untyped-def]
    (mine / "opstart-50.yaml").write_text(WHAT_IF, encoding="utf-8")
    listed = json.loads(klynge("list", "--rules-dir", str(mine), "--format", "json").out)
    seen = {(e["kind"], e["id"], e["shipped"]) for e in listed}
    assert ("regel", "opstart-50", False) in seen
    assert {("regel", "opstartsmidler-2022", True), ("datasæt", "folk1a-2022K1", True)} <= seen
    assert ("klyngeregister", "klynger-2022", True) in seen
    assert not any(kind == "parametre" for kind, _, _ in seen)  # the shipped template is not in effect
    table = klynge("list", "--rules-dir", str(mine), "--lang", "da").out
    assert re.search(r"regel +opstart-50 +egen ", table) and re.search(r"regel +opstartsmidler-2022 +klynge ", table)


def test_a_replacement_named_as_one_likes_reaches_the_shipped_variants(klynge, mine: Path) -> None:  # type: ignore[no-untyped-def]
    model2 = (RULES / "sekretariat-model2-2022.yaml").read_text(encoding="utf-8")
    assert "    default: 370000\n" in model2
    mine_model2 = model2.replace("    default: 370000\n", "    default: 999000\n") + "replaces_shipped: true\n"
    (mine / "min-model2.yaml").write_text(mine_model2, encoding="utf-8")  # not named after its id
    assert (
        "Parameter: cost_per_cluster = 999.000 kr."
        in klynge("calc", "sekretariat-model2-2022", "--rules-dir", str(mine)).out
    )
    # Model 3 ships as a variant of model 2: it is built on the user's model 2 now (5 klynger × 999.000).
    model3 = calc_json(klynge, mine, "sekretariat-model3-2022")
    assert next(r for r in model3["rows"] if r["level"] == "total")["amount"] == 5 * 999_000


def test_a_conflicting_rule_stops_every_lookup(klynge, mine: Path) -> None:  # type: ignore[no-untyped-def]
    model2 = (RULES / "sekretariat-model2-2022.yaml").read_text(encoding="utf-8")
    (mine / "min-model2.yaml").write_text(model2.replace("370000", "999000"), encoding="utf-8")
    result = klynge("calc", "sekretariat-model3-2022", "--rules-dir", str(mine))  # built on the conflicting id
    assert result.code == 1 and "is also the id of the rule klynge ships" in result.err


def test_diff_of_a_variant_of_a_shipped_rule(klynge, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    klynge("init", str(tmp_path))
    rules = str(tmp_path / "rules")
    result = klynge("diff", "sekretariat-syd-2022", "eksempel-syd-1-aarsvaerk", "--rules-dir", rules)
    assert result.code == 0, result.err
    assert "København (Klynge Syd)" in result.out and "Total before: 370.000 kr.; after: 740.000 kr." in result.out


def test_hidden_files_are_no_rule_files(klynge, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    klynge("init", str(tmp_path))  # writes .pre-commit-config.yaml and .github/workflows/klynge.yml
    result = klynge("validate", str(tmp_path), "--rules-dir", str(tmp_path / "rules"))
    assert result.code == 0 and result.out == "2 files checked: no problems.\n"


def test_import_of_a_shipped_dataset_id_is_refused(klynge, mine: Path) -> None:  # type: ignore[no-untyped-def]
    export = str(FIXTURES / "dst" / "folk1a_2022K1_revised.csv")
    result = klynge("data", "import-dst", export, "--rules-dir", str(mine))
    assert result.code == 2 and "folk1a-2022K1 is a dataset klynge ships; give --id" in result.err
    assert list((mine / "data").iterdir()) == []
    assert klynge("data", "import-dst", export, "--rules-dir", str(mine), "--id", "folk1a-2022K1-rettet").code == 0
    assert klynge("validate", "--rules-dir", str(mine)).code == 0


def test_list_where_the_rules_directory_is_the_library(klynge) -> None:  # type: ignore[no-untyped-def]
    listed = json.loads(klynge("list", "--format", "json").out)
    assert listed and all(entry["shipped"] for entry in listed)


def test_list_shows_a_broken_data_file(klynge, mine: Path) -> None:  # type: ignore[no-untyped-def]
    (mine / "data" / "min.yaml").write_text("kind: population\nid: [\n", encoding="utf-8")
    listed = json.loads(klynge("list", "--rules-dir", str(mine), "--format", "json").out)
    assert {"kind": "?", "id": "min", "title": "(error: see klynge validate)"}.items() <= next(
        e for e in listed if e["id"] == "min"
    ).items()
