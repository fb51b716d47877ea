"""Published tables as CSV files the way Excel saves them: UTF-8 with or without BOM, or Windows-1252
(Danish Excel's "CSV (semikolonsepareret)"); ',' or ';' (or tab) between cells; Danish numbers.

Anything else is one ``Problem`` with its line and the fix, never a traceback.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path

from ..i18n import N_, _
from .errors import InvalidInput, Problem
from .yamlio import MAX_FILE_BYTES, count

SAVE_AS = N_("save it from Excel as 'CSV UTF-8'")


def read_text(path: Path, shown: str) -> str:
    """The table as text: UTF-8 with or without BOM, else Windows-1252, which Danish Excel writes for
    'CSV (semikolonsepareret)' (Latin-1 files read the same: they differ only in unused control codes)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        message = _("cannot read the published table: {reason}").format(reason=exc.strerror)
        raise InvalidInput([Problem(shown, 0, 0, message, check="csv-unreadable")]) from None
    _refuse_binary(raw, shown)
    bom = len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0
    try:
        return raw[bom:].decode("utf-8")
    except UnicodeDecodeError as exc:
        if bom or not raw[: exc.start].isascii():  # UTF-8 up to here: a damaged file, not another encoding
            line = raw.count(b"\n", 0, bom + exc.start) + 1
            message = _("byte {byte} is not UTF-8, though the text before it is").format(
                byte=f"0x{raw[bom + exc.start]:02X}"
            )
            raise InvalidInput([Problem(shown, line, 1, message, _(SAVE_AS), check="csv-unreadable")]) from None
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        message = _("byte {byte} is neither UTF-8 nor Windows-1252 (Danish Excel) text").format(
            byte=f"0x{raw[exc.start]:02X}"
        )
        raise InvalidInput([Problem(shown, line, 1, message, _(SAVE_AS), check="csv-unreadable")]) from None


def _refuse_binary(raw: bytes, shown: str) -> None:
    if len(raw) > MAX_FILE_BYTES:
        message = _("the published table is {size} bytes; the limit is {limit}").format(
            size=count(len(raw)), limit=count(MAX_FILE_BYTES)
        )
        raise InvalidInput([Problem(shown, 0, 0, message, check="csv-unreadable")])
    what = (
        _("the published table is an Excel workbook, not a CSV file")
        if raw.startswith(b"PK\x03\x04")
        else _("the published table is UTF-16 text (Excel's 'Unicode text'), not CSV")
        if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
        else ""
    )
    if what:
        raise InvalidInput([Problem(shown, 1, 1, what, _(SAVE_AS), check="csv-unreadable")])
    if b"\x00" in raw:
        line = raw.count(b"\n", 0, raw.index(b"\x00")) + 1
        message = _("NUL byte: the published table is not a CSV text file")
        raise InvalidInput([Problem(shown, line, 1, message, _(SAVE_AS), check="csv-unreadable")])


@dataclass(frozen=True)
class Sheet:
    """A CSV file's rows by column name, each with the line it ends on, and the separator it uses."""

    delimiter: str
    rows: list[tuple[int, dict[str, str]]]


# Danish Excel separates with ';' (the comma is its decimal mark), English Excel with ','; a first line
# 'sep=;' names the separator (Excel reads and some tools write it).
DELIMITERS = (",", ";", "\t")
SEP_LINE = re.compile(r"sep=(.)\s*")


def read_sheet(text: str, shown: str, needed: list[str]) -> Sheet:
    first = text.splitlines()[0] if text.strip() else ""
    if not first.strip():
        hint = _("the first line names the columns: {columns}").format(columns=", ".join(needed))
        message = _("the published table has no header line")
        raise InvalidInput([Problem(shown, 1, 1, message, hint, check="csv-format")])
    named = SEP_LINE.fullmatch(first)
    delimiter = named.group(1) if named else _delimiter(first, needed)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        if named:
            next(reader)
        header = [name.strip() for name in next(reader, [])]
        _require(shown, reader.line_num, header, needed)
        rows = [
            (reader.line_num, _cells(shown, reader.line_num, header, row)) for row in reader if "".join(row).strip()
        ]
    except csv.Error as exc:
        message = _("not a CSV table: {reason}").format(reason=exc)
        raise InvalidInput([Problem(shown, reader.line_num, 1, message, _(SAVE_AS), check="csv-format")]) from None
    if not rows:
        message = _("the published table has a header line but no rows")
        raise InvalidInput([Problem(shown, reader.line_num, 1, message, check="csv-format")])
    return Sheet(delimiter, rows)


