"""Regions, keys and periods are data (issue 13, item 4): a registry declares its period and regions, the
regions' key is a data file of its own, and klynge refuses data of periods that do not fit.

The 2027 files in tests/fixtures/aar2027/ are synthetic test data (four regions, Region Østdanmark), not a
decision: they show that a new structure needs no change to klynge's code."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from .conftest import FIXTURES, REPO, Run

Y2027 = FIXTURES / "aar2027"
REGISTRIES = sorted((FIXTURES / "invalid" / "registries").glob("*.yaml"))
PERIODS_HINT = "(use data of one period, or say why they differ with periods_differ: REASON)"


def errors(result: Run) -> list[str]:
    return [line for line in result.err.splitlines() if ": error: " in line]


@pytest.fixture
def rules_2027(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(Y2027, target)
    return target


def test_a_2027_registry_with_four_regions_validates_and_computes(klynge: Any) -> None:
    validated: Run = klynge("validate", "--rules-dir", str(Y2027))
    assert (validated.code, validated.err) == (0, "")
    result: Run = klynge("calc", "opstart-2027", "--rules-dir", str(Y2027), "-f", "json")
    assert result.code == 0, result.err
    rows = {row["name"]: row for row in json.loads(result.out)["rows"]}
    # By hand: the kommuner's 1.300.000 kr. at 1 kr. per inhabitant; the regions' 1.000.000 kr. on the key
    # 1:2:2:5, Region Østdanmark's 500.000 kr. on its klynger by 500.000 and 150.000 of 650.000 inhabitants.
    expected = {
        "Region Nordjylland": (150000, 100000),
        "Region Østdanmark": (650000, 500000),
        "Klynge By": (500000, 384615),  # 500.000 × 500.000 / 650.000 = 384.615,38
        "Klynge Sjælland": (150000, 115385),  # 500.000 × 150.000 / 650.000 = 115.384,62
        "Klynge Syd": (240000, 200000),
    }
    for name, (kommuner, regioner) in expected.items():
        assert (rows[name]["amounts"]["kommuner"], rows[name]["amounts"]["regioner"]) == (kommuner, regioner), name
    assert rows["Klynge By"]["region"] == "Region Østdanmark"


def _rule(rules: Path, dataset: str, periods_differ: str | None = None) -> None:
    rule = rules / "opstart-2027.yaml"
    text = rule.read_text(encoding="utf-8").replace("dataset: folk1a-2027K1", f"dataset: {dataset}")
    if periods_differ:
        text = text.replace("\nbasis:", f"\nperiods_differ: {periods_differ}\nbasis:")
    rule.write_text(text, encoding="utf-8")


def test_the_2027_registry_with_the_2022_population_is_refused_for_its_periods(klynge: Any, rules_2027: Path) -> None:
    _rule(rules_2027, "folk1a-2022K1")
    result: Run = klynge("calc", "opstart-2027", "--rules-dir", str(rules_2027))
    rule = rules_2027 / "opstart-2027.yaml"
    assert result.code == 1 and result.out == ""
    assert errors(result)[:2] == [
        f"{rule}:12:13: error: the periods do not fit: folk1a-2022K1 is for 2022K1, klynger-2027 for 2027"
        f" {PERIODS_HINT}",
        f"{rule}:27:22: error: the periods do not fit: folk1a-2022K1 is for 2022K1, bloktilskud-sundhed-2027 for 2027"
        f" {PERIODS_HINT}",
    ]
    # The 2022 figures place kommuner in Region Hovedstaden and Region Sjælland, which 2027 does not have: a
    # declared difference of periods does not make the data agree on where a kommune lies.
    _rule(rules_2027, "folk1a-2022K1", "Klyngerne fra 2027 på indbyggertallet fra 2022.")
    declared: Run = klynge("calc", "opstart-2027", "--rules-dir", str(rules_2027))
    assert declared.code == 1 and "periods do not fit" not in declared.err
    regions = "Region Nordjylland, Region Midtjylland, Region Syddanmark, Region Østdanmark"
    assert errors(declared) == [
        "rules/data/folk1a-2022K1.yaml:26:42: error: København lies in 'Region Hovedstaden', which is not a region of"
        f" klynger-2027 (regions of klynger-2027: {regions}; use a dataset and a registry of one period)",
        "rules/data/folk1a-2022K1.yaml:52:38: error: Greve lies in 'Region Sjælland', which is not a region of"
        f" klynger-2027 (regions of klynger-2027: {regions}; use a dataset and a registry of one period)",
    ]


def test_data_of_another_period_compute_once_the_rule_says_why(klynge: Any, rules_2027: Path) -> None:
    data = rules_2027 / "data"
    text = (data / "folk1a-2027K1.yaml").read_text(encoding="utf-8")
    (data / "folk1a-2026K4.yaml").write_text(text.replace("2027K1", "2026K4"), encoding="utf-8")
    _rule(rules_2027, "folk1a-2026K4")
    refused: Run = klynge("calc", "opstart-2027", "--rules-dir", str(rules_2027), "-f", "json")
    assert refused.code == 1 and len(errors(refused)) == 2
    assert all("folk1a-2026K4 is for 2026K4" in line for line in errors(refused))
    before: Run = klynge("calc", "opstart-2027", "--rules-dir", str(Y2027), "-f", "json")
    _rule(rules_2027, "folk1a-2026K4", "Indbyggertallet fra 2026K4 er det nyeste, der findes.")
    declared: Run = klynge("calc", "opstart-2027", "--rules-dir", str(rules_2027), "-f", "json")
    assert declared.code == 0, declared.err
    assert json.loads(declared.out)["rows"] == json.loads(before.out)["rows"]  # the same figures, relabelled


def test_the_period_message_in_danish(klynge: Any, rules_2027: Path) -> None:
    _rule(rules_2027, "folk1a-2022K1")
    rule = str(rules_2027 / "opstart-2027.yaml")
    result: Run = klynge("--lang", "da", "validate", rule, "--rules-dir", str(rules_2027))
    assert (
        f"{rules_2027 / 'opstart-2027.yaml'}:12:13: error: perioderne passer ikke sammen: folk1a-2022K1 gælder 2022K1,"
        " klynger-2027 gælder 2027 (brug data fra samme periode, eller skriv hvorfor de er forskellige med"
        " periods_differ: BEGRUNDELSE)"
    ) in result.err.splitlines()


@pytest.mark.parametrize("path", REGISTRIES, ids=lambda p: p.stem)
def test_validate_reports_exactly_the_expected_registry_problems(klynge: Any, path: Path) -> None:
    shown = path.relative_to(REPO).as_posix()
    lines = path.read_text(encoding="utf-8").splitlines()
    expected = [f"{shown}:{line.removeprefix('# expect: ')}" for line in lines if line.startswith("# expect: ")]
    result: Run = klynge("validate", shown)
    assert expected and result.code == 1 and errors(result) == expected


def test_the_start_up_rule_takes_its_key_from_the_key_file_and_explain_cites_it(klynge: Any, rules_copy: Path) -> None:
    explained: Run = klynge("explain", "opstartsmidler-2022", "Klynge Syd (Region Hovedstaden)", "--pot", "regioner")
    assert "= 12.497.516,00 (key: bloktilskud-sundhed-2022, 2022; Afrapportering" in explained.out
    audit = json.loads(klynge("explain", "opstartsmidler-2022", "Bornholm", "--format", "json").out)
    assert "rules/data/bloktilskud-sundhed-2022.yaml" in json.dumps(audit)
    key = rules_copy / "data" / "bloktilskud-sundhed-2022.yaml"
    key.write_text(key.read_text(encoding="utf-8").replace("12497516", "22497516"), encoding="utf-8")
    changed: Run = klynge("calc", "opstartsmidler-2022", "--rules-dir", str(rules_copy), "-f", "json")
    region = next(r for r in json.loads(changed.out)["rows"] if r["name"] == "Region Hovedstaden")
    # The key now sums to 50.000.000: 40.000.000 × 22.497.516 / 50.000.000 = 17.998.012,8.
    assert region["amounts"]["regioner"] == 17998013
    assert changed.code == 0


def test_a_region_the_key_file_lacks_or_misspells(klynge: Any, rules_copy: Path) -> None:
    key = rules_copy / "data" / "bloktilskud-sundhed-2022.yaml"
    key.write_text(key.read_text(encoding="utf-8").replace("Region Sjælland:", "Region Sjaelland:"), encoding="utf-8")
    result: Run = klynge("validate", "--rules-dir", str(rules_copy))
    line = 1 + key.read_text(encoding="utf-8").splitlines().index("  Region Sjaelland: 6163780")
    rule = rules_copy / "opstartsmidler-2022.yaml"
    assert f"{key}:{line}:3: error: 'Region Sjaelland' in the key is not a region of klynger-2022 (did you mean" \
        " 'Region Sjælland'?)" in errors(result)
    assert any(
        e.startswith(f"{rule}:") and "region key bloktilskud-sundhed-2022 has no value for Region Sjælland" in e
        for e in errors(result)
    )


def test_a_key_written_in_the_rule_needs_its_source(klynge: Any, tmp_path: Path) -> None:
    fixture = (FIXTURES / "invalid" / "region-key-unknown.yaml").read_text(encoding="utf-8")
    inline_source = "      source:\n        document: Test fixture\nrounding"
    text = fixture.replace(", Region Sjaelland: 1", "").replace(inline_source, "rounding")
    rule = tmp_path / "rule.yaml"
    rule.write_text(text, encoding="utf-8")
    result: Run = klynge("validate", str(rule))
    assert result.code == 1 and "missing key 'source'" in result.err
    rule.write_text(fixture.replace(", Region Sjaelland: 1", ""), encoding="utf-8")
    assert klynge("validate", str(rule)).code == 0


def test_list_names_the_region_key(klynge: Any) -> None:
    listed = json.loads(klynge("list", "--format", "json").out)
    assert {"kind": "regionsnøgle", "id": "bloktilskud-sundhed-2022"}.items() <= next(
        e for e in listed if e["id"] == "bloktilskud-sundhed-2022"
    ).items()
    assert "regionsnøgle" in klynge("--lang", "da", "list").out


def test_the_statbank_import_takes_its_regions_from_the_reference_dataset() -> None:
    """No list of regions in code: an import checked against a 2027 dataset sums Region Østdanmark."""
    from klynge.engine import statbank
    from klynge.engine.models import PopulationDataset
    from klynge.engine.yamlio import load

    path = FIXTURES / "aar2027" / "data" / "folk1a-2027K1.yaml"
    reference = PopulationDataset.model_validate(load(path).data)
    assert "Region Østdanmark" in statbank.regions(reference)
    assert "Region Sjælland" not in statbank.regions(reference)
