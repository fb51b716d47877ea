"""report/svgchart.py: the bar chart that ``klynge serve`` shows, as SVG markup.

The comparison is computed through the real engine, as ``klynge compare`` computes it; expected amounts
come from the sources (370.000 kr. per klynge, paid by its medformandskommune under model 1; the
published Syd table) or from the report's own cells, never from the SVG.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from decimal import Decimal
from fractions import Fraction
from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st

from klynge import i18n
from klynge.engine import compare, danish
from klynge.engine.calc import compute
from klynge.engine.compare import Comparison
from klynge.engine.workspace import Workspace
from klynge.report import build, svgchart, xlsxchart
from klynge.report.model import Column, Kind, Line, Report

from .conftest import RULES
from .test_compare import CHAIRS

NS = {"svg": "http://www.w3.org/2000/svg"}
SETS = {f"co_chairs.{cluster}": chair for cluster, chair in CHAIRS.items()}


@cache
def comparison() -> Comparison:
    workspace = Workspace.at(RULES)
    loaded = [workspace.load(workspace.find_rule(ref)) for ref in compare.DEFAULT_MODELS]
    results = [compute(item, workspace, sets=SETS) for item in loaded]
    return compare.compare(results, [], compare.DEFAULT_BASELINE)


def compared_svg() -> tuple[Report, str]:
    report = build.comparison(comparison())
    return report, svgchart.svg(report, xlsxchart.for_comparison(comparison(), report.title))


def parsed(markup: str) -> ET.Element:
    return ET.fromstring(markup)


def groups(root: ET.Element) -> list[ET.Element]:
    return root.findall("svg:g[@class='group']", NS)


def bars(group: ET.Element) -> list[ET.Element]:
    return group.findall("svg:rect[@class='bar']", NS)


def number(element: ET.Element, name: str) -> Fraction:
    return Fraction(element.attrib[name])


def group_named(root: ET.Element, name: str) -> ET.Element:
    return next(g for g in groups(root) if g.findtext("svg:text", namespaces=NS) == name)


def test_one_group_per_kommune_and_one_bar_per_model() -> None:
    _, markup = compared_svg()
    root = parsed(markup)
    found = groups(root)
    assert len(found) == 29  # the kommuner of Region Hovedstaden's five klynger
    assert [g.findtext("svg:text", namespaces=NS) for g in found] == comparison().names
    assert all(len(bars(g)) == 4 for g in found)


def test_bar_lengths_follow_the_amounts_from_zero() -> None:
    report, markup = compared_svg()
    root = parsed(markup)
    model3 = next(index for index, column in enumerate(report.columns) if column.heading == "Model 3")
    values = {line.cells[0]: Fraction(line.cells[model3]) for line in report.lines}  # type: ignore[arg-type]
    zero = number(root.find("svg:line[@class='zero']", NS), "x1")  # type: ignore[arg-type]
    first, second = (bars(group_named(root, name))[model3 - 1] for name in ("København", "Gentofte"))
    assert number(first, "x") == number(second, "x") == zero
    wide, narrow = number(first, "width"), number(second, "width")
    expected = values["København"] / values["Gentofte"]
    assert 5 < expected < 10  # two bars of clearly different lengths
    # each width is within 0.1 px of the exact one, so the ratio within that much of each bar
    tolerance = Fraction(1, 10) / (wide - Fraction(1, 10)) + Fraction(1, 10) / (narrow - Fraction(1, 10))
    assert abs(wide / narrow / expected - 1) <= tolerance


def test_each_bar_names_its_kommune_model_and_amount_in_danish() -> None:
    with i18n.speaking("da"):
        report, markup = compared_svg()
    root = parsed(markup)
    chair = bars(group_named(root, "København"))[0]
    assert chair.findtext("svg:title", namespaces=NS) == "København, Model 1: 370.000 kr."
    headings = [column.heading for column in report.columns[1:5]]
    for line, group in zip(report.lines, groups(root), strict=False):
        titles = [bar.findtext("svg:title", namespaces=NS) for bar in bars(group)]
        amounts = [danish.kroner(value) for value in line.cells[1:5]]  # type: ignore[arg-type]
        assert titles == [f"{line.cells[0]}, {h}: {a} kr." for h, a in zip(headings, amounts, strict=True)]
    assert root.findtext("svg:title", namespaces=NS) == "Hvad hver kommune bærer – 370.000 kr. pr. klynge"
    assert "for hver kommune" in (root.findtext("svg:desc", namespaces=NS) or "")
    assert root.findtext("svg:g[@class='axis']/svg:text[@class='axis-title']", namespaces=NS) == "Beløb (kr.)"


def highest(report: Report) -> tuple[str, str, Fraction]:
    """The largest burden among the kommuner's lines: kommune, model, amount."""
    cells = [
        (str(line.cells[0]), report.columns[index].heading, Fraction(line.cells[index]))  # type: ignore[arg-type]
        for line in report.lines
        if not line.strong
        for index in range(1, 5)
    ]
    return max(cells, key=lambda cell: cell[2])


