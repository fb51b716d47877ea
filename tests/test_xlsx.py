"""``klynge calc --format xlsx``: read the workbook back as Excel would and compare it with the JSON."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from klynge import cli
from klynge.report.xlsx import sheet_name

from .conftest import REPO

OPSTART = "opstartsmidler-2022"
SYD = "sekretariat-syd-2022"


def calc_xlsx(klynge: Any, rule: str, path: Path, language: str = "en") -> Any:
    """Write ``rule`` as a workbook through the CLI and return its one sheet (of cells), read back."""
    result = klynge("--lang", language, "calc", rule, "--format", "xlsx", "--output", str(path))
    assert result.code == 0, result.err
    book = openpyxl.load_workbook(path)
    assert len(book.worksheets) == 1
    return book.worksheets[0]


def table_rows(sheet: Any, width: int) -> list[tuple[Any, ...]]:
    """The table's rows below the header, up to the blank row before the trailer."""
    rows: list[tuple[Any, ...]] = []
    for row in sheet.iter_rows(min_row=5, max_col=width):
        if row[0].value is None:
            break
        rows.append(row)
    return rows


def rows_by_name(sheet: Any, width: int) -> dict[str, tuple[Any, ...]]:
    """The rows keyed by name without footnote mark (for tables whose names are unique)."""
    return {str(row[0].value).rstrip("¹²³⁴⁵⁶⁷⁸⁹⁰"): row for row in table_rows(sheet, width)}


def test_title_source_and_header_rows(klynge, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    document = json.loads(klynge("calc", OPSTART, "--format", "json").out)
    sheet = calc_xlsx(klynge, OPSTART, tmp_path / "x.xlsx", "da")
    assert sheet.title == OPSTART
    assert sheet["A1"].value == document["title"] and sheet["A1"].font.bold
    assert sheet["A2"].value == f"Kilde: {document['source']}"
    assert sheet["A3"].value is None
    header = [cell.value for cell in sheet[4]]
    assert header == [
        "Klynge / region",
        "Indbyggertal",
        "Befolkningsandel",
        "Kommuner (kr.)",
        "Regioner (kr.)",
        "I alt (kr.)",
    ]
    assert sheet.freeze_panes == "B5"  # the headings and the names stay in view


def test_opstart_cells_are_numbers_equal_to_the_json(klynge, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    document = json.loads(klynge("calc", OPSTART, "--format", "json").out)
    sheet = calc_xlsx(klynge, OPSTART, tmp_path / "x.xlsx")
    rows = table_rows(sheet, 6)
    assert {"Klynge Nord", "Region Nordjylland", "I alt"} <= {row[0].value for row in rows}
    assert len(rows) == len(document["rows"])
    assert any(isinstance(row["basis"], float) for row in document["rows"])  # a weighted population is covered
    for expected, row in zip(document["rows"], rows, strict=True):
        name, basis, share, kommuner, regioner, total = row
        assert str(name.value).startswith(expected["name"])
        if isinstance(expected["basis"], int):
            assert basis.value == expected["basis"] and basis.number_format == "#,##0"
        else:  # a weighted population: one decimal, as the table prints it
            assert basis.value == round(expected["basis"], 1) and basis.number_format == "#,##0.0"
        assert share.value == pytest.approx(float(expected["share"]), abs=1e-10)
        assert share.number_format == "0.0%"
        for cell, value in ((kommuner, expected["amounts"]["kommuner"]), (regioner, expected["amounts"]["regioner"])):
            assert isinstance(cell.value, int) and cell.value == value and cell.number_format == "#,##0"
        assert isinstance(total.value, int) and total.value == expected["amount"]
        assert name.font.bold == (expected["level"] in ("region", "total"))


def test_syd_sheet_holds_the_published_amount_for_koebenhavn(klynge, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    document = json.loads(klynge("calc", SYD, "--format", "json").out)
    sheet = calc_xlsx(klynge, SYD, tmp_path / "syd.xlsx", "da")
    header = [cell.value for cell in sheet[4]]
    assert header == ["Klynge / kommune", "Indbyggertal", "Befolkningsandel", "Beløb (kr.)"]
    rows = rows_by_name(sheet, len(header))
    _, basis, share, amount = rows["København"]
    assert amount.value == 177678 and isinstance(amount.value, int) and amount.number_format == "#,##0"
    assert isinstance(share.value, float) and share.number_format == "0.0%"
    assert share.value == pytest.approx(0.4802100891, abs=1e-10)
    for expected in document["rows"]:
        assert rows[expected["name"]][3].value == expected["amount"]
        assert rows[expected["name"]][1].value == expected["basis"]


def test_trailer_follows_the_table_after_a_blank_row(klynge, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sheet = calc_xlsx(klynge, SYD, tmp_path / "syd.xlsx", "da")
    column = [row[0] for row in sheet.iter_rows(min_row=5, max_col=1, values_only=True)]
    blank = column.index(None)
    trailer = column[blank + 1 :]
    assert trailer[0].startswith("¹ Københavns Kommune")  # rows, and so their footnotes, in code order
    assert any(line.startswith("Afrunding:") for line in trailer)
    assert trailer[-2].startswith("Kilde: ") and trailer[-1].startswith("Grundlag: ")


def test_the_same_rule_gives_the_same_bytes(klynge, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    assert klynge("calc", SYD, "-f", "xlsx", "-o", str(first)).code == 0
    assert klynge("calc", SYD, "-f", "xlsx", "-o", str(second)).code == 0
    assert first.read_bytes() == second.read_bytes()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_xlsx_on_a_terminal_is_a_usage_error(klynge, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    result = klynge("calc", SYD, "--format", "xlsx")
    assert result.code == 2
    assert "--format xlsx needs --output FILE" in result.err


def test_xlsx_down_a_pipe_writes_the_workbook(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(REPO)
    monkeypatch.delenv("KLYNGE_RULES_DIR", raising=False)
    piped = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(piped, encoding="utf-8"))
    assert cli.main(["calc", SYD, "--format", "xlsx"]) == 0
    written = tmp_path / "syd.xlsx"
    assert cli.main(["calc", SYD, "--format", "xlsx", "--output", str(written)]) == 0
    assert piped.getvalue() == written.read_bytes()
    assert piped.getvalue().startswith(b"PK")


@pytest.mark.parametrize(
    ("rule_id", "name"),
    [("kort", "kort"), ("a/b:c*d?e[f]g\\h", "a-b-c-d-e-f-g-h"), ("x" * 40, "x" * 31)],
)
def test_sheet_names_obey_excel(rule_id: str, name: str) -> None:
    assert sheet_name(rule_id) == name
