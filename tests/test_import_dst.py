"""``klynge data import-dst``: Statistikbanken exports in their several shapes, round-trip updates
that change only the numbers, and broken exports that change nothing and name the bad lines."""

from __future__ import annotations

import re
from pathlib import Path

from .conftest import FIXTURES, RULES

EXPORTS = FIXTURES / "dst"
DATASET = RULES / "data" / "folk1a-2022K1.yaml"


def populations(path: Path) -> dict[str, int]:
    text = path.read_text(encoding="utf-8")
    return {m.group(1): int(m.group(2)) for m in re.finditer(r"name: ([^,]+), region: [^,]+, population: (\d+)", text)}


def test_a_latin1_export_in_rows_becomes_a_new_dataset(klynge, rules_copy: Path) -> None:  # type: ignore[no-untyped-def]
    result = klynge("data", "import-dst", str(EXPORTS / "folk1a_rows_latin1.csv"), "--rules-dir", str(rules_copy))
    assert result.code == 0, result.err
    written = rules_copy / "data" / "folk1a-2023K1.yaml"
    assert "98 kommuner, 2023K1" in result.out
    assert populations(written) == {name: value + 7 for name, value in populations(DATASET).items()}
    assert "total: 5874013" in written.read_text(encoding="utf-8")  # Hele landet less Christiansø, from the export
    assert klynge("validate", "--rules-dir", str(rules_copy)).code == 0


def test_an_export_with_periods_in_columns_needs_a_period(klynge, rules_copy: Path) -> None:  # type: ignore[no-untyped-def]
    export = str(EXPORTS / "folk1a_columns_bom.csv")
    result = klynge("data", "import-dst", export, "--rules-dir", str(rules_copy))
    assert result.code == 2 and "holds several periods (2022K1, 2023K1): choose one with --period" in result.err
    assert klynge("data", "import-dst", export, "--period", "2023K1", "--rules-dir", str(rules_copy)).code == 0
    assert populations(rules_copy / "data" / "folk1a-2023K1.yaml")["Ærø"] == populations(DATASET)["Ærø"] + 7


def test_updating_a_commented_file_changes_only_the_numbers(klynge, rules_copy: Path) -> None:  # type: ignore[no-untyped-def]
    target = rules_copy / "data" / "folk1a-2022K1.yaml"
    before = target.read_text(encoding="utf-8")
    export = str(EXPORTS / "folk1a_2022K1_revised.csv")  # revised 2022K1 figures: each kommune plus 3
    result = klynge("data", "import-dst", export, "--output", str(target))
    assert result.code == 0, result.err
    after = target.read_text(encoding="utf-8")
    old_lines, new_lines = before.splitlines(), after.splitlines()
    assert len(old_lines) == len(new_lines)
    changed = [(a, b) for a, b in zip(old_lines, new_lines, strict=True) if a != b]
    assert len(changed) == 98 + 1 + 5  # every kommune, the total and five region sums; the period stays
    for old, new in changed:
        assert re.sub(r"\d", "", old) == re.sub(r"\d", "", new)
    assert populations(target) == {name: value + 3 for name, value in populations(DATASET).items()}
    assert "period: 2022K1" in new_lines and "id: folk1a-2022K1" in new_lines
    assert all(line in after for line in before.splitlines() if line.startswith("#"))


def test_another_quarter_into_an_existing_dataset_is_refused(klynge, rules_copy: Path) -> None:  # type: ignore[no-untyped-def]
    target = rules_copy / "data" / "folk1a-2022K1.yaml"
    before = target.read_bytes()
    export = str(EXPORTS / "folk1a_columns_bom.csv")
    result = klynge(
        "data", "import-dst", export, "--period", "2023K1", "--output", str(target), "--rules-dir", str(rules_copy)
    )
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        f"klynge: error: {target} holds period 2022K1, the export 2023K1: updating it would put 2023K1 figures"
        f" under the id folk1a-2022K1; import without --output to write {rules_copy / 'data' / 'folk1a-2023K1.yaml'}"
        " as a new dataset, or give another --output\n"
    )
    assert target.read_bytes() == before
    assert sorted(p.name for p in target.parent.iterdir()) == sorted(p.name for p in (RULES / "data").iterdir())


