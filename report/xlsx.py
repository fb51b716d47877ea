"""A report as an Excel workbook, the form in which these tables travel between municipalities.

Cells hold numbers, not text, so a reader can sum and chart them; the display formats make a
Danish-locale Excel or LibreOffice show them as the printed table does (177.678; 48,0 %). Equal
input gives equal bytes: the document's and the zip entries' times are fixed.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from fractions import Fraction
from typing import TYPE_CHECKING

from .machine import SHARE_PLACES, number
from .model import Kind, Line, Report, Value

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

FIXED_TIME = datetime(2022, 1, 1)
SHEET_NAME_LIMIT = 31
PLACES = {Kind.basis: 1, Kind.share: SHARE_PLACES, Kind.kroner: 2, Kind.signed: 2, Kind.change: 2}


def workbook(report: Report) -> bytes:
    """One sheet: the title (and the source under it), the headings, the lines, a blank row, the notes.
    The headings and the first column stay in view."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = sheet_name(report.id)
    sheet.append([report.title])
    sheet["A1"].font = Font(bold=True)
    if report.subtitle:
        sheet.append([report.subtitle])
    sheet.append([])
    sheet.append([c.heading for c in report.columns])
    header = sheet.max_row
    for cell in sheet[header]:
        cell.font = Font(bold=True)
    for line in report.lines:
        _append(sheet, report, line)
    sheet.append([])
    for note in report.notes:
        sheet.append([note])
    _widths(sheet, report)
    sheet.freeze_panes = sheet.cell(row=header + 1, column=2)
    book.properties.created = book.properties.modified = FIXED_TIME
    return save(book)


def _append(sheet: Worksheet, report: Report, line: Line) -> None:
    from openpyxl.styles import Font

    sheet.append([_stored(column.kind, value) for column, value in zip(report.columns, line.cells, strict=True)])
    for cell, column, value in zip(sheet[sheet.max_row], report.columns, line.cells, strict=True):
        if column.kind is not Kind.text and value is not None and not isinstance(value, str):
            cell.number_format = _format(column.kind, Fraction(value))
        cell.font = Font(bold=line.strong)


def _stored(kind: Kind, value: Value) -> str | int | float | None:
    if value is None or isinstance(value, str):
        return value
    return number(value, PLACES.get(kind, 6))


def _format(kind: Kind, value: Fraction) -> str:
    # Whole numbers without decimals, others with the decimals Danish print gives them.
    if kind is Kind.share:
        return "0.0%"
    if kind is Kind.change:
        return "0.00"
    whole = value.denominator == 1
    return "#,##0" if whole else "#,##0.0" if kind is Kind.basis else "#,##0.00"


def _widths(sheet: Worksheet, report: Report) -> None:
    """Wide enough for the heading and the Danish text of every cell; notes may overflow."""
    from openpyxl.utils import get_column_letter

    for index, column in enumerate(report.columns, start=1):
        width = max([len(column.heading), *(len(report.shown(line)[index - 1]) for line in report.lines)])
        sheet.column_dimensions[get_column_letter(index)].width = width + 2


def sheet_name(name: str) -> str:
    """Excel refuses sheet names over 31 characters or with any of []:*?/\\ in them."""
    return re.sub(r"[\[\]:*?/\\]", "-", name)[:SHEET_NAME_LIMIT] or "klynge"


def save(book: Workbook) -> bytes:
    # ``Workbook.save`` stamps the current time as modified; the writer it wraps does not.
    from openpyxl.writer.excel import ExcelWriter

    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).write_data()
    return _restamp(raw.getvalue())


def _restamp(data: bytes) -> bytes:
    """The same zip with every entry dated ``FIXED_TIME`` (zip entries carry the time of writing)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            entry.create_system, entry.external_attr = 3, 0o600 << 16  # as on Unix, wherever it runs
            target.writestr(entry, source.read(info), compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()
