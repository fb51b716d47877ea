"""Reading a klynge's ledger (YAML, or CSV as Excel saves it) and the commitments file, and checking them
against the rule whose contributions they account for: every problem at its ``path:line:col``, all at once.

A ledger's entries are checked for form by the schema (engine/ledgermodels.py) and for meaning here: a
klynge the rule has, a contributor that funds that klynge under the rule, a date in the ledger's year,
an amount in whole øre. A CSV ledger is read into the same document as a YAML one, each cell at its line
and column (the column's number in the sheet), so both are checked by one schema and the same checks.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..i18n import _
from . import csvtable, danish, schemamessages
from .errors import InvalidInput, Problem, UsageError, did_you_mean, display_path, joined
from .ledgermodels import Commitments, Ledger
from .loader import load_file
from .yamlio import Document

# A CSV ledger's columns: the YAML keys of an entry (machine names, never translated); text may be left out.
COLUMNS = ("date", "cluster", "contributor", "account", "initiative", "amount")
OPTIONAL_COLUMNS = ("text",)


@dataclass(frozen=True)
class Funders:
    """What the rule says about who funds whom: each klynge's name and the contributors that fund it."""

    rule: str
    names: Mapping[str, str]  # klynge id: its name as the registry gives it
    contributors: Mapping[str, tuple[str, ...]]  # klynge id: the kommuner and region that fund it


@dataclass(frozen=True)
class Entry:
    """One checked entry of a ledger."""

    date: datetime.date
    cluster: str
    contributor: str
    account: str
    initiative: str
    amount: Decimal
    text: str = ""

    @property
    def quarter(self) -> int:
        return (self.date.month - 1) // 3 + 1


def read_ledger(path: Path, year: int, funders: Funders) -> tuple[int, list[Entry]]:
    """The ledger's year (its own, or ``year`` for a CSV ledger) and its entries; ``InvalidInput`` with
    every problem of the file."""
    doc, ledger = _csv_ledger(path, year) if path.suffix.lower() == ".csv" else _yaml_ledger(path)
    problems = check_ledger(doc, ledger, funders)
    if problems:
        raise InvalidInput(problems)
    return ledger.year, [_entry(item.model_dump()) for item in ledger.entries]


def _entry(values: dict[str, Any]) -> Entry:
    return Entry(**{**values, "date": datetime.date.fromisoformat(values["date"]), "text": values["text"] or ""})


def _yaml_ledger(path: Path) -> tuple[Document, Ledger]:
    loaded = load_file(_existing(path))
    if not isinstance(loaded.model, Ledger):
        raise UsageError(_("{path} is no ledger (a file with kind: ledger, or a .csv file)").format(path=path))
    return loaded.doc, loaded.model


def _existing(path: Path) -> Path:
    if not path.is_file():
        raise UsageError(_("no such file: {path}").format(path=path))
    return path


def _csv_ledger(path: Path, year: int) -> tuple[Document, Ledger]:
    shown = display_path(_existing(path))
    sheet = csvtable.read_sheet(csvtable.read_text(path, shown), shown, list(COLUMNS))
    data: dict[str, Any] = {"kind": "ledger", "id": "csv", "title": shown, "year": year, "entries": []}
    doc = Document(shown, data)
    for index, (line, row) in enumerate(sheet.rows):
        header = list(row)
        entry: dict[str, Any] = {}
        for column in (*COLUMNS, *OPTIONAL_COLUMNS):
            cell = row.get(column, "").strip()
            if column in OPTIONAL_COLUMNS and not cell:
                continue
            entry[column] = _amount(cell, sheet.delimiter) if column == "amount" else cell
            where = (line, header.index(column) + 1 if column in header else 1)
            doc.value_at[("entries", index, column)] = doc.key_at[("entries", index, column)] = where
        doc.value_at[("entries", index)] = (line, 1)
        data["entries"].append(entry)
    problems = [_without_entry(p) for p in schemamessages.validate(doc, "ledger")]
    if problems:
        raise InvalidInput(problems)
    return doc, Ledger.model_validate(data)


def _amount(cell: str, delimiter: str) -> Decimal | str:
    """A cell's amount, in Danish notation in a ';'-separated sheet; what is no number stays text, which
    the schema then reports."""
    parsed = csvtable.number(cell, danish_only=delimiter != ",")
    return cell if parsed is None else danish.to_decimal(parsed[0], parsed[1])


