"""A report as a CSV file for Danish Excel (``--format csv-excel``): what a double-click should open.

``--format csv`` is the machine format (comma, full stop, English column names) and stays so; this
one is for people, so it holds what the terminal and the workbook show: the title and source above,
the translated headings, the Danish names, the group and total rows, the notes below.

What Danish Excel needs to open it in columns, with numbers it can sum:

- ``;`` between fields: the list separator of Danish Windows, which Excel splits a double-clicked
  CSV on (a ``sep=;`` first line would also do, but it makes Excel ignore the BOM and so misread
  æ, ø and å).
- UTF-8 with a byte order mark, without which Excel reads the file as Windows-1252.
- Numbers in Danish notation *without* thousands separators: ``177678`` and ``1234,5`` are numbers
  to a Danish Excel, while ``177.678`` is ambiguous (it reads it as 177,678 in some set-ups, as text or
  a date in others). A minus is ASCII ``-`` and a plus is left out: the terminal's ``−`` (U+2212)
  and ``+3`` would be read as text.
- Numbers as exact as the JSON gives them, not rounded as printed, so the shares sum to 100 and the
  amounts to the pot: kroner to the øre, indbyggertal to 6 decimals, a share as a percentage to 8
  decimals (its heading says ``(%)``; ``48,0 %`` with its sign would be text to some versions).
- Lines end with CRLF, as RFC 4180 and Excel write them.
"""

from __future__ import annotations

import csv
import io
from fractions import Fraction

from ..engine import danish
from .machine import SHARE_PLACES
from .model import Kind, Report, Value

BOM = "\ufeff"
DELIMITER = ";"
# Decimals kept of each kind of number; the JSON output's places, so the two agree exactly.
PLACES = {Kind.kroner: 2, Kind.signed: 2, Kind.basis: 6, Kind.share: SHARE_PLACES - 2, Kind.change: 4}


def excel_csv(report: Report) -> str:
    """The report's title, source, headings, lines and notes, ``;``-separated, with the BOM first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=DELIMITER, lineterminator="\r\n")
    writer.writerow([report.title])
    if report.subtitle:
        writer.writerow([report.subtitle])
    writer.writerow([])
    writer.writerow([heading(column.heading, column.kind) for column in report.columns])
    for line in report.lines:
        writer.writerow([cell(column.kind, value) for column, value in zip(report.columns, line.cells, strict=True)])
    if report.notes:
        writer.writerow([])
    for note in report.notes:
        writer.writerow([note])
    return BOM + buffer.getvalue()


def heading(text: str, kind: Kind) -> str:
    # A share is written as a percentage without its sign, so the heading carries the unit.
    return f"{text} (%)" if kind is Kind.share and "%" not in text else text


def cell(kind: Kind, value: Value) -> str:
    if value is None:
        return ""
    if kind is Kind.text or isinstance(value, str):
        return str(value)
    exact = Fraction(value) * (100 if kind is Kind.share else 1)
    return danish_number(exact, PLACES.get(kind, 6))


def danish_number(value: Fraction, places: int) -> str:
    """``value`` to at most ``places`` decimals, trailing zeros dropped, with a decimal comma:
    ``177678``, ``-3715``, ``48,02100891``."""
    text = format(danish.to_decimal(value, places), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")
