"""A report as a table for the terminal: deterministic (no colour, a fixed width), numbers never cut."""

from __future__ import annotations

import io
from typing import Any, Literal

from .model import Kind, Report


def console(width: int) -> Any:
    """The one console every terminal output is written with."""
    from rich.console import Console

    return Console(file=io.StringIO(), width=width, color_system=None, highlight=False, emoji=False, markup=False)


def table(report: Report, width: int = 100) -> str:
    from rich import box
    from rich.table import Table

    out = console(width)
    if report.lines or not report.empty:
        grid = Table(title=report.title, box=box.SIMPLE_HEAD, title_justify="left")
        for index, column in enumerate(report.columns):
            # The first column is never cut; a long heading of a number column wraps onto two lines.
            justify: Literal["left", "right"] = "left" if index == 0 or column.kind is Kind.text else "right"
            grid.add_column(column.heading, justify=justify, no_wrap=index == 0)
        for line in report.lines:
            grid.add_row(*report.shown(line), style="bold" if line.strong else None, end_section=line.ends_group)
        out.print(grid)
    else:
        out.print(report.empty)
    for note in report.notes:
        out.print(note, soft_wrap=True)
    return out.file.getvalue()  # type: ignore[no-any-return]