def _without_entry(problem: Problem) -> Problem:
    """A CSV cell's problem names its column, as the sheet does, not the YAML path of the entry."""
    message = problem.message
    if message.startswith("entries["):
        message = message.split("].", 1)[1] if "]." in message else message.split("]: ", 1)[-1]
    return replace(problem, message=message)


def check_ledger(doc: Document, ledger: Ledger, funders: Funders) -> list[Problem]:
    """Every entry that does not fit the rule or the year."""
    problems: list[Problem] = []
    for index, entry in enumerate(ledger.entries):
        at = ("entries", index)
        problems += _date_problems(doc, (*at, "date"), entry.date, ledger.year)
        problems += _funder_problems(doc, at, entry.cluster, entry.contributor, funders)
        if entry.amount != entry.amount.quantize(Decimal("0.01")):
            message = _("amount {amount} has more than two decimals").format(amount=entry.amount)
            hint = _("kroner are booked in whole øre: round to two decimals")
            problems.append(doc.problem((*at, "amount"), message, hint, check="ledger-amount"))
    return problems


def _date_problems(doc: Document, at: tuple[str | int, ...], text: str, year: int) -> list[Problem]:
    try:
        day = datetime.date.fromisoformat(text)
    except ValueError:
        message = _("date {date} is no day of the calendar").format(date=text)
        hint = _("write it as YYYY-MM-DD, e.g. {year}-09-30").format(year=year)
        return [doc.problem(at, message, hint, check="ledger-date")]
    if day.year != year:
        message = _("date {date} is outside the ledger's year {year}").format(date=text, year=year)
        hint = _("correct the date, or book the entry in the ledger of {year}").format(year=day.year)
        return [doc.problem(at, message, hint, check="ledger-date")]
    return []


def _funder_problems(
    doc: Document, at: tuple[str | int, ...], cluster: str, contributor: str, funders: Funders
) -> list[Problem]:
    if cluster not in funders.contributors:
        message = _("unknown klynge '{cluster}' in {rule}").format(cluster=cluster, rule=funders.rule)
        hint = did_you_mean(cluster, sorted(funders.contributors)) or _("the klynge's id in the cluster registry")
        return [doc.problem((*at, "cluster"), message, hint, check="ledger-cluster")]
    known = funders.contributors[cluster]
    if contributor in known:
        return []
    message = _("{contributor} does not fund {cluster} under {rule}").format(
        contributor=contributor, cluster=funders.names[cluster], rule=funders.rule
    )
    hint = did_you_mean(contributor, list(known)) or _("its contributors: {names}").format(names=joined(list(known)))
    return [doc.problem((*at, "contributor"), message, hint, check="ledger-contributor")]


@dataclass(frozen=True)
class Commitment:
    """A contributor's word on the room under next year's ceiling, and where it is given."""

    committed: bool
    source: str


def read_commitments(path: Path, year: int, funders: Funders) -> dict[str, Commitment]:
    """Each named contributor's commitment; one not named has not committed."""
    loaded = load_file(_existing(path))
    if not isinstance(loaded.model, Commitments):
        raise UsageError(_("{path} is no commitments file (kind: commitments)").format(path=path))
    problems = check_commitments(loaded.doc, loaded.model, year, funders)
    if problems:
        raise InvalidInput(problems)
    return {item.contributor: Commitment(item.committed, item.source) for item in loaded.model.commitments}


def check_commitments(doc: Document, commitments: Commitments, year: int, funders: Funders) -> list[Problem]:
    problems: list[Problem] = []
    if commitments.year != year:
        message = _("the commitments are for {given}, the ledger for {year}").format(
            given=commitments.year, year=year
        )
        hint = _("give the commitments for the ledger's year")
        problems.append(doc.problem(("year",), message, hint, check="commitment-year"))
    known = sorted({name for names in funders.contributors.values() for name in names})
    first: dict[str, int] = {}
    for index, item in enumerate(commitments.commitments):
        at = ("commitments", index, "contributor")
        if item.contributor in first:
            message = _("{contributor} is named twice (first on line {line})").format(
                contributor=item.contributor, line=doc.where(("commitments", first[item.contributor]))[0]
            )
            problems.append(doc.problem(at, message, _("name each contributor once"), check="commitment-contributor"))
        elif item.contributor not in known:
            message = _("{contributor} funds no klynge under {rule}").format(
                contributor=item.contributor, rule=funders.rule
            )
            hint = did_you_mean(item.contributor, known)
            problems.append(doc.problem(at, message, hint, check="commitment-contributor"))
        first.setdefault(item.contributor, index)
    return problems
