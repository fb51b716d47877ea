"""The reports of ``klynge test`` and ``klynge validate``, built from what the engine found.

A checked table is a Report (a line per differing cell; notes: the numbered reasons, the table's own
sum slips, the failures and the verdict), written for the terminal, as Markdown, or as JSON for tools.
A validation is a Report too (a line per problem), which its JSON is made from.
"""

from __future__ import annotations

import json
from dataclasses import replace
from fractions import Fraction
from typing import Any

from ..engine import danish
from ..engine.errors import Problem
from ..engine.published import Cell, TableCheck
from ..i18n import N_, _, ngettext
from . import text
from .markdown import markdown
from .model import Column, Kind, Line, Report

TEST_COLUMNS = (
    (N_("Row"), Kind.text),
    (N_("Column"), Kind.text),
    (N_("Published"), Kind.figure),
    (N_("Computed"), Kind.figure),
    (N_("Difference"), Kind.difference),
    (N_("Reason"), Kind.text),
)
# A problem's fields, in the order of the validate report's columns and as the keys of its JSON.
PROBLEM_FIELDS = ("path", "line", "col", "level", "check", "message", "hint")
PROBLEM_HEADINGS = (N_("File"), N_("Line"), N_("Column"), N_("Level"), N_("Check"), N_("Message"), N_("Fix"))
JSON_PLACES = 10


def table_report(outcome: TableCheck) -> Report:
    """One checked table: its differing cells, then why they differ and whether that is allowed."""
    reasons: list[str] = list(dict.fromkeys(c.reason for c in outcome.cells if c.ok and c.reason))
    lines = [
        Line((cell.row, cell.column, cell.published, cell.computed, cell.difference, _verdict(cell, reasons)))
        for cell in outcome.cells
    ]
    inherited, drop = _inheritance(outcome)
    notes = [f"[{number}] {reason}" for number, reason in enumerate(reasons, start=1)]
    notes += [_("The table's own sum: {slip}").format(slip=slip) for slip in outcome.sums]
    notes += [_("FAILED: {failure}").format(failure=failure) for failure in outcome.failures]
    notes += [drop] if drop and not outcome.ok else []
    notes.append(_outcome_line(outcome))
    columns = [Column(_(heading), kind) for heading, kind in TEST_COLUMNS]
    return Report(outcome.rule, f"{outcome.rule}: {outcome.table}{inherited}", columns, lines, notes)


def _outcome_line(outcome: TableCheck) -> str:
    explained = sum(1 for c in outcome.cells if c.ok)
    if outcome.ok:
        line = _("OK: {checked} cells checked, {differing} differ, {explained} explained.")
    else:
        line = _("FAILED: {checked} cells checked, {differing} differ, {explained} explained.")
    return line.format(checked=outcome.checked, differing=len(outcome.cells), explained=explained)


def _inheritance(outcome: TableCheck) -> tuple[str, str]:
    """For a table a variant checks from its base: a note for the heading, and how to stop checking it."""
    source = outcome.inherited
    if source is None:
        return "", ""
    heading = _(" (inherited from {rule}, {at})").format(rule=source.rule, at=source.at)
    drop = _(
        "The table is {base}'s ({at}): remove 'inherit_checks: true' at {switch} to check only {rule}'s own tables."
    )
    return heading, drop.format(base=source.rule, at=source.at, switch=source.switch, rule=outcome.rule)


def _verdict(cell: Cell, reasons: list[str]) -> str:
    if cell.ok and cell.reason:
        return f"[{reasons.index(cell.reason) + 1}]"
    if cell.declared is None:
        return _("NOT EXPLAINED")
    return _("NOT EXPLAINED (declared {difference})").format(difference=danish.signed(cell.declared))


def verdict(checks: list[TableCheck]) -> str:
    """The last line: how many tables match, or that there was nothing to check."""
    if not checks:
        return _("No rules with published tables or expectations.")
    matching = sum(1 for c in checks if c.ok)
    return _("{matching} of {total} tables match (with declared deviations).").format(
        matching=matching, total=len(checks)
    )


