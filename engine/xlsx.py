"""A ``Result`` as an Excel workbook, the form in which these tables travel between municipalities.

Cells hold numbers, not text, so a reader can sum and chart them; the display formats make a
Danish-locale Excel or LibreOffice show them as the printed table does (177.678; 48,0 %). The
labels, footnotes and trailer come from ``engine.tables``, so every format says the same.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from .calc import Result, Row
from .render import SHARE_PLACES, number
from .tables import cells, columns, footnotes, header_lines, trailer

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

# A fixed time for the document properties and the zip entries: equal input, equal bytes.
FIXED_TIME = datetime(2022, 1, 1)
HEADER_ROW = 4
SHARE_FORMAT = "0.0%"
SHEET_NAME_LIMIT = 31


def workbook(result: Result) -> bytes:
    """The result as one sheet: title, source, the table with real numbers, then the trailer."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = sheet_name(result.rule.id)
    sheet.append([result.rule.title])
    sheet["A1"].font = Font(bold=True)
    sheet.append([header_lines(result)[0]])
    sheet.append([])
    sheet.append(columns(result))
    for cell in sheet[HEADER_ROW]:
        cell.font = Font(bold=True)
    _table(sheet, result)
    sheet.append([])
    for line in trailer(result):
        sheet.append([line])
    _widths(sheet, result)
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=1)
    book.properties.created = book.properties.modified = FIXED_TIME
    return save(book)


def sheet_name(rule_id: str) -> str:
    """Excel refuses sheet names over 31 characters or with any of []:*?/\\ in them."""
    return re.sub(r"[\[\]:*?/\\]", "-", rule_id)[:SHEET_NAME_LIMIT] or "klynge"


def _table(sheet: Worksheet, result: Result) -> None:
    from openpyxl.styles import Font

    marks, _ = footnotes(result)
    for row in result.rows:
        values = _values(result, row)
        sheet.append([result.shown(row) + marks.get(row.label, ""), *(value for value, _ in values)])
        for cell, (_, fmt) in zip(sheet[sheet.max_row][1:], values, strict=True):
            cell.number_format = fmt
        if row.level in ("region", "total"):
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)


def _values(result: Result, row: Row) -> list[tuple[int | float, str]]:
    """The numeric cells of a row with their display formats, in the order of ``columns``."""
    pots = [row.amounts[p.id] for p in result.pots] if len(result.pots) > 1 else []
    basis = (number(row.basis, 1), "#,##0" if row.basis.denominator == 1 else "#,##0.0")
    share = (float(number(row.share, SHARE_PLACES)), SHARE_FORMAT)
    return [basis, share, *(_kroner(amount) for amount in [*pots, row.amount])]


def _kroner(amount: Decimal) -> tuple[int | float, str]:
    # Whole kroner without decimals, øre with two, as ``danish.kroner`` prints them.
    whole = Fraction(amount).denominator == 1
    return number(amount, 2), "#,##0" if whole else "#,##0.00"


def _widths(sheet: Worksheet, result: Result) -> None:
    """Wide enough for the heading and the Danish text of every cell; trailer lines may overflow."""
    from openpyxl.utils import get_column_letter

    marks, _ = footnotes(result)
    texts = [columns(result), *(cells(result, row, marks) for row in result.rows)]
    for index, column in enumerate(zip(*texts, strict=True), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(len(text) for text in column) + 2


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
