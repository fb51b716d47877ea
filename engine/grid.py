"""A plain table of kroner (headings, labelled rows, notes) rendered for people: a rich table,
Markdown, or an Excel sheet. ``klynge compare`` uses it; numbers appear in Danish notation."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import Decimal

from . import danish


@dataclass(frozen=True)
class GridRow:
    label: str
    values: list[Decimal | None]
    bold: bool = False


@dataclass
class Grid:
    id: str
    title: str
    headings: list[str]
    rows: list[GridRow]
    notes: list[str] = field(default_factory=list)

    def cells(self, row: GridRow) -> list[str]:
        return [row.label, *("" if v is None else danish.kroner(v) for v in row.values)]


def table(grid: Grid, width: int = 100) -> str:
    from rich import box
    from rich.console import Console
    from rich.table import Table

    out = Table(title=grid.title, box=box.SIMPLE_HEAD, title_justify="left")
    for index, heading in enumerate(grid.headings):
        out.add_column(heading, justify="left" if index == 0 else "right", no_wrap=index == 0)
    for index, row in enumerate(grid.rows):
        following = grid.rows[index + 1] if index + 1 < len(grid.rows) else None
        out.add_row(
            *grid.cells(row),
            style="bold" if row.bold else None,
            end_section=bool(following and following.bold and not row.bold),
        )
    console = Console(file=io.StringIO(), width=width, color_system=None, highlight=False, emoji=False, markup=False)
    console.print(out)
    for line in grid.notes:
        console.print(line, soft_wrap=True)
    return console.file.getvalue()  # type: ignore[attr-defined,no-any-return]


def markdown(grid: Grid) -> str:
    lines = [f"## {grid.title}", "", "| " + " | ".join(grid.headings) + " |"]
    lines.append("|" + "|".join(["---"] + ["---:"] * (len(grid.headings) - 1)) + "|")
    for row in grid.rows:
        cells = grid.cells(row)
        lines.append("| " + " | ".join(f"**{c}**" if row.bold and c else c for c in cells) + " |")
    lines += ["", *(f"{line}  " for line in grid.notes)]
    return "\n".join(lines).rstrip() + "\n"


def workbook(grid: Grid) -> bytes:
    """One sheet: title, headings, numbers stored as numbers ('#,##0'), then the notes."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    from .xlsx import FIXED_TIME, save, sheet_name

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = sheet_name(grid.id)
    sheet.append([grid.title])
    sheet["A1"].font = Font(bold=True)
    sheet.append([])
    sheet.append(grid.headings)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for row in grid.rows:
        sheet.append(
            [
                row.label,
                *(None if v is None else int(v) if v == v.to_integral_value() else float(v) for v in row.values),
            ]
        )
        for cell in sheet[sheet.max_row]:
            cell.number_format = "#,##0"
            cell.font = Font(bold=row.bold)
    sheet.append([])
    for line in grid.notes:
        sheet.append([line])
    for index, heading in enumerate(grid.headings, start=1):
        width = max([len(heading), *(len(grid.cells(r)[index - 1]) for r in grid.rows)])
        sheet.column_dimensions[get_column_letter(index)].width = width + 2
    sheet.freeze_panes = "B4"
    book.properties.created = book.properties.modified = FIXED_TIME
    return save(book)
