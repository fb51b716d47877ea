"""A horizontal grouped bar chart of a report's amounts, as SVG markup for a web page.

It draws what ``xlsxchart.Chart`` describes (the same lines and series as the workbook's chart): a
group of bars per line, named at the left, a bar per series. Colour is never the only cue: each
series has a fill pattern of its own, a short label beside each bar and an entry in the legend.
Amounts stay exact; only the geometry is rounded, to one decimal, so the same report always gives
the same bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from html import escape
from math import ceil, floor

from ..engine import danish
from ..i18n import _
from .model import Kind, Report, written
from .xlsxchart import Chart

PLOT_WIDTH = 480
MARGIN = 8
CHAR_WIDTH = Fraction(13, 2)  # an average glyph of 12px sans-serif, for laying out labels
BAR_HEIGHT = 12
GROUP_GAP = 10
ROW = 18  # a legend entry, a row of tick labels
MAX_GRIDLINES = 6
# (background, marks) per series: a light colour for who sees it, dark marks for who does not.
PATTERNS = (
    ("#1f4e79", ""),
    ("#f2c14e", '<path d="M0,6 L6,0 M-1,1 L1,-1 M5,7 L7,5" stroke="#222" stroke-width="1"/>'),
    ("#a6d8f0", '<circle cx="3" cy="3" r="1.3" fill="#222"/>'),
    ("#e8a0a0", '<path d="M0,3 H6 M3,0 V6" stroke="#222" stroke-width="1"/>'),
    ("#b8e0b0", '<path d="M0,3 H6" stroke="#222" stroke-width="1.2"/>'),
    ("#ffffff", '<path d="M3,0 V6" stroke="#222" stroke-width="1.2"/>'),
    ("#d9c2e9", '<path d="M0,0 L6,6 M-1,5 L1,7 M5,-1 L7,1" stroke="#222" stroke-width="1"/>'),
    ("#ffffff", ""),
)


@dataclass(frozen=True)
class Bar:
    group: int
    series: int
    value: Fraction


@dataclass(frozen=True)
class Scale:
    """Round kroner gridlines from ``low`` to ``high``, ``step`` apart, drawn from ``left`` over ``width``."""

    low: int
    high: int
    step: int
    left: int
    width: int = PLOT_WIDTH

    def x(self, value: Fraction | int) -> Fraction:
        return self.left + (value - self.low) * Fraction(self.width, self.high - self.low)

    def ticks(self) -> list[int]:
        return list(range(self.low, self.high + 1, self.step))


@dataclass(frozen=True)
class Layout:
    names: list[str]
    headings: list[str]
    labels: list[str]  # beside the bars; none where there is one series
    scale: Scale
    top: int  # where the first group begins
    width: int

    def group_top(self, group: int) -> int:
        return self.top + group * self.group_height()

    def group_height(self) -> int:
        return len(self.headings) * BAR_HEIGHT + GROUP_GAP

    def bottom(self) -> int:
        return self.group_top(len(self.names))

    def height(self) -> int:
        return self.bottom() + 2 * ROW + MARGIN


def svg(report: Report, chart: Chart, prefix: str | None = None) -> str:
    """The chart as an ``<svg>`` element, or "" where it has no lines. ``prefix`` makes the ids of its
    patterns and title unique on a page with several charts (by default the report's id)."""
    if not chart.lines:
        return ""
    bars = _bars(report, chart)
    layout = _layout(report, chart, bars)
    ids = _ids(prefix if prefix is not None else report.id)
    parts = [
        _head(layout, ids),
        f'<title id="{ids}-title">{escape(chart.title)}</title>',
        f'<desc id="{ids}-desc">{escape(_description(layout, chart, bars), quote=False)}</desc>',
        _patterns(ids, len(layout.headings)),
        _legend(layout, ids),
        _grid(layout),
        *(_group(layout, ids, index, [b for b in bars if b.group == index]) for index in range(len(layout.names))),
        _zero(layout),
        "</svg>",
    ]
    return "\n".join(parts) + "\n"


def _bars(report: Report, chart: Chart) -> list[Bar]:
    """The amounts to draw; an empty cell (or a text in an amount's column) draws no bar."""
    found = []
    for group, line in enumerate(chart.lines):
        for series, column in enumerate(chart.series):
            value = report.lines[line].cells[column]
            if value is not None and not isinstance(value, str):
                found.append(Bar(group, series, Fraction(value)))
    return found


def _layout(report: Report, chart: Chart, bars: list[Bar]) -> Layout:
    names = [str(report.lines[line].cells[0] or "") for line in chart.lines]
    headings = [report.columns[column].heading for column in chart.series]
    labels = _labels(headings) if len(headings) > 1 else []
    values: list[Fraction | int] = [0, *(bar.value for bar in bars)]
    room = _text_width(max(labels, key=len)) + MARGIN if labels else 0
    low, high, step = _gridlines(min(values), max(values))
    name_width = max(_text_width(name) for name in names)
    left = MARGIN + name_width + MARGIN + (room if low < 0 else 0)
    right = max(room, _text_width(danish.kroner(high)) // 2) + MARGIN
    top = MARGIN + len(headings) * ROW + ROW + MARGIN // 2
    legend = left + 30 + max(_text_width(_entry(labels, headings, index)) for index in range(len(headings)))
    width = max(left + PLOT_WIDTH + right, legend + MARGIN)
    return Layout(names, headings, labels, Scale(low, high, step, left), top, width)


def _labels(headings: list[str]) -> list[str]:
    """'M1' for 'Model 1': the initial of each word, numbers whole; the series' numbers where those are
    long or not all different."""
    labels = ["".join(w if w.isdigit() else w[0] for w in re.findall(r"\w+", h)) for h in headings]
    if len(set(labels)) < len(labels) or any(not 0 < len(label) <= 5 for label in labels):
        return [str(number) for number in range(1, len(headings) + 1)]
    return labels


def _gridlines(low: Fraction | int, high: Fraction | int) -> tuple[int, int, int]:
    """The first and last gridline and the step between them, in whole kroner: the finest of 1, 2, 2.5
    and 5 times a power of ten that needs at most six gridlines, and never fewer than four."""
    step = next(s for s in _steps() if ceil(high / s) - floor(low / s) + 1 <= MAX_GRIDLINES)
    first, last = floor(low / step) * step, ceil(high / step) * step
    while (last - first) // step < 3:  # amounts of a few kroner, or none: still an axis to read
        last += step
    return first, last, step


def _steps() -> list[int]:
    return [1, 2, 5, *(m * 10**k for k in range(40) for m in (10, 20, 25, 50))]


def _ids(name: str) -> str:
    return "chart-" + re.sub(r"[^A-Za-z0-9_-]", "-", name)


def _head(layout: Layout, ids: str) -> str:
    width, height = layout.width, layout.height()
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{ids}-title {ids}-desc"'
        f' viewBox="0 0 {width} {height}" width="{width}" height="{height}"'
        ' font-family="sans-serif" font-size="12">'
    )


def _description(layout: Layout, chart: Chart, bars: list[Bar]) -> str:
    what = _("{series} for each {category}, as horizontal bars; each bar's title gives its amount.").format(
        series=", ".join(layout.headings), category=chart.category_axis.lower()
    )
    if not bars:
        return what
    highest = max(bars, key=lambda bar: bar.value)
    lowest = min(bars, key=lambda bar: bar.value)
    extremes = _("Highest: {highest} Lowest: {lowest}").format(
        highest=_bar_title(layout, highest), lowest=_bar_title(layout, lowest)
    )
    return f"{what} {extremes}"


def _bar_title(layout: Layout, bar: Bar) -> str:
    """'Albertslund, Model 1: 12.345 kr.'; the series is left out where there is only one."""
    name, amount = layout.names[bar.group], written(Kind.kroner, bar.value)
    if len(layout.headings) == 1:
        return _("{name}: {amount} kr.").format(name=name, amount=amount)
    series = layout.headings[bar.series]
    return _("{name}, {series}: {amount} kr.").format(name=name, series=series, amount=amount)


def _patterns(ids: str, count: int) -> str:
    defs = []
    for index in range(count):
        background, marks = PATTERNS[index % len(PATTERNS)]
        defs.append(
            f'<pattern id="{ids}-p{index}" patternUnits="userSpaceOnUse" width="6" height="6">'
            f'<rect width="6" height="6" fill="{background}"/>{marks}</pattern>'
        )
    return "<defs>" + "".join(defs) + "</defs>"


def _legend(layout: Layout, ids: str) -> str:
    """A swatch of each series' pattern, its label and its heading, one entry a row above the chart."""
    x = layout.scale.left
    entries = []
    for index in range(len(layout.headings)):
        y = MARGIN + index * ROW
        words = _entry(layout.labels, layout.headings, index)
        entries.append(
            f'<rect x="{x}" y="{y}" width="24" height="12" fill="url(#{ids}-p{index})" stroke="#111"/>'
            f'<text x="{x + 30}" y="{y + 10}">{escape(words)}</text>'
        )
    return '<g class="legend">' + "".join(entries) + "</g>"


def _entry(labels: list[str], headings: list[str], index: int) -> str:
    """A legend entry: 'M1: Model 1', or the heading alone where the bars carry no labels."""
    return f"{labels[index]}: {headings[index]}" if labels else headings[index]


def _grid(layout: Layout) -> str:
    """A light line at each round amount, its amount above and below the groups, and the axis title."""
    scale, top, bottom = layout.scale, layout.top, layout.bottom()
    parts = []
    for tick in scale.ticks():
        x = _n(scale.x(tick))
        parts.append(f'<line class="grid" x1="{x}" y1="{top - 4}" x2="{x}" y2="{bottom}" stroke="#ccc"/>')
        for y in (top - 6, bottom + 14):
            parts.append(f'<text x="{x}" y="{y}" text-anchor="middle">{danish.kroner(tick)}</text>')
    middle = _n(scale.x(scale.low) + Fraction(scale.width, 2))
    title = escape(_("Amount (kr.)"))
    parts.append(f'<text class="axis-title" x="{middle}" y="{bottom + 14 + ROW}" text-anchor="middle">{title}</text>')
    return '<g class="axis">' + "".join(parts) + "</g>"


def _group(layout: Layout, ids: str, index: int, bars: list[Bar]) -> str:
    top = layout.group_top(index)
    name_y = top + (layout.group_height() - GROUP_GAP) // 2 + 4
    name_x = MARGIN + max(_text_width(name) for name in layout.names)
    name = f'<text x="{name_x}" y="{name_y}" text-anchor="end">{escape(layout.names[index])}</text>'
    return '<g class="group">' + name + "".join(_bar(layout, ids, bar, top) for bar in bars) + "</g>"


def _bar(layout: Layout, ids: str, bar: Bar, top: int) -> str:
    """A bar from zero to its amount, with its amount as a title and its series' label beside its end."""
    zero, end = danish.to_decimal(layout.scale.x(0), 1), danish.to_decimal(layout.scale.x(bar.value), 1)
    y = top + bar.series * BAR_HEIGHT
    rect = (
        f'<rect class="bar" x="{_n(min(zero, end))}" y="{y}" width="{_n(abs(end - zero))}" height="{BAR_HEIGHT}"'
        f' fill="url(#{ids}-p{bar.series})" stroke="#111" stroke-width="1">'
        f"<title>{escape(_bar_title(layout, bar))}</title></rect>"
    )
    if not layout.labels:
        return rect
    x, anchor = (end + 3, "start") if bar.value >= 0 else (end - 3, "end")
    label = escape(layout.labels[bar.series])
    text = f'<text class="label" x="{_n(x)}" y="{y + 10}" font-size="10" text-anchor="{anchor}">{label}</text>'
    return rect + text


def _zero(layout: Layout) -> str:
    x = _n(layout.scale.x(0))
    return f'<line class="zero" x1="{x}" y1="{layout.top - 4}" x2="{x}" y2="{layout.bottom()}" stroke="#111"/>'


def _text_width(text: str) -> int:
    return ceil(len(text) * CHAR_WIDTH)


def _n(value: Fraction | Decimal | int) -> str:
    """A coordinate to one decimal, computed exactly: '120.5', '96' (no float, so the same everywhere)."""
    text = f"{danish.to_decimal(value, 1):f}"
    return text.removesuffix(".0")