def test_the_root_is_an_image_labelled_by_its_title_and_description() -> None:
    report, markup = compared_svg()
    root = parsed(markup)
    assert root.attrib["role"] == "img"
    labels = root.attrib["aria-labelledby"].split()
    assert [root.find(f"*[@id='{label}']") is not None for label in labels] == [True, True]
    assert [root.find(f"*[@id='{label}']").tag.split("}")[1] for label in labels] == ["title", "desc"]  # type: ignore[union-attr]
    desc = root.findtext("svg:desc", namespaces=NS) or ""
    name, model, amount = highest(report)
    assert f"Highest: {name}, {model}: {danish.kroner(amount)} kr." in desc
    assert root.attrib["viewBox"] == f"0 0 {root.attrib['width']} {root.attrib['height']}"


def test_each_model_has_its_own_pattern_label_and_legend_entry() -> None:
    _, markup = compared_svg()
    root = parsed(markup)
    fills = [bar.attrib["fill"] for bar in bars(groups(root)[0])]
    assert len(set(fills)) == 4
    patterns = root.findall("svg:defs/svg:pattern", NS)
    contents = {ET.tostring(p).decode().replace(p.attrib["id"], "") for p in patterns}
    assert len(patterns) == len(contents) == 4
    labels = [t.text for t in groups(root)[0].findall("svg:text[@class='label']", NS)]
    assert labels == ["M1", "M2", "M3", "M4"]
    legend = [t.text for t in root.findall("svg:g[@class='legend']/svg:text", NS)]
    assert legend == ["M1: Model 1", "M2: Model 2", "M3: Model 3", "M4: Model 4"]
    swatches = [r.attrib["fill"] for r in root.findall("svg:g[@class='legend']/svg:rect", NS)]
    assert swatches == fills


def test_gridlines_at_round_amounts_in_danish_notation() -> None:
    report, markup = compared_svg()
    root = parsed(markup)
    assert 600_000 < highest(report)[2] <= 800_000
    ticks = [t.text for t in root.findall("svg:g[@class='axis']/svg:text", NS) if t.attrib.get("class") is None]
    # from 0 to over 600.000: 200.000 kr. steps need five gridlines, 100.000 kr. steps eight
    assert ticks[::2] == ["0", "200.000", "400.000", "600.000", "800.000"]
    assert ticks[1::2] == ticks[::2]  # above the groups and below them


def small_report(rows: list[tuple[str, Decimal | None, Decimal | None]]) -> tuple[Report, xlsxchart.Chart]:
    columns = [Column("Kommune", Kind.text), Column("Model A"), Column("Model B")]
    lines = [Line(row) for row in rows]
    lines.append(Line(("I alt", Decimal(10**9), Decimal(10**9)), strong=True))  # left out, as a total is
    chart = xlsxchart.Chart(tuple(range(len(rows))), (1, 2), "Lille", "Kommune")
    return Report("lille", "Lille", columns, lines), chart


