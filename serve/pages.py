"""The pages: each takes a request's values, asks the engine (through the site's kept results) and
hands the report model to the HTML renderer and a template. Nothing here writes a file.

A page is a function of the site and the request's query returning a ``Page`` (a template and what it
shows) or a ``Download``; app.py turns either into a response and any error into an error page. The
pages that compute with the what-if form are in whatif.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from ..engine.errors import KlyngeError, Problem, UsageError
from ..i18n import _
from .site import Site

if TYPE_CHECKING:
    from starlette.datastructures import QueryParams

    from ..engine.diff import Diff
    from ..report.model import Report

ROW = "raekke"  # the row whose trace the rule page shows
RULES = "regel"  # the rules the compare page compares
OLD, NEW, REV = "gammel", "ny", "rev"
FORMAT = "format"
RESERVED = frozenset({ROW, RULES, OLD, NEW, REV, FORMAT})
# A revision, never an option, a path (':') or a range ('..').
GIT_REVISION = re.compile(r"^(?!.*\.\.)[A-Za-z0-9_][A-Za-z0-9_.~^/@{}-]{0,63}$")


@dataclass
class Page:
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    status: int = 200


@dataclass(frozen=True)
class Download:
    data: bytes
    filename: str
    media_type: str


MEDIA = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "csv-excel": "text/csv; charset=utf-8",
}
SUFFIX = {"xlsx": ".xlsx", "csv": ".csv", "csv-excel": "-excel.csv"}


def rule_list(site: Site, query: QueryParams) -> Page:
    return Page("index.html", {"rules": site.rules(), "root": site.root})


def diff_page(site: Site, query: QueryParams) -> Page:
    from ..report import build, html

    context: dict[str, Any] = {"rules": site.rules(), "old": query.get(OLD, ""), "new": query.get(NEW, "")}
    context["rev"] = query.get(REV, "")
    if not context["old"]:
        return Page("diff.html", context)
    report = build.difference(_difference(site, query))
    params = [(k, v) for k, v in query.multi_items() if k in (OLD, NEW, REV) and v]
    context |= {"title": report.title, "table": html.table(report, caption=False), "notes": html.notes(report)}
    context["links"] = downloads("/forskel/hent", params, ("xlsx", "csv-excel"))
    return Page("diff.html", context)


def diff_download(site: Site, query: QueryParams) -> Download:
    from ..report import build, xlsx
    from ..report.excelcsv import excel_csv

    fmt = download_format(query, ("xlsx", "csv-excel"))
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
            "links": downloads("/kontrol/hent", [], ("xlsx", "csv-excel")),
        },
    )


def checks_download(site: Site, query: QueryParams) -> Download:
    from ..report import xlsx
    from ..report.excelcsv import BOM, excel_csv

    fmt = download_format(query, ("xlsx", "csv-excel"))
    validation, _, tables, _ = _checks(site)
    if fmt == "xlsx":
        return Download(xlsx.workbook_of([validation, *tables]), "kontrol.xlsx", MEDIA[fmt])
    # one file, one byte order mark: the reports one after another, a blank line between them
    text = BOM + "\r\n".join(excel_csv(r).removeprefix(BOM) for r in [validation, *tables])
    return Download(text.encode("utf-8"), "kontrol-excel.csv", MEDIA[fmt])


# --- what the pages share ------------------------------------------------------------------------


def _difference(site: Site, query: QueryParams) -> Diff:
    from ..commands.change import difference_of

    old, new, rev = query.get(OLD, ""), query.get(NEW, "") or None, query.get(REV, "") or None
    for rule_id in (old, new):
        if rule_id:
            site.rule(rule_id)  # an id not listed stops here
    if rev is not None and not GIT_REVISION.match(rev):
        raise UsageError(_("'{rev}' is not a git revision (e.g. HEAD~1, main or a commit)").format(rev=rev[:64]))
    if rev is not None and new:
        raise UsageError(_("choose a rule after or a git revision, not both"))
    if rev is not None:  # a revision name moves with every commit: never kept
        return difference_of(site.workspace(), old, None, rev)
    return site.kept(("diff", old, new), lambda: difference_of(site.workspace(), old, new, None))


def _checks(site: Site) -> tuple[Report, list[Problem], list[Report], str]:
    """The validation of the rules directory, the published tables checked, and why they were not
    (the tables are checked only where every file is valid)."""
    from ..commands.check import table_checks
    from ..engine.validate import validate
    from ..report import testreport

    checked = site.kept(("validate",), lambda: validate([site.root], site.workspace()))
    validation = testreport.validation(len(checked.files), checked.problems)
    if any(p.is_error for p in checked.problems):
        return validation, checked.problems, [], _("The published tables are checked when every file is valid.")
    try:
        checks, data_problems = site.kept(("test",), lambda: table_checks(site.workspace(), []))
    except KlyngeError as exc:  # valid files that cannot be computed (a value nobody gave, say)
        return validation, checked.problems, [], str(exc)
    tables = [testreport.table_report(c) for c in checks]
    return validation, [*checked.problems, *data_problems], tables, ""


def parameters(query: QueryParams) -> list[tuple[str, str]]:
    """The request's parameter values: what links and downloads carry on."""
    return [(k, v) for k, v in query.multi_items() if v and k not in RESERVED]


def downloads(path: str, params: list[tuple[str, str]], formats: tuple[str, ...]) -> list[tuple[str, str]]:
    labels = {"xlsx": _("Excel workbook (.xlsx)"), "csv": _("CSV for programs"), "csv-excel": _("CSV for Danish Excel")}
    return [(labels[fmt], f"{path}?{urlencode([*params, (FORMAT, fmt)])}") for fmt in formats]


def download_format(query: QueryParams, formats: tuple[str, ...]) -> str:
    fmt = query.get(FORMAT, "")
    if fmt not in formats:
        raise UsageError(
            _("no download in format '{format}' (formats: {formats})").format(
                format=fmt[:20], formats=", ".join(formats)
            )
        )
    return fmt
