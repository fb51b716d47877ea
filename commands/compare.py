"""klynge compare: what each kommune bears under several financing models."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from ..engine.errors import UsageError
from ..i18n import _

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..engine.compare import Comparison
    from ..engine.loader import Loaded
    from ..engine.models import Rule
    from ..engine.result import Result
    from ..engine.workspace import Workspace

from ._common import (
    emit,
    emit_binary,
    output_format,
    width,
    workspace_of,
)
from .calc import FORMATS


def cmd_compare(args: argparse.Namespace) -> int:
    from ..engine.parameters import parse_sets
    from ..report import build, machine, text, xlsx, xlsxchart
    from ..report.excelcsv import excel_csv
    from ..report.markdown import markdown

    fmt = output_format(args, FORMATS)
    if fmt == "xlsx" and args.output is None and sys.stdout.isatty():
        raise UsageError(_("--format xlsx needs --output FILE"))
    comparison = comparison_of(workspace_of(args), args.rules, parse_sets(args.set or []), args.baseline)
    if fmt == "xlsx":
        report = build.comparison(comparison)
        emit_binary(xlsx.workbook(report, xlsxchart.for_comparison(comparison, report.title)), args.output)
        return 0
    renderers = {
        "table": lambda c: text.table(build.comparison(c), width()),
        "md": lambda c: markdown(build.comparison(c)),
        "csv-excel": lambda c: excel_csv(build.comparison(c)),
        "json": machine.compare_json,
        "csv": machine.compare_csv,
    }
    emit(renderers[fmt](comparison), args.output)
    return 0


def comparison_of(
    workspace: Workspace,
    refs: list[str],
    sets: dict[str, str],
    baseline: str | None,
    computed: Callable[[Loaded[Rule], dict[str, str]], Result] | None = None,
) -> Comparison:
    """The rules ``refs`` (default: the four secretariat models) computed with ``sets`` and compared;
    ``computed`` computes one rule with the values it declares (the page passes one that keeps results).

    A model that lacks an input is left out and named; none computed raises its reasons."""
    from ..engine import compare
    from ..engine.calc import compute
    from ..engine.errors import MissingInput
    from ..engine.models import Rule
    from ..engine.parameters import check_names

    loaded = [workspace.load(workspace.find_rule(ref)) for ref in refs or compare.DEFAULT_MODELS]
    rules = [item for item in loaded if isinstance(item.model, Rule)]
    check_names(sets, [item.model for item in rules])
    run = computed or (lambda item, own: compute(item, workspace, sets=own))
    results, missing = [], []
    for item in rules:
        declared = {parameter.name for parameter in item.model.parameters}
        try:
            results.append(run(item, {k: v for k, v in sets.items() if k.split(".", 1)[0] in declared}))
        except MissingInput as exc:
            missing.append(str(exc))
    if not results:
        raise MissingInput("; ".join(missing))
    return compare.compare(results, missing, _baseline(baseline, rules))


def _baseline(ref: str | None, rules: list[Loaded[Rule]]) -> str:
    ids = [item.model.id for item in rules]
    if ref is None:
        return compare_default(ids)
    for candidate in (ref, f"sekretariat-model{ref}-2022", f"sekretariat-{ref}-2022"):
        if candidate in ids:
            return candidate
    message = _("--baseline {ref}: not among the compared rules ({ids})")
    raise UsageError(message.format(ref=ref, ids=", ".join(ids)))


def compare_default(ids: list[str]) -> str:
    from ..engine.compare import DEFAULT_BASELINE

    return DEFAULT_BASELINE if DEFAULT_BASELINE in ids else ids[0]
