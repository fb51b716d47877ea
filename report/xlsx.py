"""A report as an Excel sheet: numbers stored as numbers with Danish display formats, so a reader can
sum and chart them; the title above, the notes below."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from .model import Kind, Report, Value

FORMATS = {Kind.share: "0.0%", Kind.change: "0.00", Kind.basis: "#,##0"}


def workbook(report: Report) -> bytes:
    """One sheet: title, headings, the lines, then the notes; the first column and the headings stay in view."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    from ..engine.xlsx import FIXED_TIME, save, sheet_name

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = sheet_name(report.id)
    sheet.append([report.title])
    sheet["A1"].font = Font(bold=True)
    sheet.append([])
    sheet.append([c.heading for c in report.columns])
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for line in report.lines:
        sheet.append([_stored(value) for value in line.cells])
        for cell, column in zip(sheet[sheet.max_row], report.columns, strict=True):
            cell.number_format = FORMATS.get(column.kind, "#,##0")
            cell.font = Font(bold=line.strong)
    sheet.append([])
    for note in report.notes:
        sheet.append([note])
    for index, column in enumerate(report.columns, start=1):
        width = max([len(column.heading), *(len(report.shown(line)[index - 1]) for line in report.lines)])
        sheet.column_dimensions[get_column_letter(index)].width = width + 2
    sheet.freeze_panes = "B4"
    book.properties.created = book.properties.modified = FIXED_TIME
    return save(book)


def _stored(value: Value) -> str | int | float | None:
    if value is None or isinstance(value, (str, int)):
        return value
    exact = Fraction(value)
    return exact.numerator if exact.denominator == 1 else float(Decimal(exact.numerator) / exact.denominator)