def _cells(shown: str, line: int, header: list[str], cells: list[str]) -> dict[str, str]:
    """A row by column name; a row with more cells than the header has is no row of this table."""
    if len(cells) > len(header):
        message = _("the row has {cells} cells, the header line {header}").format(cells=len(cells), header=len(header))
        hint = _("a decimal comma in a ','-separated table needs quotes (\"48,0\"); or save the table with ';'")
        raise InvalidInput([Problem(shown, line, 1, message, hint, check="csv-format")])
    return dict(zip(header, cells, strict=False))


def _delimiter(header: str, needed: list[str]) -> str:
    """The separator that splits the header line into the columns the rule names (else into the most)."""

    def fit(delimiter: str) -> tuple[int, int]:
        names = [name.strip() for name in next(csv.reader([header], delimiter=delimiter), [])]
        return sum(name in names for name in needed), len(names)

    return max(DELIMITERS, key=fit)  # on a tie the first: ','


def _require(shown: str, line: int, header: list[str], needed: list[str]) -> None:
    missing = [c for c in needed if c not in header]
    if missing:
        has = ", ".join(repr(h) for h in header if h) or _("nothing")
        message = _("no column {columns} in the published table; its header line has {has}").format(
            columns=", ".join(missing), has=has
        )
        hint = _("name the columns in the table's header line or in the rule's rows and columns")
        raise InvalidInput([Problem(shown, line, 1, message, hint, check="csv-format")])


def not_a_number(shown: str, line: int, column: str, text: str, delimiter: str) -> Problem:
    if not text.strip():
        message = _("column {column} is empty").format(column=column)
        return Problem(shown, line, 1, message, _("every checked cell needs a number"), check="csv-number")
    hint = (
        _("in a ';'-separated table the comma is the decimal mark and a dot groups thousands: 48,0 and 177.678")
        if delimiter != ","
        else ""
    )
    message = _("column {column}: {text} is not a number").format(column=column, text=repr(text))
    return Problem(shown, line, 1, message, hint, check="csv-number")


# Danish notation: dots group thousands (1.234.567), a comma marks decimals (48,0).
DANISH_NUMBER = re.compile(r"[-+]?([1-9]\d{0,2}(\.\d{3})+|\d+)(,\d+)?")
THOUSANDS = re.compile(r"-?[1-9]\d{0,2}(\.\d{3})+")  # not 0.480: that is a decimal
KRONER = re.compile(r"^kr\.?|kr\.?$", re.IGNORECASE)


def number(text: str, danish_only: bool = False) -> tuple[Fraction, int] | None:
    """A published number, plain (4030016; 0.48) or Danish (48,0; 177.678; 1.234.567,50; 48,0 %; 177.678 kr.),
    and its decimals. ``danish_only`` for a ';'-separated table, where a dot never marks decimals."""
    cleaned = re.sub(r"[\s%]", "", text).replace("\u2212", "-")  # \s: Excel groups with no-break spaces too
    cleaned = KRONER.sub("", cleaned)
    if danish_only or "," in cleaned:
        if not DANISH_NUMBER.fullmatch(cleaned):
            return None
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif THOUSANDS.fullmatch(cleaned):
        cleaned = cleaned.replace(".", "")  # 177.678 in a Danish table is a thousands separator
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        return None
    if not number.is_finite():
        return None
    exponent = number.as_tuple().exponent
    return Fraction(number), -exponent if isinstance(exponent, int) and exponent < 0 else 0