def terminal(checks: list[TableCheck], width: int = 100) -> str:
    """Each table under its heading, its notes indented below it, a blank line, then the verdict."""
    return "".join(_terminal_one(table_report(c), width) + "\n" for c in checks) + verdict(checks) + "\n"


def _terminal_one(report: Report, width: int) -> str:
    # The heading is printed whole on its own line: as the grid's title it would wrap at the grid's width.
    notes = [f"  {note}" for note in report.notes]
    if not report.lines:
        return "".join(f"{line}\n" for line in [report.title, *notes])
    return f"{report.title}\n" + text.table(replace(report, title="", notes=notes), width)


def markdown_text(checks: list[TableCheck]) -> str:
    """A section per table, then the verdict: for a pull-request comment or a memo."""
    return "".join(markdown(table_report(c)) + "\n" for c in checks) + verdict(checks) + "\n"


def to_json(checks: list[TableCheck]) -> str:
    """A stable shape for tools: per table its cells with exact numbers as plain strings, and whether it passed."""
    document = {"ok": all(c.ok for c in checks), "tables": [_table_json(c) for c in checks]}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _table_json(outcome: TableCheck) -> dict[str, Any]:
    source = outcome.inherited
    return {
        "rule": outcome.rule,
        "table": outcome.table,
        "inherited_from": None if source is None else {"rule": source.rule, "at": source.at},
        "checked": outcome.checked,
        "cells": [_cell_json(cell) for cell in outcome.cells],
        "sums": outcome.sums,
        "stale": outcome.stale,
        "missing": outcome.missing,
        "ok": outcome.ok,
    }


def _cell_json(cell: Cell) -> dict[str, Any]:
    return {
        "row": cell.row,
        "column": cell.column,
        "published": plain(cell.published),
        "computed": plain(cell.computed),
        "difference": plain(cell.difference),
        "declared": None if cell.declared is None else plain(cell.declared),
        "reason": cell.reason,
        "ok": cell.ok,
    }


def plain(value: Fraction) -> str:
    """An exact number as a plain decimal string with no more places than it has: '177678', '-0.1'."""
    for places in range(JSON_PLACES + 1):
        if (value * 10**places).denominator == 1:
            return format(danish.to_decimal(value, places), "f")
    return format(danish.to_decimal(value, JSON_PLACES), "f")


def validation(files: int, problems: list[Problem]) -> Report:
    """Every problem as a line of its fields, and the summary below: what an HTML page or a tool reads."""
    columns = [Column(_(heading), Kind.text) for heading in PROBLEM_HEADINGS]
    lines = [Line(tuple(getattr(p, field) for field in PROBLEM_FIELDS)) for p in problems]
    below = summary(files, problems)
    return Report("validate", _("Validation"), columns, lines, [below], empty=_("No problems."))


def summary(files: int, problems: list[Problem]) -> str:
    """'2 files checked: no problems.', '1 file checked: 2 problems, 1 warning.'"""
    errors = sum(1 for p in problems if p.is_error)
    warnings = len(problems) - errors
    checked = ngettext("{count} file checked", "{count} files checked", files).format(count=files)
    found = ngettext("{count} problem", "{count} problems", errors).format(count=errors) if errors else _("no problems")
    if not warnings:
        return _("{checked}: {found}.").format(checked=checked, found=found)
    warned = ngettext("{count} warning", "{count} warnings", warnings).format(count=warnings)
    return _("{checked}: {found}, {warnings}.").format(checked=checked, found=found, warnings=warned)


def validation_json(files: int, report: Report) -> str:
    """validate --format json: the number of files and each problem's fields (the held contract)."""
    problems = [dict(zip(PROBLEM_FIELDS, line.cells, strict=True)) for line in report.lines]
    return json.dumps({"files": files, "problems": problems}, ensure_ascii=False, indent=2)
