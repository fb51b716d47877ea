"""klynge regnskab: a klynge's budget (the rule's contributions) against the spending in a ledger."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..engine.errors import InvalidInput, Problem, UsageError, did_you_mean
from ..i18n import _, ngettext
from ._common import emit, emit_binary, output_format, width, workspace_of, write_atomically
from .calc import DEFAULT_RULE, FORMATS

if TYPE_CHECKING:
    from ..engine.contributions import Contribution
    from ..engine.ledger import Commitment, Entry, Funders
    from ..engine.ledgermodels import CarryOver
    from ..engine.regnskab import Regnskab
    from ..engine.result import Result


def cmd_regnskab(args: argparse.Namespace) -> int:
    from ..engine.calc import compute
    from ..engine.contributions import contributions
    from ..engine.models import Rule
    from ..engine.regnskab import funders, regnskab

    fmt = _carry_over_usage(args) if args.carry_over else output_format(args, FORMATS)
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
    if args.carry_over:
        _emit_carry_over(books, args)
    else:
        _emit(books, fmt, args.output)
    return 0


def _carry_over_usage(args: argparse.Namespace) -> str:
    """--carry-over writes one YAML data file: no --format, and a file named *.yaml."""
    if args.format:
        raise UsageError(_("--carry-over writes a YAML data file: drop --format {format}").format(format=args.format))
    if args.output and Path(args.output).suffix.lower() not in (".yaml", ".yml"):
        message = _("--carry-over writes a YAML data file: name it *.yaml, not {output}")
        raise UsageError(message.format(output=args.output))
    return "yaml"


def _emit_carry_over(books: Regnskab, args: argparse.Namespace) -> None:
    """The carried amounts as a data file a rule of the next year can take a pot's amount from."""
    from ..report.carryover import carry_over_yaml

    stem = Path(args.output).stem if args.output else ""
    file_id = stem if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9-]*", stem) else f"overfoert-{books.year}"
    emit(carry_over_yaml(_carry_over(books, file_id, args)), args.output)


def _carry_over(books: Regnskab, file_id: str, args: argparse.Namespace) -> CarryOver:
    """Only what is carried: a contributor that carries nothing, and a klynge none of whose do, is left out."""
    from ..engine.ledgermodels import CarryOver, CarrySource

    note = _(
        "The amounts are the unspent {year} contributions of the contributors that committed an equivalent room"
        " within the {next} udgiftsloft; computed by klynge regnskab."
    ).format(year=books.year, next=books.year + 1)
    ledger = _file_id(args.ledger) or args.ledger
    source = CarrySource(rule=books.rule, ledger=ledger, commitments=_file_id(args.commitments), note=note)
    amounts = {c.cluster: {a.contributor: a.carried for a in c.contributors if a.carried > 0} for c in books.clusters}
    title = _("Carried into {next}: unspent {year} funds under {rule}").format(
        next=books.year + 1, year=books.year, rule=books.rule
    )
    carried = {cluster: found for cluster, found in amounts.items() if found}
    return CarryOver(kind="carry_over", id=file_id, title=title, year=books.year, source=source, amounts=carried)


def _file_id(given: str | None) -> str | None:
    """The id of a YAML input file (read and checked already), or the name of a CSV ledger."""
    from ..engine.loader import load_file

    if given is None:
        return None
    path = Path(given)
    return path.name if path.suffix.lower() == ".csv" else str(load_file(path).model.id)


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


# ``klynge regnskab template`` and ``klynge regnskab import``: words the command recognises before a klynge
# id (no klynge is called so), parsed as commands of their own so that ``regnskab KLYNGE`` stays as it is.
WORDS = {"template": "regnskab-template", "import": "regnskab-import"}


def regnskab_words(arguments: list[str]) -> list[str]:
    """``regnskab template ...`` as the parser's ``regnskab-template ...``; everything else unchanged.
    Only ``--lang`` takes a value before the command (cli.py puts it first)."""
    index = 2 if arguments[:1] == ["--lang"] else 0
    while index < len(arguments) and arguments[index].startswith("-"):
        index += 1
    command, word = (arguments[index : index + 2] + ["", ""])[:2]
    if command == "regnskab" and word in WORDS:
        return [*arguments[:index], WORDS[word], *arguments[index + 2 :]]
    return arguments


