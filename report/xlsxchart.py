"""A native Excel bar chart of a report's amounts, on a chart sheet of its own.

The chart reads the table's cells (it holds no numbers of its own), so a reader who corrects a cell
sees the bar move. It shows the members only, never a group's or the total's row, whose bars would
dwarf the rest: for ``calc`` the kommuner (or the klynger where the rule has no kommune rows), with
the amount column; for ``compare`` the kommuner, a series per model. Rows that are not side by side
in the table (the klynger of each region) are one reference of several ranges, ``(A6:A9,A11:A15)``,
as Excel itself writes a chart of a selection of separate ranges.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..i18n import _

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.chart import BarChart
    from openpyxl.chart.series import Series
    from openpyxl.worksheet.worksheet import Worksheet

    from ..engine.compare import Comparison
    from ..engine.result import Result

KRONER_FORMAT = "#,##0"
# Excel reads no chart reference longer than this; a chart it cannot read is worse than none.
REFERENCE_LIMIT = 255


@dataclass(frozen=True)
class Chart:
    """What to draw: the report's lines to show (by index), the columns to draw as series (by index,
    the first column naming the bars), and the words on the chart, already translated."""

    lines: tuple[int, ...]
    series: tuple[int, ...]
    title: str
    category_axis: str


def for_calculation(result: Result, title: str) -> Chart:
    """The amount of each member: a kommune, or a klynge where no kommune has a row of its own."""
    levels = {row.level for row in result.rows}
    member = "municipality" if "municipality" in levels else "cluster"
    lines = tuple(index for index, row in enumerate(result.rows) if row.level == member)
    pots = len(result.pots) if len(result.pots) > 1 else 0
    axis = _("Kommune") if member == "municipality" else _("Klynge")
    return Chart(lines, (3 + pots,), title, axis)


def for_comparison(compared: Comparison, title: str) -> Chart:
    """What each kommune bears under each model; the total and the extremes below are left out."""
    lines = tuple(range(len(compared.names)))
    return Chart(lines, tuple(range(1, len(compared.models) + 1)), title, _("Kommune"))


def add_chart(book: Workbook, sheet: Worksheet, chart: Chart, header: int) -> None:
    """A chart sheet after ``sheet``, whose table's headings are in row ``header``."""
    if not chart.lines:
        return
    rows = [header + 1 + index for index in chart.lines]
    names = _reference(sheet.title, 1, rows)
    if len(names) > REFERENCE_LIMIT:
        return
    bars = _bar_chart(chart)
    for column in chart.series:
        bars.series.append(_series(sheet.title, column + 1, header, rows, names))
    book.create_chartsheet(_("Chart")).add_chart(bars)


def _bar_chart(chart: Chart) -> BarChart:
    from openpyxl.chart import BarChart

    bars = BarChart()
    bars.type, bars.grouping = "col", "clustered"
    bars.title = chart.title
    bars.x_axis.title = chart.category_axis
    bars.y_axis.title = _("Amount (kr.)")
    bars.y_axis.number_format = KRONER_FORMAT
    bars.y_axis.numFmt.sourceLinked = False  # the kroner format, not the cells' own, on the axis
    # openpyxl 3.1 hides both axes unless told otherwise.
    bars.x_axis.delete = bars.y_axis.delete = False
    if len(chart.series) > 1:
        bars.legend.position = "b"
    else:  # one series: its name is the axis title already
        bars.legend = None
    return bars


def _series(sheet: str, column: int, header: int, rows: list[int], names: str) -> Series:
    from openpyxl.chart.data_source import AxDataSource, NumDataSource, NumRef, StrRef
    from openpyxl.chart.series import Series, SeriesLabel

    values = NumDataSource(numRef=NumRef(f=_reference(sheet, column, rows)))
    label = SeriesLabel(strRef=StrRef(f=_reference(sheet, column, [header])))
    return Series(val=values, cat=AxDataSource(strRef=StrRef(f=names)), tx=label)


def _reference(sheet: str, column: int, rows: list[int]) -> str:
    """The cells of ``column`` in ``rows``, as one range where they are side by side, else a union."""
    from openpyxl.utils import get_column_letter, quote_sheetname

    letter, prefix = get_column_letter(column), quote_sheetname(sheet)
    ranges = [f"{prefix}!${letter}${first}:${letter}${last}" for first, last in _runs(rows)]
    return ranges[0] if len(ranges) == 1 else f"({','.join(ranges)})"


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Consecutive rows as (first, last) pairs: [6, 7, 8, 10] -> [(6, 8), (10, 10)]."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and runs[-1][1] == row - 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs
