"""The reports of the commands, built from what the engine computed: what each table shows, in which
order, with which notes. The renderers (text, markdown, xlsx) write any of them."""

from __future__ import annotations

from decimal import Decimal

from ..engine import danish
from ..engine.compare import Comparison
from ..engine.diff import Diff
from ..engine.result import Result
from .model import Column, Kind, Line, Report, Value
from .tables import columns, footnotes, header_lines, trailer
from .words import notes, short, summary


def comparison(compared: Comparison) -> Report:
    """Burdens, differences to the baseline, the total and the extremes, a column per model."""
    models = compared.models
    base = next((m for m in models if m.id == compared.baseline), None)
    others = [m for m in models if m is not base] if base else []
    heads = [Column("Kommune", Kind.text), *(Column(short(m)) for m in models)]
    heads += [Column(f"Δ {short(m)} − {short(base)}") for m in others if base]
    blank: list[Decimal | None] = [None] * len(others)
    lines = [
        Line((name, *(compared.value(m, name) for m in models), *(compared.difference(m, name) for m in others)))
        for name in compared.names
    ]
    if lines:
        lines[-1] = Line(lines[-1].cells, ends_group=True)
    lines.append(Line(("I alt", *(m.total for m in models), *blank), strong=True))
    lines.append(Line(("Højeste", *(compared.extremes(m)[0][1] for m in models), *blank), strong=True))
    lines.append(Line(("Laveste", *(compared.extremes(m)[1][1] for m in models), *blank), strong=True))
    per = f"{danish.kroner(compared.cost_per_cluster)} kr. pr. klynge" if compared.cost_per_cluster else ""
    extremes = [
        f"{short(m)}: højeste {compared.extremes(m)[0][0]}, laveste {compared.extremes(m)[1][0]}. {m.title}"
        for m in models
    ]
    title = f"Hvad hver kommune bærer – {per or 'sekretariatsbetjening'}"
    return Report("sammenligning", title, heads, lines, [*extremes, *notes(compared)])


DIFF_COLUMNS = [
    Column("Række", Kind.text),
    Column("Før (kr.)"),
    Column("Efter (kr.)"),
    Column("Ændring (kr.)", Kind.signed),
    Column("Ændring (%)", Kind.change),
]


def difference(changes: Diff) -> Report:
    """The rows a change moved, largest change first, and a summary; Markdown heads it by the new title."""
    lines = [Line((c.label, c.old, c.new, c.delta, c.percent)) for c in changes.changed]
    title = f"{changes.old_title} → {changes.new_title}"
    below = summary(changes)
    return Report(
        "diff", title, DIFF_COLUMNS, lines, below, heading=changes.new_title, level=3, empty="Ingen ændringer."
    )


def calculation(result: Result) -> Report:
    """A rule's result: a row per member (and group, and the total), its indbyggertal, share and amounts,
    with the footnotes, rates, rounding, parameters and sources below."""
    marks, _ = footnotes(result)
    headings = columns(result)
    kinds = [Kind.text, Kind.basis, Kind.share, *[Kind.kroner] * (len(headings) - 3)]
    pots = [p.id for p in result.pots] if len(result.pots) > 1 else []
    lines = []
    for index, row in enumerate(result.rows):
        following = result.rows[index + 1] if index + 1 < len(result.rows) else None
        name = result.shown(row) + marks.get(row.label, "")
        cells: tuple[Value, ...] = (name, row.basis, row.share, *(row.amounts[p] for p in pots), row.amount)
        ends = following is not None and following.level in ("region", "total")
        lines.append(Line(cells, strong=row.level in ("region", "total"), ends_group=ends))
    report_columns = [Column(heading, kind) for heading, kind in zip(headings, kinds, strict=True)]
    source = header_lines(result)[0]
    return Report(result.rule.id, result.rule.title, report_columns, lines, trailer(result), subtitle=source)
