"""A report as a table for the terminal: deterministic (no colour, a fixed width), numbers never cut.

From FULL_WIDTH columns on, every table is laid out in full, as it always was. In a narrower terminal
the table is fitted to it instead of wrapping: short headings first, then the spare columns left out
(with a note that says so), then the names in the first column wrapped between words, and only then the
columns split into several tables under each other, each with the first column again. A number is
never cut or wrapped: its column is at least as wide as its widest cell. Notes are wrapped between words.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..i18n import ngettext
from .model import Column, Kind, Report

FULL_WIDTH = 120
# What rich's SIMPLE_HEAD box adds to the cells: a space of padding each side of every column, a
# divider between columns, and an edge each side.
PER_COLUMN = 3
EDGES = 1


def console(width: int) -> Any:
    """The one console every terminal output is written with."""
    from rich.console import Console

    return Console(file=io.StringIO(), width=width, color_system=None, highlight=False, emoji=False, markup=False)


def table(report: Report, width: int = 100) -> str:
    out = console(width)
    notes = report.notes
    if report.lines or not report.empty:
        if width >= FULL_WIDTH:
            out.print(_grid(report, Layout.full(report), with_title=True))
        else:
            fitted = fit(report, width)
            for index, layout in enumerate(fitted):
                out.print(_grid(report, layout, with_title=index == 0))
            notes = [*left_out(report, fitted, width), *notes]
    else:
        out.print(report.empty)
    for note in notes:
        out.print(note if width >= FULL_WIDTH else wrapped(note, width), soft_wrap=True)
    return out.file.getvalue()  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Layout:
    """Which of a report's columns one table shows, under which headings, how wide (None: rich decides)."""

    columns: tuple[int, ...]
    headings: tuple[str, ...]
    widths: tuple[int | None, ...]
    names_wrap: bool = False

    @classmethod
    def full(cls, report: Report) -> Layout:
        indices = tuple(range(len(report.columns)))
        return cls(indices, tuple(c.heading for c in report.columns), (None,) * len(indices))


def _grid(report: Report, layout: Layout, with_title: bool) -> Any:
    from rich import box
    from rich.table import Table

    grid = Table(title=report.title if with_title else None, box=box.SIMPLE_HEAD, title_justify="left")
    for index, heading, size in zip(layout.columns, layout.headings, layout.widths, strict=True):
        column = report.columns[index]
        # The first column is never cut; a long heading of a number column wraps onto two lines.
        left = index == 0 or column.kind is Kind.text  # text reads from the left
        no_wrap = index == 0 and not layout.names_wrap
        grid.add_column(heading, justify="left" if left else "right", no_wrap=no_wrap, width=size)
    shown = [line for line in report.lines if _has_values(line.cells, layout.columns)]
    for number, line in enumerate(shown):
        cells = report.shown(line)
        last = number == len(shown) - 1  # a block that leaves out the total rows ends without a rule
        grid.add_row(
            *(cells[i] for i in layout.columns),
            style="bold" if line.strong else None,
            end_section=line.ends_group and not last,
        )
    return grid


def _has_values(cells: tuple[object, ...], columns: tuple[int, ...]) -> bool:
    """A line shows in a block where it has a value beyond its name (the total has no differences)."""
    return len(columns) == len(cells) or any(cells[i] is not None for i in columns[1:])


def fit(report: Report, width: int) -> list[Layout]:
    """The tables a narrow terminal shows the report as: one if it can (the spare columns left out if
    need be), else as few as fit, without the spare columns (the fewer tables, the easier to read)."""
    measure = _Measure(report)
    everything = list(range(1, len(report.columns)))
    kept = [i for i in everything if not report.columns[i].spare]
    attempts = [(Mode(), everything), (Mode(short=True), everything), (Mode(short=True), kept)]
    for mode, columns in [*attempts, (Mode(short=True, names_wrap=True), kept)]:
        if measure.fits([0, *columns], mode, width):
            return [measure.layout([0, *columns], mode, width)]
    return [measure.layout([0, *block], SPLIT, width) for block in measure.blocks(kept, width)]


def left_out(report: Report, fitted: list[Layout], width: int) -> list[str]:
    """The note that says which columns a narrow table leaves out, and how to see them."""
    shown = {i for layout in fitted for i in layout.columns}
    missing = [c.heading for i, c in enumerate(report.columns) if i not in shown]
    if not missing:
        return []
    note = ngettext(
        "{headings} is left out to fit {width} columns; --width {full} shows it.",
        "{headings} are left out to fit {width} columns; --width {full} shows them.",
        len(missing),
    )
    return [note.format(headings=", ".join(missing), width=width, full=FULL_WIDTH)]


