"""The population dataset: the 98 municipalities of FOLK1A 2022K1, with the checks published
beside it (``../shared/data/README.md``), and identical to the reference copy."""

from __future__ import annotations

import csv
import os
from collections import Counter
from pathlib import Path

import pytest

from klynge.engine.datachecks import check_dataset
from klynge.engine.loader import load_file

from .conftest import FIXTURES, REPO, RULES, SHARED

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
        if os.environ.get("KLYNGE_REQUIRE_SHARED"):  # CI sets it: there a missing ../shared is a failure
            pytest.fail(f"{reference} is missing, and KLYNGE_REQUIRE_SHARED is set")
        pytest.skip("../shared is not beside this checkout (set KLYNGE_REQUIRE_SHARED=1 to fail instead)")
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


BROKEN_DATASETS = sorted((FIXTURES / "invalid" / "datasets").glob("*.yaml"))


def expected(path: Path) -> list[str]:
    shown = path.relative_to(REPO).as_posix()
    lines = path.read_text(encoding="utf-8").splitlines()
    return [f"{shown}:{line.removeprefix('# expect: ')}" for line in lines if line.startswith("# expect: ")]


@pytest.mark.parametrize("path", BROKEN_DATASETS, ids=lambda p: p.stem)
def test_validate_reports_exactly_the_expected_dataset_problems(klynge, path: Path) -> None:  # type: ignore[no-untyped-def]
    result = klynge("validate", str(path.relative_to(REPO)))
    assert expected(path) and result.code == 1
    assert [line for line in result.err.splitlines() if ": error: " in line] == expected(path)


@pytest.fixture
def relabelled(rules_copy: Path, tmp_path: Path) -> Path:
    """The rules with the 2022K1 dataset's period changed to 2023K1 and its id left as it was."""
    rules = rules_copy
    target = rules / "data" / "folk1a-2022K1.yaml"
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("\nperiod: 2022K1\n", "\nperiod: 2023K1\n"), encoding="utf-8")
    return rules


def id_error(rules: Path) -> str:
    lines = (rules / "data" / "folk1a-2022K1.yaml").read_text(encoding="utf-8").splitlines()
    line = 1 + lines.index("id: folk1a-2022K1")
    return (
        f"{rules / 'data' / 'folk1a-2022K1.yaml'}:{line}:5: error: id 'folk1a-2022K1' names 2022K1, but the period"
        " is 2023K1 (rename the id to folk1a-2023K1, or correct the period to 2022K1)"
    )


def test_validate_calc_and_test_refuse_an_id_naming_another_period(klynge, relabelled: Path) -> None:  # type: ignore[no-untyped-def]
    at = ("--rules-dir", str(relabelled))
    validated = klynge("validate", *at)
    assert validated.code == 1 and id_error(relabelled) in validated.err.splitlines()
    calc = klynge("calc", "sekretariat-syd-2022", *at)
    assert (calc.code, calc.err.splitlines(), calc.out) == (1, [id_error(relabelled)], "")
    tested = klynge("test", str(relabelled / "sekretariat-syd-2022.yaml"), *at)
    assert tested.code == 1 and tested.err.splitlines() == [id_error(relabelled)]


@pytest.mark.parametrize(
    "dataset_id, period, fine",
    [
        ("befolkning-syd", "2023K1", True),  # no quarter in the id: nothing to disagree with
        ("folk1a-2023K1", "2023K1", True),
        ("folk1a-2023k1", "2023K1", True),
        ("folk1a-2023k1", "2022K1", False),
        ("folk1a-2022K4-rettet", "2023K1", False),
        ("folk1a-12022K1", "2023K1", True),  # 12022K1 is no quarter
    ],
)
def test_only_an_id_naming_another_quarter_is_a_problem(
    klynge, tmp_path: Path, dataset_id: str, period: str, fine: bool
) -> None:  # type: ignore[no-untyped-def]
    text = DATASET.read_text(encoding="utf-8")
    path = tmp_path / "dataset.yaml"
    path.write_text(
        text.replace("id: folk1a-2022K1", f"id: {dataset_id}").replace("period: 2022K1", f"period: {period}"),
        encoding="utf-8",
    )
    result = klynge("validate", str(path))
    assert result.code == (0 if fine else 1), result.err
    assert fine or f"id '{dataset_id}' names" in result.err
