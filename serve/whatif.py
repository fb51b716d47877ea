"""The pages that compute with the what-if form's values: a rule's table (with the trace of a row) and
the comparison of the models, and their downloads.

A wrong value in the form does not cost the page: it is shown again with the rule's own values, the
messages above the form and the values as typed in it (status 400). A rule that lacks an input (a
medformandskommune nobody gave) shows the form to give it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from ..engine.errors import MissingInput, UsageError
from . import forms
from .pages import MEDIA, RESERVED, ROW, RULES, SUFFIX, Download, Page, download_format, downloads, parameters
from .site import Site, loaded_rule

if TYPE_CHECKING:
    from starlette.datastructures import QueryParams

    from ..engine.compare import Comparison
    from ..engine.loader import Loaded
    from ..engine.models import Rule
    from ..engine.result import Result
    from ..report.model import Report

Pairs = list[tuple[str, str]]


def rule_page(site: Site, rule_id: str, query: QueryParams) -> Page:
    typed = _typed(query)
    try:
        return _rule_view(site, rule_id, parameters(query), query.get(ROW), typed)
    except (forms.FormError, UsageError) as exc:
        return _again(_rule_view(site, rule_id, [], None, typed), exc)


def _rule_view(site: Site, rule_id: str, pairs: Pairs, row: str | None, typed: dict[str, str]) -> Page:
    from ..report import build, html
    from ..report.explain import Context, explain

    loaded, data = loaded_rule(site, rule_id), site.workspace().data()
    shown: dict[str, Any] = {"rule": site.rule(rule_id)}
    sets = _sets(pairs, [loaded.model])
    try:
        result = _calculated(site, loaded, sets)
    except MissingInput as exc:  # the form is where the missing value can be given
        clusters = forms.clusters_before_computing(loaded, data, sets)
        return Page(
            "rule.html", {**shown, "missing": str(exc), "groups": forms.groups([loaded.model], clusters, data, typed)}
        )
    report = build.calculation(result)
    links = [f"?{urlencode([*pairs, (ROW, r.label)])}#forklaring" for r in result.rows]
    shown |= {
        "table": html.table(report, links, caption=False),
        "notes": html.notes(report),
        "chosen": row or "",
        "trace": explain(Context(loaded, data, result), row) if row else [],
        "groups": forms.groups([loaded.model], result.clusters, data, typed),
        "links": downloads(f"/regel/{rule_id}/hent", pairs, ("xlsx", "csv", "csv-excel")),
        "chart": _chart(report, result=result),
    }
    return Page("rule.html", shown)


def rule_download(site: Site, rule_id: str, query: QueryParams) -> Download:
    from ..report import build, machine, xlsx, xlsxchart
    from ..report.excelcsv import excel_csv

    fmt = download_format(query, ("xlsx", "csv", "csv-excel"))
    loaded = loaded_rule(site, rule_id)
    result = _calculated(site, loaded, _sets(parameters(query), [loaded.model]))
    report = build.calculation(result)
    if fmt == "xlsx":
        data = xlsx.workbook(report, xlsxchart.for_calculation(result, report.title))
    else:
        data = (machine.to_csv(result) if fmt == "csv" else excel_csv(report)).encode("utf-8")
    return Download(data, rule_id + SUFFIX[fmt], MEDIA[fmt])


def compare_page(site: Site, query: QueryParams) -> Page:
    chosen, typed = _chosen(site, query), _typed(query)
    try:
        return _compare_view(site, chosen, parameters(query), typed)
    except (forms.FormError, UsageError) as exc:
        return _again(_compare_view(site, chosen, [], typed), exc)


def _compare_view(site: Site, chosen: list[str], pairs: Pairs, typed: dict[str, str]) -> Page:
    from ..report import build, html

    compared, results = _compared(site, chosen, pairs)
    report = build.comparison(compared)
    rules = [loaded_rule(site, rule_id).model for rule_id in chosen]
    clusters = list({c.id: c for result in results for c in result.clusters}.values())
    hidden = [(RULES, rule_id) for rule_id in chosen]
    return Page(
        "compare.html",
        {
            "title": report.title,
            "table": html.table(report, caption=False),
            "notes": html.notes(report),
            "chart": _chart(report, comparison=compared),
            "rules": site.rules(),
            "chosen": chosen,
            "hidden": hidden,
            "groups": forms.groups(rules, clusters, site.workspace().data(), typed),
            "links": downloads("/sammenlign/hent", [*hidden, *pairs], ("xlsx", "csv", "csv-excel")),
        },
    )


def compare_download(site: Site, query: QueryParams) -> Download:
    from ..report import build, machine, xlsx, xlsxchart
    from ..report.excelcsv import excel_csv

    fmt = download_format(query, ("xlsx", "csv", "csv-excel"))
    compared, _ = _compared(site, _chosen(site, query), parameters(query))
    report = build.comparison(compared)
    if fmt == "xlsx":
        data = xlsx.workbook(report, xlsxchart.for_comparison(compared, report.title))
    else:
        data = (machine.compare_csv(compared) if fmt == "csv" else excel_csv(report)).encode("utf-8")
    return Download(data, "sammenligning" + SUFFIX[fmt], MEDIA[fmt])


# --- what they share -------------------------------------------------------------------------------


def _again(page: Page, exc: Exception) -> Page:
    """The page with the rule's own values, the form as typed and what was wrong above it."""
    messages = exc.messages if isinstance(exc, forms.FormError) else str(exc).splitlines()
    # the engine words a value as the command line gives it; the form's fields have the same names
    page.context["problems"] = [message.removeprefix("--set ") for message in messages]
    page.status = 400
    return page


