"""Files for Danish Excel: ``--format csv-excel`` and the workbook's page set-up and chart.

The CSV is read back as Danish Excel reads a double-clicked file: UTF-8 after a BOM, fields split on
``;``, a number being digits with a decimal comma and no thousands separator. Its numbers must equal
the JSON output's. The workbooks are read back with openpyxl, and every chart reference is followed
to the cells it names, which must be the members' rows and nothing else.
"""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

OPSTART = "opstartsmidler-2022"
SYD = "sekretariat-syd-2022"
MODEL2 = "sekretariat-model2-2022"
BOM = b"\xef\xbb\xbf"
DANISH_NUMBER = re.compile(r"-?\d+(,\d+)?")
MARKS = "¹²³⁴⁵⁶⁷⁸⁹⁰"


def excel_rows(data: bytes) -> list[list[str]]:
    """The file as Danish Excel splits it: BOM, UTF-8, ``;`` between fields."""
    assert data.startswith(BOM)
    return list(csv.reader(io.StringIO(data[len(BOM) :].decode("utf-8"), newline=""), delimiter=";"))


def danish(text: str) -> Decimal:
    """A number as Danish Excel reads one; anything else is text to it, and fails here."""
    assert DANISH_NUMBER.fullmatch(text), f"not a number to Danish Excel: {text!r}"
    return Decimal(text.replace(",", "."))


def table(rows: list[list[str]], first: str) -> tuple[list[str], list[list[str]]]:
    """The heading row (the one starting with ``first``) and the lines under it, up to the blank row."""
    start = next(index for index, row in enumerate(rows) if row and row[0] == first)
    lines = []
    for row in rows[start + 1 :]:
        if not row:
            break
        lines.append(row)
    return rows[start], lines


def write(klynge: Any, path: Path, *args: str) -> bytes:
    result = klynge(*args, "--output", str(path))
    assert result.code == 0, result.err
    return path.read_bytes()


