"""A report as an Excel workbook, the form in which these tables travel between municipalities.

Cells hold numbers, not text, so a reader can sum and chart them; the display formats make a
Danish-locale Excel or LibreOffice show them as the printed table does (177.678; 48,0 %). Printed,
the table fits one page wide in landscape, its headings repeat on every page, and the title and the
source stand in the page's header and footer. A chart of the amounts may follow on a sheet of its
own (``report.xlsxchart``). Equal input gives equal bytes: the document's and the zip entries' times
are fixed.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from fractions import Fraction
from typing import TYPE_CHECKING

from ..i18n import _
from .machine import SHARE_PLACES, number
from .model import Kind, Line, Report, Value
from .xlsxchart import Chart, add_chart

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

FIXED_TIME = datetime(2022, 1, 1)
SHEET_NAME_LIMIT = 31
PLACES = {Kind.basis: 1, Kind.share: SHARE_PLACES, Kind.kroner: 2, Kind.signed: 2, Kind.change: 2}
# Excel refuses a page header or footer of more than 255 characters, its codes included.
HEADER_LIMIT = 255
POINTS_PER_LINE = 15


def workbook(report: Report, chart: Chart | None = None) -> bytes:
    """One sheet: the title (and the source under it), the headings, the lines, a blank row, the notes;
    and, given a chart, a sheet with the chart. The headings and the first column stay in view."""
    return workbook_of([report], chart)


def workbook_of(reports: list[Report], chart: Chart | None = None) -> bytes:
    """A sheet per report, each laid out as ``workbook``'s; a chart goes with the first."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.worksheets[0])  # the empty sheet every new workbook has
    for index, report in enumerate(reports):
        sheet = book.create_sheet(sheet_name(report.id))
        header = _fill(sheet, report)
        if chart is not None and index == 0:
            add_chart(book, sheet, chart, header)
    book.properties.created = book.properties.modified = FIXED_TIME
    return save(book)


def _fill(sheet: Worksheet, report: Report) -> int:
    """Write ``report`` on ``sheet``; the row of its headings."""
    from openpyxl.styles import Font

    sheet.append([report.title])
    sheet["A1"].font = Font(bold=True)
    if report.subtitle:
        sheet.append([report.subtitle])
    sheet.append([])
    sheet.append([c.heading for c in report.columns])
    header: int = sheet.max_row
    for cell in sheet[header]:
        cell.font = Font(bold=True)
    for line in report.lines:
        _append(sheet, report, line)
    sheet.append([])
    _widths(sheet, report)
    for note in report.notes:
        _note(sheet, report, note)
    sheet.freeze_panes = sheet.cell(row=header + 1, column=2)
    _page_setup(sheet, report, header)
    return header


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


def _note(sheet: Worksheet, report: Report, note: str) -> None:
    """A note across the table's width, wrapped, so that it prints within the page and not cut at its edge.
    Excel does not size a merged row to its text: the height is estimated from the columns' widths."""
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    sheet.append([note])
    row, columns = sheet.max_row, len(report.columns)
    if columns > 1:
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
    sheet.cell(row=row, column=1).alignment = Alignment(wrap_text=True, vertical="top")
    room = sum(sheet.column_dimensions[get_column_letter(index)].width for index in range(1, columns + 1))
    lines = -(-len(note) * 11 // (int(room) * 10))  # a tenth more than the widths promise: proportional type
    sheet.row_dimensions[row].height = POINTS_PER_LINE * max(lines, 1)


def _page_setup(sheet: Worksheet, report: Report, header: int) -> None:
    from openpyxl.utils import get_column_letter

    print_setup(sheet, report.title, report.subtitle, header, get_column_letter(len(report.columns)))


def print_setup(sheet: Worksheet, title: str, source: str, heading: int, last: str) -> None:
    """Landscape A4, one page wide and as many long as it takes, the headings (row ``heading``) on every
    page, the title in the page header and the source and page number in the footer; the print area
    runs to column ``last``."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{heading}:{heading}"
    sheet.print_area = f"A1:{last}{max(sheet.max_row, heading)}"
    page = _("Page &P of &N")
    sheet.oddHeader.center.text = _header_text(title, HEADER_LIMIT)
    sheet.oddFooter.left.text = _header_text(source, HEADER_LIMIT - len(page))
    sheet.oddFooter.right.text = page


def _header_text(text: str, limit: int) -> str:
    """``text`` as a page header says it: ``&`` doubled (a single one starts a code), cut to ``limit``."""
    escaped = text.replace("&", "&&")
    if len(escaped) <= limit:
        return escaped
    return escaped[: limit - 1].rstrip("&") + "…"


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