def test_a_negative_amount_puts_zero_where_it_belongs() -> None:
    report, chart = small_report([("Aby", Decimal(-50_000), Decimal(100_000)), ("Bby", Decimal(150_000), Decimal(0))])
    root = parsed(svgchart.svg(report, chart))
    texts = root.findall("svg:g[@class='axis']/svg:text", NS)
    grid = {t.text: Fraction(t.attrib["x"]) for t in texts if "class" not in t.attrib}
    assert list(grid) == ["−50.000", "0", "50.000", "100.000", "150.000"]  # −50.000 to 150.000 in 50.000s
    zero = number(root.find("svg:line[@class='zero']", NS), "x1")  # type: ignore[arg-type]
    assert zero == grid["0"] and zero - grid["−50.000"] == grid["50.000"] - zero
    negative, positive = bars(groups(root)[0])
    assert number(negative, "x") == grid["−50.000"] and number(negative, "x") + number(negative, "width") == zero
    assert number(positive, "x") == zero and number(positive, "width") == 2 * number(negative, "width")
    label = groups(root)[0].findall("svg:text[@class='label']", NS)[0]
    assert label.attrib["text-anchor"] == "end" and Fraction(label.attrib["x"]) < number(negative, "x")
    assert len(groups(root)) == 2  # the total line is not drawn


def test_an_empty_cell_draws_no_bar_and_names_are_escaped() -> None:
    report, chart = small_report([('A & "B" <C>', Decimal(1_000), None)])
    markup = svgchart.svg(report, chart)
    root = parsed(markup)
    assert groups(root)[0].findtext("svg:text", namespaces=NS) == 'A & "B" <C>'
    assert len(bars(groups(root)[0])) == 1
    assert "&lt;C&gt;" in markup


def test_the_same_report_gives_the_same_bytes() -> None:
    _, first = compared_svg()
    _, second = compared_svg()
    assert first == second
    assert re.search(r'="-?\d+\.\d{2,}"', first) is None  # coordinates to one decimal at most


def test_no_lines_no_chart() -> None:
    report, chart = small_report([])
    assert svgchart.svg(report, chart) == ""


def test_a_calculation_draws_one_bar_per_kommune_without_labels() -> None:
    workspace = Workspace.at(RULES)
    result = compute(workspace.load(workspace.find_rule("sekretariat-syd-2022")), workspace)
    with i18n.speaking("da"):
        report = build.calculation(result)
        root = parsed(svgchart.svg(report, xlsxchart.for_calculation(result, report.title)))
    found = groups(root)
    assert len(found) == 11  # Klynge Syd's kommuner; the klynge's row and the total are left out
    assert all(len(bars(g)) == 1 for g in found)
    # the published Syd table: 370.000 kr. × 287.181 / 598.032 to København (its footnote mark kept)
    assert bars(found[0])[0].findtext("svg:title", namespaces=NS) == "København¹: 177.678 kr."
    assert root.findall(".//svg:text[@class='label']", NS) == []
    assert [t.text for t in root.findall("svg:g[@class='legend']/svg:text", NS)] == ["Beløb (kr.)"]


amounts = st.decimals(min_value=-(10**6), max_value=10**7, places=2, allow_nan=False, allow_infinity=False)


@st.composite
def reports(draw: st.DrawFn) -> tuple[Report, xlsxchart.Chart]:
    count = draw(st.integers(min_value=1, max_value=5))
    rows = draw(st.lists(st.lists(amounts, min_size=count, max_size=count), min_size=1, max_size=20))
    letters = st.characters(blacklist_categories=("Cs", "Cc"))  # as XML holds them: no control characters
    names = draw(st.lists(st.text(letters, min_size=1, max_size=20), min_size=len(rows), max_size=len(rows)))
    columns = [Column("Kommune", Kind.text), *(Column(f"Model {n + 1}") for n in range(count))]
    lines = [Line((name, *row)) for name, row in zip(names, rows, strict=True)]
    chart = xlsxchart.Chart(tuple(range(len(lines))), tuple(range(1, count + 1)), "T", "Kommune")
    return Report("r", "T", columns, lines), chart


@settings(max_examples=150, deadline=None)
@given(reports())
def test_every_bar_lies_inside_the_picture(drawn: tuple[Report, xlsxchart.Chart]) -> None:
    report, chart = drawn
    root = parsed(svgchart.svg(report, chart))
    _, _, width, height = (Fraction(v) for v in root.attrib["viewBox"].split())
    drawn_bars = [bar for group in groups(root) for bar in bars(group)]
    assert len(drawn_bars) == len(report.lines) * len(chart.series)
    for bar in drawn_bars:
        x, y, w, h = (number(bar, name) for name in ("x", "y", "width", "height"))
        assert min(x, y) >= 0 and x + w <= width and y + h <= height
    gridlines = root.findall("svg:g[@class='axis']/svg:line[@class='grid']", NS)
    assert 4 <= len(gridlines) <= 6