def test_calc_csv_excel_opens_in_columns_with_the_json_numbers(klynge, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    document = json.loads(klynge("calc", SYD, "--format", "json").out)
    data = write(klynge, tmp_path / "syd.csv", "calc", SYD, "--format", "csv-excel")
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    rows = excel_rows(data)
    assert rows[0] == [document["title"]]
    header, lines = table(rows, "Klynge / kommune")
    assert header == ["Klynge / kommune", "Indbyggertal", "Population share (%)", "Amount (kr.)"]
    lines = [line for line in lines if line[0] != "Total"] + [r for r in rows if r and r[0] == "Total"]
    assert len(lines) == len(document["rows"])
    for expected, (name, basis, share, amount) in zip(document["rows"], lines, strict=True):
        assert name.rstrip(MARKS) == expected["name"] or expected["level"] == "total"
        assert danish(basis) == Decimal(str(expected["basis"]))
        assert danish(share) / 100 == Decimal(expected["share"])
        assert danish(amount) == expected["amount"]
    københavn = next(line for line in lines if line[0].startswith("København"))
    assert københavn[1:] == ["287181", "48,02100891", "177678"]  # the published 177.678 kr., no thousands dot


def test_calc_csv_excel_with_pots_and_weighted_populations(klynge, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    document = json.loads(klynge("calc", OPSTART, "--format", "json").out)
    rows = excel_rows(write(klynge, tmp_path / "opstart.csv", "calc", OPSTART, "-f", "csv-excel"))
    header, _ = table(rows, "Klynge / region")
    numbered = [row for row in rows if len(row) == len(header) and row is not header and row != header]
    assert len(numbered) == len(document["rows"])
    weighted = 0
    for expected, row in zip(document["rows"], numbered, strict=True):
        basis, share, kommuner, regioner, total = (danish(cell) for cell in row[1:])
        weighted += "," in row[1]
        assert basis == Decimal(str(expected["basis"]))  # 577977,319854: the JSON's six decimals
        assert share / 100 == Decimal(expected["share"])
        assert (kommuner, regioner) == (expected["amounts"]["kommuner"], expected["amounts"]["regioner"])
        assert total == expected["amount"]
    assert weighted == 2  # Klynge Syd and Klynge By, the two parts of København
    assert sum(danish(row[-1]) for row in numbered if row[0].startswith("Region")) == 80_000_000


def test_compare_csv_excel_has_every_model_and_minus_as_excel_reads_it(klynge, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    document = json.loads(klynge("compare", "--format", "json").out)
    rows = excel_rows(write(klynge, tmp_path / "modeller.csv", "compare", "-f", "csv-excel"))
    header, lines = table(rows, "Kommune")
    models = [m["id"] for m in document["models"]]
    by_name = {line[0]: line for line in lines}
    for expected in document["rows"]:
        if expected["level"] != "municipality":
            continue
        line = by_name[expected["name"]]
        assert [danish(cell) for cell in line[1 : 1 + len(models)]] == [expected["values"][m] for m in models]
        differences = [danish(cell) for cell in line[1 + len(models) :]]
        assert differences == [expected["differences"][m] for m in models if m != document["baseline"]]
    assert by_name["Allerød"][-1] == "-3715"  # ASCII minus: the terminal's − would be text to Excel
    assert len(header) == 1 + len(models) + len(models) - 1


def test_csv_excel_headings_are_danish_by_default(klynge, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = excel_rows(write(klynge, tmp_path / "syd.csv", "--lang", "da", "calc", SYD, "-f", "csv-excel"))
    header, _ = table(rows, "Klynge / kommune")
    assert header == ["Klynge / kommune", "Indbyggertal", "Befolkningsandel (%)", "Beløb (kr.)"]
    assert any(row and row[0] == "I alt" for row in rows)


def test_csv_excel_to_standard_output_is_the_file(klynge, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = write(klynge, tmp_path / "syd.csv", "calc", SYD, "-f", "csv-excel")
    assert klynge("calc", SYD, "-f", "csv-excel").out.encode("utf-8") == data


@pytest.mark.parametrize("command", [["calc", SYD], ["compare"]])
def test_plain_csv_stays_the_machine_format(klynge, tmp_path: Path, command: list[str]) -> None:  # type: ignore[no-untyped-def]
    data = write(klynge, tmp_path / "plain.csv", *command)
    assert not data.startswith(BOM) and b";" not in data.splitlines()[0]
    assert data.startswith(b"level,")
    assert data.decode("utf-8") == klynge(*command, "--format", "csv").out


@pytest.mark.parametrize("name", ["x.json", "x.xlsx", "x.md"])
def test_csv_excel_into_a_file_of_another_kind_is_wrong_usage(klynge, tmp_path: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    result = klynge("calc", SYD, "--format", "csv-excel", "--output", str(tmp_path / name))
    assert result.code == 2 and len(result.err.splitlines()) == 1
    assert "--format csv-excel does not match" in result.err and "*.csv" in result.err
    assert list(tmp_path.iterdir()) == []


def test_wrong_usage_of_formats_is_told_in_danish(klynge, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = klynge("--lang", "da", "calc", SYD, "--format", "csv-excel", "--output", str(tmp_path / "x.json"))
    assert result.code == 2
    assert "--format csv-excel passer ikke til --output" in result.err and "kald filen *.csv" in result.err
    result = klynge("--lang", "da", "diff", SYD, MODEL2, "--output", str(tmp_path / "x.csv"))
    assert result.code == 2 and "diff skriver table, md eller json, ikke csv" in result.err


# The workbook


def workbook(klynge: Any, path: Path, *args: str) -> Any:
    write(klynge, path, *args, "--format", "xlsx")
    return openpyxl.load_workbook(path)


def cells(book: Any, reference: str) -> list[Any]:
    """The values a chart reference names, a union ``(a,b)`` of ranges included, in order."""
    values = []
    for part in reference.strip("()").split(","):
        sheet, area = part.rsplit("!", 1)
        for row in book[sheet.strip("'")][area.replace("$", "")]:
            values += [cell.value for cell in row]
    return values


def text_of(title: Any) -> str:
    return "".join(run.t for paragraph in title.tx.rich.p for run in paragraph.r or [])


def the_chart(book: Any) -> Any:
    assert len(book.chartsheets) == 1
    charts = book.chartsheets[0]._charts
    assert len(charts) == 1
    return charts[0]


def test_the_workbook_prints_landscape_one_page_wide_with_title_and_source(klynge, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    document = json.loads(klynge("calc", SYD, "--format", "json").out)
    sheet = workbook(klynge, tmp_path / "syd.xlsx", "calc", SYD).worksheets[0]
    setup = sheet.page_setup
    assert (setup.orientation, setup.fitToWidth, setup.fitToHeight) == ("landscape", 1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$4:$4"  # the headings, on every page
    assert sheet.print_area == f"'{SYD}'!$A$1:$D${sheet.max_row}"
    assert sheet.oddHeader.center.text == document["title"]
    assert sheet.oddFooter.left.text == sheet["A2"].value == f"Source: {document['source']}"
    assert sheet.oddFooter.right.text == "Page &P of &N"


def test_columns_are_as_wide_as_their_text_and_notes_wrap_within_the_table(klynge, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sheet = workbook(klynge, tmp_path / "syd.xlsx", "calc", SYD).worksheets[0]
    assert sheet.column_dimensions["A"].width >= len("Høje-Taastrup") + 1
    assert sheet.column_dimensions["C"].width >= len("Population share") + 1
    notes = [str(r) for r in sheet.merged_cells.ranges]
    assert notes and all(r.startswith("A") and ":D" in r for r in notes)
    first = int(notes[0].split(":")[0][1:])
    assert sheet.cell(row=first, column=1).alignment.wrap_text
    assert sheet.row_dimensions[first].height >= 15


def test_calc_chart_shows_the_kommuner_amounts_from_the_table(klynge, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    document = json.loads(klynge("calc", SYD, "--format", "json").out)
    book = workbook(klynge, tmp_path / "syd.xlsx", "calc", SYD)
    assert book.sheetnames == [SYD, "Chart"]
    chart = the_chart(book)
    assert text_of(chart.title) == document["title"]
    assert text_of(chart.x_axis.title) == "Kommune" and text_of(chart.y_axis.title) == "Amount (kr.)"
    assert chart.y_axis.numFmt.formatCode == "#,##0" and not chart.x_axis.delete and not chart.y_axis.delete
    (series,) = chart.series
    assert series.val.numRef.f == f"'{SYD}'!$D$6:$D$16"  # the cells, not copied numbers
    kommuner = [row for row in document["rows"] if row["level"] == "municipality"]
    names = [str(name).rstrip(MARKS) for name in cells(book, series.cat.strRef.f)]
    assert names == [row["name"] for row in kommuner]
    assert cells(book, series.val.numRef.f) == [row["amount"] for row in kommuner]


def test_calc_chart_of_klynger_skips_the_region_and_total_rows(klynge, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    document = json.loads(klynge("calc", OPSTART, "--format", "json").out)
    book = workbook(klynge, tmp_path / "opstart.xlsx", "calc", OPSTART)
    chart = the_chart(book)
    assert text_of(chart.x_axis.title) == "Klynge"
    (series,) = chart.series
    assert series.val.numRef.f.startswith("(")  # five ranges: the regions' rows lie between them
    klynger = [row for row in document["rows"] if row["level"] == "cluster"]
    assert len(klynger) == 22
    assert [str(n).rstrip(MARKS) for n in cells(book, series.cat.strRef.f)] == [r["name"] for r in klynger]
    assert cells(book, series.val.numRef.f) == [row["amount"] for row in klynger]
    assert cells(book, series.tx.strRef.f) == ["Total (kr.)"]


def test_compare_chart_has_a_series_per_model_and_a_bar_per_kommune(klynge, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    document = json.loads(klynge("compare", "--format", "json").out)
    book = workbook(klynge, tmp_path / "modeller.xlsx", "compare")
    chart = the_chart(book)
    kommuner = [row for row in document["rows"] if row["level"] == "municipality"]
    assert len(chart.series) == len(document["models"]) == 3
    for series, model in zip(chart.series, document["models"], strict=True):
        assert cells(book, series.cat.strRef.f) == [row["name"] for row in kommuner]  # no "Total"
        assert cells(book, series.val.numRef.f) == [row["values"][model["id"]] for row in kommuner]
        assert cells(book, series.tx.strRef.f)[0].startswith("Model ")
    assert chart.legend is not None and chart.legend.legendPos == "b"


def test_the_workbook_speaks_danish_by_default(klynge, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    book = workbook(klynge, tmp_path / "syd.xlsx", "--lang", "da", "calc", SYD)
    assert book.sheetnames == [SYD, "Diagram"]
    chart = the_chart(book)
    assert text_of(chart.x_axis.title) == "Kommune" and text_of(chart.y_axis.title) == "Beløb (kr.)"
    assert book.worksheets[0].oddFooter.right.text == "Side &P af &N"
    assert book.worksheets[0].oddFooter.left.text.startswith("Kilde: ")


def test_page_header_escapes_ampersands_and_keeps_within_excels_limit(klynge, rules_copy: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = rules_copy / f"{SYD}.yaml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^title: .*$", "title: Syd & Co", text, count=1)
    text = re.sub(r"(?m)^(  document: ).*$", r"\g<1>" + "Et langt dokument " * 20, text, count=1)
    path.write_text(text, encoding="utf-8")
    book = workbook(klynge, tmp_path / "syd.xlsx", "calc", SYD, "--rules-dir", str(rules_copy))
    sheet = book.worksheets[0]
    assert sheet["A1"].value == "Syd & Co"
    assert sheet.oddHeader.center.text == "Syd && Co"  # a single & starts a code in a page header
    footer = sheet.oddFooter.left.text + sheet.oddFooter.right.text
    assert len(footer) <= 255 and sheet.oddFooter.left.text.endswith("…")
