"""The pages: each takes a request's values, asks the engine (through the site's kept results) and
hands the report model to the HTML renderer and a template. Nothing here writes a file.

A page is a function of the site and the request's query returning a ``Page`` (a template and what it
shows) or a ``Download``; app.py turns either into a response and any error into an error page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from ..engine.errors import InvalidInput, KlyngeError, UsageError
from ..i18n import _
from . import forms
from .site import Site, loaded_rule

if TYPE_CHECKING:
    from starlette.datastructures import QueryParams

    from ..engine.compare import Comparison
    from ..engine.loader import Loaded
    from ..engine.models import Rule
    from ..engine.result import Result
    from ..report.model import Report

ROW = "raekke"  # the row whose trace the rule page shows
RULES = "regel"  # the rules the compare page compares
OLD, NEW, REV = "gammel", "ny", "rev"
FORMAT = "format"
RESERVED = frozenset({ROW, RULES, OLD, NEW, REV, FORMAT})
GIT_REVISION = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.~^/@{}-]{0,63}$")  # never an option, a path or a range


@dataclass
class Page:
    template: str
    context: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Download:
    data: bytes
    filename: str
    media_type: str


MEDIA = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "csv-excel": "text/csv; charset=utf-8",
    "json": "application/json",
}
SUFFIX = {"xlsx": ".xlsx", "csv": ".csv", "csv-excel": "-excel.csv", "json": ".json"}


def rule_list(site: Site, query: QueryParams) -> Page:
    return Page("index.html", {"rules": site.rules(), "root": site.root})


def rule_page(site: Site, rule_id: str, query: QueryParams) -> Page:
    from ..engine.errors import MissingInput
    from ..report import build, html
    from ..report.explain import Context, explain

    data = site.workspace().data()
    shown: dict[str, Any] = {"rule": site.rule(rule_id)}
    try:
        loaded, result, sets = _calculated(site, rule_id, query)
    except MissingInput as exc:  # the form is where the missing value can be given
        loaded = loaded_rule(site, rule_id)
        groups = forms.groups_before_computing(loaded, data, _sets(query, [loaded.model]), _typed(query))
        return Page("rule.html", {**shown, "missing": str(exc), "groups": groups})
    report = build.calculation(result)
    params = _parameters(query)
    links = [f"?{urlencode([*params, (ROW, row.label)])}#forklaring" for row in result.rows]
    row = query.get(ROW)
    shown |= {
        "table": html.table(report, links, caption=False),
        "notes": html.notes(report),
        "chosen": row or "",
        "trace": explain(Context(loaded, data, result), row) if row else [],
        "groups": forms.groups([result], data, _typed(query)),
        "links": _downloads(f"/regel/{rule_id}/hent", params, ("xlsx", "csv", "csv-excel")),
        "chart": _chart(report, result=result),
    }
    return Page("rule.html", shown)


def rule_download(site: Site, rule_id: str, query: QueryParams) -> Download:
    from ..report import build, machine, xlsx, xlsxchart
    from ..report.excelcsv import excel_csv

    fmt = _format(query, ("xlsx", "csv", "csv-excel"))
    _, result, _ = _calculated(site, rule_id, query)
    report = build.calculation(result)
    if fmt == "xlsx":
        data = xlsx.workbook(report, xlsxchart.for_calculation(result, report.title))
    else:
        data = (machine.to_csv(result) if fmt == "csv" else excel_csv(report)).encode("utf-8")
    return Download(data, rule_id + SUFFIX[fmt], MEDIA[fmt])


def compare_page(site: Site, query: QueryParams) -> Page:
    from ..report import build, html

    compared, chosen, sets = _compared(site, query)
    report = build.comparison(compared)
    params = _parameters(query, keep=(RULES,))
    results = _computable(site, chosen, sets)
    return Page(
        "compare.html",
        {
            "title": report.title,
            "table": html.table(report, caption=False),
            "notes": html.notes(report),
            "chart": _chart(report, comparison=compared),
            "rules": site.rules(),
            "chosen": chosen,
            "hidden": [(RULES, rule_id) for rule_id in chosen],
            "groups": forms.groups(results, site.workspace().data(), _typed(query)),
            "links": _downloads("/sammenlign/hent", params, ("xlsx", "csv", "csv-excel")),
        },
    )


def compare_download(site: Site, query: QueryParams) -> Download:
    from ..report import build, machine, xlsx, xlsxchart
    from ..report.excelcsv import excel_csv

    fmt = _format(query, ("xlsx", "csv", "csv-excel"))
    compared, _, _ = _compared(site, query)
    report = build.comparison(compared)
    if fmt == "xlsx":
        data = xlsx.workbook(report, xlsxchart.for_comparison(compared, report.title))
    else:
        data = (machine.compare_csv(compared) if fmt == "csv" else excel_csv(report)).encode("utf-8")
    return Download(data, "sammenligning" + SUFFIX[fmt], MEDIA[fmt])


def diff_page(site: Site, query: QueryParams) -> Page:
    from ..report import build, html

    context: dict[str, Any] = {"rules": site.rules(), "old": query.get(OLD, ""), "new": query.get(NEW, "")}
    context["rev"] = query.get(REV, "")
    if not context["old"]:
        return Page("diff.html", context)
    report = build.difference(_difference(site, query))
    params = [(k, v) for k, v in query.multi_items() if k in (OLD, NEW, REV) and v]
    context |= {"title": report.title, "table": html.table(report, caption=False), "notes": html.notes(report)}
    context["links"] = _downloads("/forskel/hent", params, ("xlsx", "csv-excel"))
    return Page("diff.html", context)


def diff_download(site: Site, query: QueryParams) -> Download:
    from ..report import build, xlsx
    from ..report.excelcsv import excel_csv

    fmt = _format(query, ("xlsx", "csv-excel"))
    report = build.difference(_difference(site, query))
    data = xlsx.workbook(report) if fmt == "xlsx" else excel_csv(report).encode("utf-8")
    return Download(data, "forskel" + SUFFIX[fmt], MEDIA[fmt])


def checks_page(site: Site, query: QueryParams) -> Page:
    from ..report import html

    validation, problems, tables, blocked = _checks(site)
    return Page(
        "checks.html",
        {
            "summary": validation.notes[0],
            "problems": [p.render() for p in problems],
            "validation": html.table(validation, caption=False),
            "tables": [(r.title, html.table(r, caption=False), html.notes(r)) for r in tables],
            "blocked": blocked,
            "links": _downloads("/kontrol/hent", [], ("xlsx", "csv-excel")),
        },
    )


def checks_download(site: Site, query: QueryParams) -> Download:
    from ..report import xlsx
    from ..report.excelcsv import excel_csv

    fmt = _format(query, ("xlsx", "csv-excel"))
    validation, _, tables, _ = _checks(site)
    if fmt == "xlsx":
        return Download(xlsx.workbook_of([validation, *tables]), "kontrol.xlsx", MEDIA[fmt])
    return Download(
        "".join(excel_csv(r) for r in [validation, *tables]).encode("utf-8"), "kontrol-excel.csv", MEDIA[fmt]
    )


# --- what the pages share ------------------------------------------------------------------------


def _calculated(site: Site, rule_id: str, query: QueryParams) -> tuple[Loaded[Rule], Result, dict[str, str]]:
    loaded = loaded_rule(site, rule_id)
    sets = _sets(query, [loaded.model])
    kept_loaded, result = _calculated_with(site, rule_id, sets)
    return kept_loaded, result, sets


def _calculated_with(site: Site, rule_id: str, sets: dict[str, str]) -> tuple[Loaded[Rule], Result]:
    from ..engine.calc import compute
    from ..engine.parameters import check_names

    def run() -> tuple[Loaded[Rule], Result]:
        loaded = loaded_rule(site, rule_id)
        check_names(sets, [loaded.model])
        return loaded, compute(loaded, site.workspace(), sets=sets)

    return site.kept(("calc", rule_id, tuple(sorted(sets.items()))), run)


def _computable(site: Site, chosen: list[str], sets: dict[str, str]) -> list[Result]:
    """The results of the rules that have every input (the comparison names the others)."""
    from ..engine.errors import MissingInput

    results = []
    for rule_id in chosen:
        try:
            results.append(_calculated_with(site, rule_id, sets)[1])
        except MissingInput:
            continue
    return results


def _sets(query: QueryParams, rules: list[Rule]) -> dict[str, str]:
    from ..engine.models import ParameterType

    sets = forms.requested_sets(query.multi_items(), RESERVED)
    kroner = {p.name for rule in rules for p in rule.parameters if p.type is ParameterType.kroner}
    return forms.amounts_in_engine_notation(sets, kroner)


def _compared(site: Site, query: QueryParams) -> tuple[Comparison, list[str], dict[str, str]]:
    from ..commands.compare import comparison_of
    from ..engine.compare import DEFAULT_MODELS

    asked = query.getlist(RULES)
    chosen = list(dict.fromkeys(asked)) if asked else [m for m in DEFAULT_MODELS if m in {r.id for r in site.rules()}]
    rules = [loaded_rule(site, rule_id).model for rule_id in chosen]  # an id not listed stops here
    sets = _sets(query, rules)
    key = ("compare", tuple(chosen), tuple(sorted(sets.items())))
    return site.kept(key, lambda: comparison_of(site.workspace(), chosen, sets, None)), chosen, sets


def _difference(site: Site, query: QueryParams) -> Any:
    from ..commands.change import difference_of

    old, new, rev = query.get(OLD, ""), query.get(NEW, "") or None, query.get(REV, "") or None
    for rule_id in (old, new):
        if rule_id:
            site.rule(rule_id)  # an id not listed stops here
    if rev is not None and not GIT_REVISION.match(rev):
        raise UsageError(_("'{rev}' is not a git revision (e.g. HEAD~1, main or a commit)").format(rev=rev[:64]))
    return site.kept(("diff", old, new, rev), lambda: difference_of(site.workspace(), old, new, rev))


def _checks(site: Site) -> tuple[Report, list[Any], list[Report], bool]:
    """The validation of the rules directory, and the published tables checked where every file is valid."""
    from ..commands.check import table_checks
    from ..engine.validate import validate
    from ..report import testreport

    checked = site.kept(("validate",), lambda: validate([site.root], site.workspace()))
    validation = testreport.validation(len(checked.files), checked.problems)
    if any(p.is_error for p in checked.problems):
        return validation, checked.problems, [], True
    try:
        checks, data_problems = site.kept(("test",), lambda: table_checks(site.workspace(), []))
    except (InvalidInput, KlyngeError):
        return validation, checked.problems, [], True
    tables = [testreport.table_report(c) for c in checks]
    return validation, [*checked.problems, *data_problems], tables, False


def _typed(query: QueryParams) -> dict[str, str]:
    """The values as the person typed them, to show in the form again."""
    return {k: v for k, v in query.multi_items() if k not in RESERVED}


def _parameters(query: QueryParams, keep: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """The request's parameter values (and the reserved names in ``keep``): what links carry on."""
    return [(k, v) for k, v in query.multi_items() if v and (k not in RESERVED or k in keep)]


def _downloads(path: str, params: list[tuple[str, str]], formats: tuple[str, ...]) -> list[tuple[str, str]]:
    labels = {"xlsx": _("Excel workbook (.xlsx)"), "csv": _("CSV for programs"), "csv-excel": _("CSV for Danish Excel")}
    return [(labels[fmt], f"{path}?{urlencode([*params, (FORMAT, fmt)])}") for fmt in formats]


def _format(query: QueryParams, formats: tuple[str, ...]) -> str:
    fmt = query.get(FORMAT, "")
    if fmt not in formats:
        raise UsageError(
            _("no download in format '{format}' (formats: {formats})").format(
                format=fmt[:20], formats=", ".join(formats)
            )
        )
    return fmt


def _chart(report: Report, result: Result | None = None, comparison: Comparison | None = None) -> str:
    """The report's bar chart as SVG markup, as the workbook's chart draws it."""
    from ..report import svgchart, xlsxchart

    if comparison is not None:
        return svgchart.svg(report, xlsxchart.for_comparison(comparison, report.title))
    assert result is not None
    return svgchart.svg(report, xlsxchart.for_calculation(result, report.title))