def _calculated(site: Site, loaded: Loaded[Rule], sets: dict[str, str]) -> Result:
    """The rule computed with ``sets`` (the names checked), kept while no file changes."""
    from ..engine.calc import compute
    from ..engine.parameters import check_names

    def run() -> Result:
        check_names(sets, [loaded.model])
        return compute(loaded, site.workspace(), sets=sets)

    return site.kept(("calc", loaded.model.id, tuple(sorted(sets.items()))), run)


def _sets(pairs: Pairs, rules: list[Rule]) -> dict[str, str]:
    """The request's values as --set pairs: each bounded, amounts written as the engine reads them."""
    from ..engine.models import ParameterType

    sets = forms.requested_sets(pairs, RESERVED)
    kroner = {p.name for rule in rules for p in rule.parameters if p.type is ParameterType.kroner}
    return forms.amounts_in_engine_notation(sets, kroner)


def _chosen(site: Site, query: QueryParams) -> list[str]:
    """The rules to compare: those asked for (each must be listed), else the secretariat models."""
    from ..engine.compare import DEFAULT_MODELS

    asked = list(dict.fromkeys(query.getlist(RULES)))
    for rule_id in asked:
        site.rule(rule_id)  # an id not listed stops here
    return asked or [m for m in DEFAULT_MODELS if m in {r.id for r in site.rules()}]


def _compared(site: Site, chosen: list[str], pairs: Pairs) -> tuple[Comparison, list[Result]]:
    """The comparison, and the results it was made of (each kept as the rule page keeps it)."""
    from ..commands.compare import comparison_of

    sets = _sets(pairs, [loaded_rule(site, rule_id).model for rule_id in chosen])

    def compare() -> tuple[Comparison, list[Result]]:
        results: list[Result] = []

        def computed(item: Loaded[Rule], own: dict[str, str]) -> Result:
            results.append(_calculated(site, item, own))
            return results[-1]

        return comparison_of(site.workspace(), chosen, sets, None, computed), results

    return site.kept(("compare", tuple(chosen), tuple(sorted(sets.items()))), compare)


def _typed(query: QueryParams) -> dict[str, str]:
    """The values as the person typed them, to show in the form again."""
    return {k: v for k, v in query.multi_items() if k not in RESERVED}


def _chart(report: Report, result: Result | None = None, comparison: Comparison | None = None) -> str:
    """The report's bar chart as SVG markup, as the workbook's chart draws it."""
    from ..report import svgchart, xlsxchart

    if comparison is not None:
        return svgchart.svg(report, xlsxchart.for_comparison(comparison, report.title))
    assert result is not None
    return svgchart.svg(report, xlsxchart.for_calculation(result, report.title))