def test_the_quarters_default_file_of_another_period_is_refused(klynge, rules_copy: Path) -> None:  # type: ignore[no-untyped-def]
    misnamed = rules_copy / "data" / "folk1a-2023K1.yaml"  # a 2022K1 dataset under the 2023K1 default name
    misnamed.write_text(DATASET.read_text(encoding="utf-8").replace("id: folk1a-2022K1", "id: befolkning"), "utf-8")
    (rules_copy / "data" / "folk1a-2022K1.yaml").unlink()
    before = misnamed.read_bytes()
    result = klynge("data", "import-dst", str(EXPORTS / "folk1a_rows_latin1.csv"), "--rules-dir", str(rules_copy))
    assert result.code == 2
    assert "holds period 2022K1, the export 2023K1" in result.err
    assert "give another --output (and --id) for a new dataset" in result.err
    assert misnamed.read_bytes() == before


def test_an_existing_quarter_is_updated_though_a_newer_dataset_exists(klynge, rules_copy: Path) -> None:  # type: ignore[no-untyped-def]
    newer = rules_copy / "data" / "folk1a-2024K1.yaml"  # the newest dataset, the reference without --output
    newer.write_text(
        DATASET.read_text(encoding="utf-8").replace("2022K1", "2024K1").replace("2022", "2024"), encoding="utf-8"
    )
    result = klynge("data", "import-dst", str(EXPORTS / "folk1a_2022K1_revised.csv"), "--rules-dir", str(rules_copy))
    assert result.code == 0, result.err
    assert "folk1a-2022K1.yaml: updated" in result.out
    assert populations(rules_copy / "data" / "folk1a-2022K1.yaml")["Ærø"] == populations(DATASET)["Ærø"] + 3


def test_an_id_naming_another_quarter_is_wrong_usage(klynge, rules_copy: Path) -> None:  # type: ignore[no-untyped-def]
    export = str(EXPORTS / "folk1a_rows_latin1.csv")
    target = rules_copy / "data" / "ny.yaml"
    result = klynge("data", "import-dst", export, "--id", "folk1a-2022K1", "--output", str(target))
    assert result.code == 2
    assert "--id folk1a-2022K1 names 2022K1, but the export is for 2023K1; give an id for 2023K1" in result.err
    assert not target.exists()


def test_a_broken_export_changes_nothing_and_names_each_bad_line(klynge, rules_copy: Path) -> None:  # type: ignore[no-untyped-def]
    target = rules_copy / "data" / "folk1a-2022K1.yaml"
    before = target.read_bytes()
    result = klynge("data", "import-dst", str(EXPORTS / "folk1a_broken.csv"), "--output", str(target))
    assert result.code == 1
    errors = result.err.splitlines()
    assert (
        "tests/fixtures/dst/folk1a_broken.csv:7:1: error: unknown area 'Gentofe' (did you mean 'Gentofte'?)" in errors
    )
    assert "tests/fixtures/dst/folk1a_broken.csv:62:1: error: Fanø: '..' is not a number of inhabitants" in errors
    assert (
        "tests/fixtures/dst/folk1a_broken.csv:99:1: error: Samsø appears twice for 2023K1 (first on line 80)" in errors
    )
    assert any("no figure for 2023K1 for 2 kommune(r): Gentofte, Ærø" in line for line in errors)
    assert target.read_bytes() == before
    assert sorted(p.name for p in target.parent.iterdir()) == sorted(p.name for p in (RULES / "data").iterdir())


def test_a_missing_period_or_file_is_wrong_usage(klynge, rules_copy: Path) -> None:  # type: ignore[no-untyped-def]
    export = str(EXPORTS / "folk1a_rows_latin1.csv")
    assert (
        "has no period 2024K1"
        in klynge("data", "import-dst", export, "--period", "2024K1", "--rules-dir", str(rules_copy)).err
    )
    assert klynge("data", "import-dst", "nowhere.csv", "--rules-dir", str(rules_copy)).code == 2


def test_hele_landet_without_christiansoe_is_not_taken_as_the_kommuner_total(
    klynge, rules_copy: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    text = (EXPORTS / "folk1a_rows_latin1.csv").read_bytes().decode("latin-1")
    export = tmp_path / "uden-christiansoe.csv"
    export.write_bytes("\n".join(line for line in text.splitlines() if "Christians" not in line).encode("latin-1"))
    result = klynge("data", "import-dst", str(export), "--rules-dir", str(rules_copy))
    assert result.code == 0, result.err
    assert "written" in result.out


def test_an_id_for_an_existing_file_is_wrong_usage(klynge, rules_copy: Path) -> None:  # type: ignore[no-untyped-def]
    target = rules_copy / "data" / "folk1a-2022K1.yaml"
    export = str(EXPORTS / "folk1a_columns_bom.csv")
    result = klynge("data", "import-dst", export, "--period", "2022K1", "--output", str(target), "--id", "ny")
    assert result.code == 2 and "keeps its id" in result.err
    assert "updated" in klynge("data", "import-dst", export, "--period", "2022K1", "--output", str(target)).out
