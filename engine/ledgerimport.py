"""Reading a filled klyngeregnskab workbook (written by ``klynge regnskab template``) back into a ledger.

The workbook's hidden sheet ``klynge`` says what it is for (rule, klynge, year, the entries' sheet and
columns), so nothing about its layout is guessed. Each row is checked exactly as an entry of a ledger
file (engine/ledger.py: the schema for form, then the rule for meaning) and every problem is placed at
its sheet and cell, ``Poster!C12``, all at once. Empty rows are skipped; a row with only some of its
cells filled names the empty ones.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from decimal import Decimal
from typing import Any

from ..i18n import _
from . import schemamessages
from .errors import InvalidInput, KlyngeError, Problem, joined
from .ledger import Funders, _without_entry, check_ledger
from .ledgermodels import Ledger, LedgerEntry
from .yamlio import Document

METADATA_SHEET = "klynge"  # a machine name, as the file's keys: never translated
ENTRY_COLUMNS = ("date", "contributor", "account", "initiative", "amount", "text")
OPTIONAL = ("text",)


@dataclass(frozen=True)
class Cell:
    """One cell of a sheet as the workbook holds it: a number, a date, a text or nothing."""

    row: int
    column: int
    value: object

    @property
    def coordinate(self) -> str:
        letters, number = "", self.column
        while number:
            number, rest = divmod(number - 1, 26)
            letters = chr(ord("A") + rest) + letters
        return f"{letters}{self.row}"


# A workbook as report/ledgertemplate.py reads it: each sheet's rows of cells, by the sheet's name.
Sheets = Mapping[str, list[list[Cell]]]


@dataclass(frozen=True)
class TemplateInfo:
    """What a template is for; written to its sheet ``klynge`` as key and value, one a row."""

    rule: str
    cluster: str
    year: int
    version: str
    ledger_id: str
    ledger_title: str
    entries_sheet: str
    first_row: int
    columns: str = ",".join(ENTRY_COLUMNS)

    def rows(self) -> list[tuple[str, str | int]]:
        return [(f.name, getattr(self, f.name)) for f in fields(self)]


def metadata_cell(name: str) -> str:
    """The cell of the sheet ``klynge`` that holds ``name``'s value, for a problem with it."""
    return f"{METADATA_SHEET}!B{[f.name for f in fields(TemplateInfo)].index(name) + 1}"


class CellProblems(InvalidInput):
    """A workbook's problems in the order of its sheets, rows and columns (C9 before C12)."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems), key=_cell_order)
        KlyngeError.__init__(self, "\n".join(p.render() for p in self.problems))


def _cell_order(problem: Problem) -> tuple[str, int, str, str]:
    sheet, _sep, cell = problem.path.rpartition("!")
    letters = cell.rstrip("0123456789")
    digits = cell[len(letters) :]
    return (sheet, int(digits) if digits else 0, letters.rjust(3), problem.message)


def template_info(sheets: Sheets, shown: str) -> TemplateInfo:
    """What the workbook is for; ``InvalidInput`` if it is no klynge template."""
    if METADATA_SHEET not in sheets:
        message = _("is no klynge regnskab template: it has no sheet '{sheet}'").format(sheet=METADATA_SHEET)
        hint = _("start from 'klynge regnskab template'")
        raise InvalidInput([Problem(shown, 0, 0, message, hint, check="file-kind")])
    return _info(sheets[METADATA_SHEET], shown, list(sheets))


def _info(rows: list[list[Cell]], shown: str, sheets: list[str]) -> TemplateInfo:
    given = {str(row[0].value): row[1].value for row in rows if len(row) > 1 and row[0].value is not None}
    try:
        info = TemplateInfo(**{f.name: _typed(f.name, given[f.name]) for f in fields(TemplateInfo)})  # type: ignore[arg-type]
    except (KeyError, TypeError, ValueError):
        info = None
    if info is None or info.entries_sheet not in sheets or tuple(info.columns.split(",")) != ENTRY_COLUMNS:
        message = _("the sheet '{sheet}' does not say what the workbook is for").format(sheet=METADATA_SHEET)
        hint = _("start again from 'klynge regnskab template'")
        raise InvalidInput([Problem(shown, 0, 0, message, hint, check="file-kind")])
    return info


def _typed(name: str, value: object) -> str | int:
    if value is None:
        raise ValueError(name)
    return int(str(value)) if name in ("year", "first_row") else str(value)


def read_entries(sheets: Sheets, info: TemplateInfo, funders: Funders) -> Ledger:
    """The workbook's entries as a ledger; ``CellProblems`` with every wrong cell."""
    title = info.entries_sheet
    base = {"kind": "ledger", "id": info.ledger_id, "title": info.ledger_title, "year": info.year}
    entries: list[LedgerEntry] = []
    problems: list[Problem] = []
    for row in filter(None, sheets[title][info.first_row - 1 :]):
        cells = {key: _cell(row, index) for index, key in enumerate(ENTRY_COLUMNS, start=1)}
        if all(_empty(cell.value) for cell in cells.values()):
            continue
        found, wrong = _entry(title, cells, info, base, funders)
        entries += found
        problems += wrong
    if not entries and not problems:
        message = _("no entries: the sheet has no filled row")
        hint = _("fill in a row for each expense or income")
        problems.append(Problem(title, 0, 0, message, hint, check="schema"))
    if problems:
        raise CellProblems(problems)
    return Ledger.model_validate({**base, "entries": [e.model_dump() for e in entries]})


