"""The population dataset: the 98 municipalities of FOLK1A 2022K1, with the checks published
beside it (``../shared/data/README.md``), and identical to the reference copy."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from engine.checks import check_dataset
from engine.loader import load_file

from .conftest import RULES, SHARED

DATASET = RULES / "data" / "folk1a-2022K1.yaml"


def test_the_dataset_holds_the_documented_figures() -> None:
    data = load_file(DATASET).model
    assert data.period == "2022K1" and "FOLK1A" in data.source.document
    rows = data.municipalities
    assert len(rows) == 98
    assert Counter(m.region for m in rows) == {
        "Region Hovedstaden": 29,
        "Region Midtjylland": 19,
        "Region Nordjylland": 11,
        "Region Sjælland": 17,
        "Region Syddanmark": 22,
    }
    assert sum(m.population for m in rows) == 5_873_327
    by_region = Counter[str]()
    for m in rows:
        by_region[m.region] += m.population
    assert by_region == {
        "Region Nordjylland": 591_740,
        "Region Midtjylland": 1_341_857,
        "Region Syddanmark": 1_228_362,
        "Region Sjælland": 843_513,
        "Region Hovedstaden": 1_867_855,
    }
    assert check_dataset(load_file(DATASET)) == []


def test_the_dataset_equals_the_reference_copy() -> None:
    reference = SHARED / "data" / "folk1a_2022k1.csv"
    if not reference.exists():
        pytest.skip("../shared is not beside this checkout")
    with reference.open(encoding="utf-8") as handle:
        expected = [(int(r["code"]), r["name"], r["region"], int(r["population"])) for r in csv.DictReader(handle)]
    actual = [(m.code, m.name, m.region, m.population) for m in load_file(DATASET).model.municipalities]
    assert actual == expected


def test_a_wrong_stated_total_is_reported(klynge, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    broken = DATASET.read_text(encoding="utf-8").replace("total: 5873327", "total: 5873420")
    (tmp_path / "data").mkdir()
    path = tmp_path / "data" / "folk1a-2022K1.yaml"
    path.write_text(broken, encoding="utf-8")
    result = klynge("validate", str(path), "--rules-dir", str(tmp_path))
    assert result.code == 1
    line = 1 + broken.splitlines().index("  total: 5873420")
    assert (
        f"folk1a-2022K1.yaml:{line}:10: error: checks.total says 5.873.420, the municipalities sum to 5.873.327"
        in result.err
    )


def test_a_municipality_twice_is_reported(klynge, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = DATASET.read_text(encoding="utf-8")
    broken = text.replace("name: Frederiksberg", "name: København")
    path = tmp_path / "twice.yaml"
    path.write_text(broken, encoding="utf-8")
    result = klynge("validate", str(path))
    assert result.code == 1
    lines = broken.splitlines()
    first = 1 + next(i for i, text in enumerate(lines) if "name: København" in text)
    assert f"municipality 'København' appears twice (first on line {first})" in result.err
