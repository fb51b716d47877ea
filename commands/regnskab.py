"""klynge regnskab: a klynge's budget (the rule's contributions) against the spending in a ledger."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..engine.errors import InvalidInput, Problem, UsageError, did_you_mean
from ..i18n import _
from ._common import emit, emit_binary, output_format, width, workspace_of
from .calc import DEFAULT_RULE, FORMATS

if TYPE_CHECKING:
    from ..engine.ledger import Commitment, Entry, Funders
    from ..engine.regnskab import Regnskab


def cmd_regnskab(args: argparse.Namespace) -> int:
    from ..engine.calc import compute
    from ..engine.contributions import contributions
    from ..engine.models import Rule
    from ..engine.regnskab import funders, regnskab

    fmt = output_format(args, FORMATS)
    if fmt == "xlsx" and args.output is None and sys.stdout.isatty():
        raise UsageError(_("--format xlsx needs --output FILE"))
    workspace = workspace_of(args)
    loaded = workspace.load(workspace.find_rule(args.rule or DEFAULT_RULE))
    if not isinstance(loaded.model, Rule):
        raise UsageError(_("{path} is a dataset, not a rule").format(path=loaded.doc.path))
    result = compute(loaded, workspace)
    budget = contributions(result)
    who = funders(loaded.model.id, budget)
    _known_cluster(args.klynge, who)
    year, entries, commitments = _inputs(args, int(result.dataset.period[:4]), who)
    books = regnskab(loaded.model.id, year, budget, entries, commitments, args.klynge)
    _emit(books, fmt, args.output)
    return 0


def _known_cluster(cluster: str | None, who: Funders) -> None:
    if cluster is None or cluster in who.contributors:
        return
    hint = did_you_mean(cluster, sorted(who.contributors)) or _("known klynger: {ids}").format(
        ids=", ".join(sorted(who.contributors))
    )
    message = _("no klynge with id '{id}' in {rule}").format(id=cluster, rule=who.rule)
    raise UsageError(f"{message}; {hint}")


def _inputs(args: argparse.Namespace, year: int, who: Funders) -> tuple[int, list[Entry], dict[str, Commitment]]:
    """The ledger and the commitments, with the problems of both reported at once."""
    from ..engine.ledger import read_commitments, read_ledger

    problems: list[Problem] = []
    entries: list[Entry] = []
    commitments: dict[str, Commitment] = {}
    try:
        year, entries = read_ledger(Path(args.ledger), year, who)
    except InvalidInput as exc:
        problems += exc.problems
    if args.commitments:
        try:
            commitments = read_commitments(Path(args.commitments), year, who)
        except InvalidInput as exc:
            problems += exc.problems
    if problems:
        raise InvalidInput(problems)
    return year, entries, commitments


def _emit(books: Regnskab, fmt: str, output: str | None) -> None:
    from ..report import regnskab as reports
    from ..report import text
    from ..report.excelcsv import BOM, excel_csv
    from ..report.markdown import markdown

    if fmt == "xlsx":
        emit_binary(reports.workbook(books), output)
        return
    tables = reports.reports(books)
    writers = {
        "table": lambda: "\n".join(text.table(r, width()) for r in tables),
        "md": lambda: "\n".join(markdown(r) for r in tables),
        # one file, one byte order mark: the tables under each other, a blank line between
        "csv-excel": lambda: BOM + "\r\n".join(excel_csv(r).removeprefix(BOM) for r in tables),
        "json": lambda: reports.to_json(books),
        "csv": lambda: reports.to_csv(books),
    }
    emit(writers[fmt](), output)