def _cell(row: list[Cell], column: int) -> Cell:
    """The cell of ``row`` in ``column``; a row read short of it has it empty."""
    return row[column - 1] if len(row) >= column else Cell(row[0].row, column, None)


def _empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _entry(
    title: str, cells: dict[str, Cell], info: TemplateInfo, base: dict[str, Any], funders: Funders
) -> tuple[list[LedgerEntry], list[Problem]]:
    """One row as a one-entry ledger, checked by the schema and then against the rule."""
    missing = [key for key in ENTRY_COLUMNS if key not in OPTIONAL and _empty(cells[key].value)]
    if missing:
        return [], [_missing(title, [cells[key] for key in missing])]
    entry: dict[str, Any] = {"cluster": info.cluster}
    problems: list[Problem] = []
    for key, cell in cells.items():
        value, problem = _value(key, cell, title, info.year)
        if problem:
            problems.append(problem)
        elif value is not None:
            entry[key] = value
    if problems:
        return [], problems
    doc = Document(title, {**base, "entries": [entry]})
    for key, cell in cells.items():
        doc.value_at[("entries", 0, key)] = doc.key_at[("entries", 0, key)] = (cell.row, cell.column)
    doc.value_at[("entries", 0)] = doc.value_at[("entries", 0, "cluster")] = (cells["date"].row, 1)
    wrong = [_without_entry(p) for p in schemamessages.validate(doc, "ledger")]
    if not wrong:
        ledger = Ledger.model_validate(doc.data)
        wrong = check_ledger(doc, ledger, funders)
        if not wrong:
            return list(ledger.entries), []
    return [], [_at_cell(title, p) for p in wrong]


def _at_cell(title: str, problem: Problem) -> Problem:
    where = Cell(problem.line, problem.col, None).coordinate
    return replace(problem, path=f"{title}!{where}", line=0, col=0)


def _missing(title: str, cells: list[Cell]) -> Problem:
    names = joined([cell.coordinate for cell in cells])
    message = _("the row is filled in only in part: {cells} empty").format(cells=names)
    hint = _("fill in date, contributor, account, initiative and amount, or empty the whole row")
    return Problem(f"{title}!{cells[0].coordinate}", 0, 0, message, hint, check="schema")


def _value(key: str, cell: Cell, title: str, year: int) -> tuple[object, Problem | None]:
    """A cell's value as a ledger file writes it; a text where a number or a date belongs is a problem."""
    value = cell.value
    where = f"{title}!{cell.coordinate}"
    if _empty(value):
        return None, None
    if key == "amount":
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
            message = _("amount '{text}' is text, not a number").format(text=value)
            return None, Problem(where, 0, 0, message, _("enter the amount as a number, e.g. 1250,50"), check="schema")
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(value), None
    if key == "date":
        return _date(value, where, year)
    return (str(value).strip() if isinstance(value, str) else _plain(value)), None


def _date(value: object, where: str, year: int) -> tuple[object, Problem | None]:
    if isinstance(value, datetime.datetime | datetime.date):
        day = value.date() if isinstance(value, datetime.datetime) else value
        return day.isoformat(), None
    text = str(value).strip()
    if isinstance(value, str) and len(text) == 10 and text[4] == "-":
        return text, None  # YYYY-MM-DD as a ledger file writes it: checked there as a day of the year
    message = _("date '{text}' is no date").format(text=text)
    hint = _("enter a date of {year} in the cell, e.g. 30-09-{year}").format(year=year)
    return None, Problem(where, 0, 0, message, hint, check="ledger-date")


def _plain(value: object) -> str:
    """A number in a text cell (an account typed as 4.62) as its digits, never in float's notation."""
    if isinstance(value, float):
        return f"{Decimal(repr(value)):f}"
    return str(value)