def wrapped(note: str, width: int) -> str:
    """A note broken between words to the width, its continuation lines indented; a word is never
    split unless it alone is wider than the terminal (a long web address)."""
    lines: list[str] = []
    for paragraph in note.splitlines() or [""]:
        lines += textwrap.wrap(
            paragraph, width, subsequent_indent="  ", break_on_hyphens=False, drop_whitespace=True
        ) or [""]
    return "\n".join(lines)


@dataclass(frozen=True)
class Mode:
    """How far a narrow table goes to fit: short headings; the names in the first column wrapped."""

    short: bool = False
    names_wrap: bool = False


SPLIT = Mode(short=True)  # tables split into blocks keep each name on one line


class _Measure:
    """How wide each column of a report must be (its narrowest) and would like to be (one-line heading)."""

    def __init__(self, report: Report) -> None:
        from rich.cells import cell_len

        self.report = report
        self.len = cell_len
        rows = [report.shown(line) for line in report.lines]
        self.cells = [[row[i] for row in rows] for i in range(len(report.columns))]

    def heading(self, index: int, mode: Mode) -> str:
        column: Column = self.report.columns[index]
        return column.short if mode.short and column.short else column.heading

    def wraps(self, index: int, mode: Mode) -> bool:
        """Text wraps between words, like a note; the names in the first column only as a last resort."""
        return mode.names_wrap if index == 0 else self.report.columns[index].kind is Kind.text

    def narrowest(self, index: int, mode: Mode) -> int:
        heading, cells = self.heading(index, mode), self.cells[index]
        if self.wraps(index, mode):
            return max(self.len(word) for text in [heading, *cells] for word in text.split() or [""])
        if index == 0:  # neither its heading nor its cells wrap
            return max(self.len(text) for text in [heading, *cells])
        return max(_two_lines(heading, self.len), *(self.len(text) for text in cells))

    def widest(self, index: int, mode: Mode) -> int:
        return max(self.len(text) for text in [self.heading(index, mode), *self.cells[index]])

    def fits(self, columns: list[int], mode: Mode, width: int) -> bool:
        return sum(self.narrowest(i, mode) for i in columns) + PER_COLUMN * len(columns) + EDGES <= width

    def layout(self, columns: list[int], mode: Mode, width: int) -> Layout:
        """Every column at its widest where they all fit so; else at their narrowest, with the room
        left to the text columns that wrap (number columns alike keep their headings alike)."""
        room = width - PER_COLUMN * len(columns) - EDGES
        sizes = [self.widest(i, mode) for i in columns]
        if sum(sizes) > room:
            sizes = [self.narrowest(i, mode) for i in columns]
            room -= sum(sizes)
            for position, index in enumerate(columns):
                if self.wraps(index, mode):
                    grow = max(0, min(self.widest(index, mode) - sizes[position], room))
                    sizes[position] += grow
                    room -= grow
        headings = tuple(self.heading(i, mode) for i in columns)
        return Layout(tuple(columns), headings, tuple(sizes), names_wrap=mode.names_wrap)

    def blocks(self, columns: list[int], width: int) -> list[list[int]]:
        """The columns in tables that each fit beside the first column: a block of columns (the
        differences in a comparison) stays together where it fits in a table of its own."""
        tables: list[list[int]] = [[]]
        for group in _groups(self.report, columns):
            if not self.fits([0, *tables[-1], *group], SPLIT, width) and self.fits([0, *group], SPLIT, width):
                tables.append([])
            for index in group:
                if tables[-1] and not self.fits([0, *tables[-1], index], SPLIT, width):
                    tables.append([])
                tables[-1].append(index)
        return [block for block in tables if block]


def _groups(report: Report, columns: list[int]) -> Iterator[list[int]]:
    """The columns in runs of the same block, in order."""
    run: list[int] = []
    for index in columns:
        if run and report.columns[index].block != report.columns[run[-1]].block:
            yield run
            run = []
        run.append(index)
    if run:
        yield run


def _two_lines(heading: str, length: Any) -> int:
    """The narrowest width that shows a heading on at most two lines, broken between words."""
    words = heading.split()
    if len(words) < 2:
        return int(length(heading))
    splits = (max(length(" ".join(words[:cut])), length(" ".join(words[cut:]))) for cut in range(1, len(words)))
    return int(min(splits))
