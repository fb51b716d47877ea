"""A report as every output form shows it: a title, typed columns, lines of typed cells, and notes.

A cell holds a value, not text: each renderer writes it for its reader (Danish notation for people,
numbers for Excel), by the kind of its column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from ..engine import danish

Value = str | Decimal | Fraction | int | None


class Kind(StrEnum):
    """What a column holds, and so how it is written."""

    text = "text"
    kroner = "kroner"  # 177.678; øre where there are any
    signed = "signed"  # a change in kroner, its sign always shown: +3, −20
    change = "change"  # a change in per cent, to two decimals: +0,02 %
    basis = "basis"  # an indbyggertal: 287.817,3 where weighted
    share = "share"  # a share of 1 as a percentage: 48,0 %
    figure = "figure"  # a number as a published table prints it: 177.678; 48,0 (whole, else one decimal)
    difference = "difference"  # between two figures, its sign always shown: +728, −0,1


@dataclass(frozen=True)
class Column:
    """A column, and what a narrow terminal may do with it (the other renderers show it in full)."""

    heading: str
    kind: Kind = Kind.kroner
    short: str = ""  # the heading where the full one leaves too little room: "Andel"
    spare: bool = False  # the other columns give what it shows: left out before a table is split
    block: int = 0  # columns of one block stay in the same table when a narrow table is split


@dataclass(frozen=True)
class Line:
    """One row of the table; a strong line is a group's or the total's, and a rule may follow a line."""

    cells: tuple[Value, ...]
    strong: bool = False
    ends_group: bool = False


@dataclass
class Report:
    id: str  # a name for the sheet in a workbook
    title: str
    columns: list[Column]
    lines: list[Line]
    notes: list[str] = field(default_factory=list)
    heading: str = ""  # a Markdown heading where it differs from the title
    subtitle: str = ""  # a line under the title in a workbook (the source)
    level: int = 2  # the Markdown heading's level
    empty: str = ""  # what to show instead of a table without lines

    def shown(self, line: Line) -> list[str]:
        """The line's cells in Danish notation, each by its column's kind."""
        return [written(column.kind, value) for column, value in zip(self.columns, line.cells, strict=True)]


def written(kind: Kind, value: Value) -> str:
    if value is None:
        return ""
    if kind is Kind.text or isinstance(value, str):
        return str(value)
    if kind is Kind.figure:
        return danish.value(value)
    if kind is Kind.difference:
        return danish.signed(value)
    writers = {
        Kind.kroner: danish.kroner,
        Kind.signed: lambda v: ("+" if v > 0 else "") + danish.kroner(v),
        Kind.change: lambda v: f"{'+' if v > 0 else ''}{danish.number(v, 2)} %",
        Kind.basis: danish.basis,
        Kind.share: danish.percent,
    }
    return writers[kind](value)