def _budget_of(args: argparse.Namespace, rule: str) -> tuple[Result, Funders, list[Contribution]]:
    from ..engine.calc import compute
    from ..engine.contributions import contributions
    from ..engine.models import Rule
    from ..engine.regnskab import funders

    workspace = workspace_of(args)
    loaded = workspace.load(workspace.find_rule(rule))
    if not isinstance(loaded.model, Rule):
        raise UsageError(_("{path} is a dataset, not a rule").format(path=loaded.doc.path))
    result = compute(loaded, workspace)
    budget = contributions(result)
    return result, funders(loaded.model.id, budget), budget


def cmd_template(args: argparse.Namespace) -> int:
    from .. import version
    from ..engine.ledgerimport import TemplateInfo
    from ..report.contributions import givers
    from ..report.ledgertemplate import ENTRIES_SHEET, Budget, first_row, template
    from ..report.tables import header_lines

    if Path(args.output).suffix.lower() != ".xlsx":
        raise UsageError(
            _("the template is an Excel workbook: name the file *.xlsx, not {output}").format(output=args.output)
        )
    result, who, budget = _budget_of(args, args.rule or DEFAULT_RULE)
    _known_cluster(args.klynge, who)
    year, giving = int(result.dataset.period[:4]), givers(budget)[args.klynge]
    name = f"{who.names[args.klynge]} ({giving[0].region})"
    info = TemplateInfo(
        rule=who.rule,
        cluster=args.klynge,
        year=year,
        version=version(),
        ledger_id=f"regnskab-{args.klynge}-{year}",
        ledger_title=_("Klyngeregnskab for {cluster} {year}").format(cluster=name, year=year),
        entries_sheet=_(ENTRIES_SHEET),
        first_row=first_row(),
    )
    rows = [(g.contributor, g.kind, g.amount) for g in giving]
    data = template(info, Budget(name, result.rule.title, header_lines(result)[0], rows))
    emit_binary(data, args.output)
    summary = ngettext(
        "a template for {cluster}, {count} contributor", "a template for {cluster}, {count} contributors", len(rows)
    )
    _written(args.output, summary.format(cluster=name, count=len(rows)))
    return 0


def _written(path: str, summary: str) -> None:
    """Say what was written, as import-dst does: staff see that the file is there and what it holds."""
    print(_("{file}: written ({summary}).").format(file=path, summary=summary))


def cmd_import(args: argparse.Namespace) -> int:
    from ..engine.errors import display_path
    from ..engine.ledgerimport import metadata_cell, read_entries, template_info
    from ..report.ledgerfile import ledger_csv, ledger_yaml
    from ..report.ledgertemplate import read_workbook

    suffix = Path(args.output).suffix.lower()
    if suffix not in (".yaml", ".yml", ".csv"):
        message = _("import writes a ledger file: name it *.yaml or *.csv, not {output}")
        raise UsageError(message.format(output=args.output))
    path = Path(args.file)
    if not path.is_file():
        raise UsageError(_("no such file: {path}").format(path=path))
    sheets = read_workbook(path)
    info = template_info(sheets, display_path(path))
    _result, who, _budget = _budget_of(args, info.rule)
    if info.cluster not in who.contributors:
        message = _("the workbook is for klynge '{cluster}', which {rule} does not have").format(
            cluster=info.cluster, rule=info.rule
        )
        hint = _("start from 'klynge regnskab template'")
        raise InvalidInput([Problem(metadata_cell("cluster"), 0, 0, message, hint, check="ledger-cluster")])
    ledger = read_entries(sheets, info, who)
    write_atomically(Path(args.output), ledger_csv(ledger) if suffix == ".csv" else ledger_yaml(ledger))
    count = len(ledger.entries)
    _written(args.output, ngettext("{count} entry", "{count} entries", count).format(count=count))
    return 0
