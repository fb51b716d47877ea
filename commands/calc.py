"""klynge calc and klynge explain: a rule's result, and the trail behind one of its rows."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from ..engine.errors import UsageError
from ..i18n import _

if TYPE_CHECKING:
    from ..engine.result import Result
from ._common import (
    emit,
    emit_binary,
    output_format,
    settings_from,
    width,
    workspace_of,
)

DEFAULT_RULE = "opstartsmidler-2022"
FORMATS = ("table", "json", "csv", "csv-excel", "md", "xlsx")


def cmd_calc(args: argparse.Namespace) -> int:
    from ..engine.calc import compute
    from ..engine.models import Rule

    fmt = output_format(args, FORMATS)
    if fmt == "xlsx" and args.output is None and sys.stdout.isatty():
        raise UsageError(_("--format xlsx needs --output FILE"))  # a workbook on a terminal is only noise
    workspace = workspace_of(args)
    loaded = workspace.load(workspace.find_rule(args.rule or DEFAULT_RULE))
    if not isinstance(loaded.model, Rule):
        raise UsageError(_("{path} is a dataset, not a rule").format(path=loaded.doc.path))
    sets = settings_from(args, [loaded.model])
    result = compute(loaded, workspace, sets=sets)
    if getattr(args, "by", "member") == "contributor":
        return _by_contributor(result, fmt, args.output)
    if fmt == "xlsx":
        from ..report import build, xlsx, xlsxchart

        report = build.calculation(result)
        emit_binary(xlsx.workbook(report, xlsxchart.for_calculation(result, report.title)), args.output)
    else:
        emit(_rendered(result, fmt), args.output)
    return 0


def _rendered(result: Result, fmt: str) -> str:
    from ..report import build, text
    from ..report.excelcsv import excel_csv
    from ..report.machine import to_csv, to_json
    from ..report.markdown import markdown

    if fmt in ("table", "md", "csv-excel"):
        report = build.calculation(result)
        writers = {"table": lambda r: text.table(r, width()), "md": markdown, "csv-excel": excel_csv}
        return writers[fmt](report)
    return to_json(result) if fmt == "json" else to_csv(result)


def _by_contributor(result: Result, fmt: str, output: str | None) -> int:
    """What each kommune and region gives each klynge, in any of calc's formats."""
    from ..engine.contributions import contributions, gaps
    from ..report import contributions as shown

    given = contributions(result)  # raises UsageError for a rule without a cell per klynge
    found = gaps(result, given)
    if fmt == "json":
        emit(shown.contributions_json(result, given, found), output)
        return 0
    if fmt == "csv":
        emit(shown.contributions_csv(result, given), output)
        return 0
    report = shown.contribution_report(result, given, found)
    if fmt == "xlsx":
        from ..report import xlsx

        emit_binary(xlsx.workbook(report), output)
        return 0
    from ..report import text
    from ..report.excelcsv import excel_csv
    from ..report.markdown import markdown

    writers = {"table": lambda r: text.table(r, width()), "md": markdown, "csv-excel": excel_csv}
    emit(writers[fmt](report), output)
    return 0


def cmd_explain(args: argparse.Namespace) -> int:
    from ..engine.calc import compute
    from ..engine.models import Rule
    from ..report.explain import Context, explain

    workspace = workspace_of(args)
    loaded = workspace.load(workspace.find_rule(args.rule))
    if not isinstance(loaded.model, Rule):
        raise UsageError(_("{path} is a dataset, not a rule").format(path=loaded.doc.path))
    result = compute(loaded, workspace, sets=settings_from(args, [loaded.model]))
    context = Context(loaded, workspace.data(), result)
    if output_format(args, ("table", "json")) == "json":
        import json

        from ..report.audit import trace_json

        emit(json.dumps(trace_json(context, args.name, args.pot), ensure_ascii=False, indent=2) + "\n", args.output)
    else:
        emit("\n".join(explain(context, args.name, args.pot)) + "\n", args.output)
    return 0
