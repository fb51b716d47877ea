"""The reports of the commands, built from what the engine computed: what each table shows, in which
order, with which notes. The renderers (text, markdown, xlsx) write any of them."""

from __future__ import annotations

from decimal import Decimal

from ..engine import danish
from ..engine.compare import Comparison
from ..engine.diff import Diff
from ..engine.result import Result
from ..i18n import N_, _
from .model import Column, Kind, Line, Report, Value
from .tables import columns, footnotes, header_lines, trailer
from .words import notes, short, summary


def comparison(compared: Comparison) -> Report:
    """Burdens, differences to the baseline, the total and the extremes, a column per model."""
    models = compared.models
    base = next((m for m in models if m.id == compared.baseline), None)
    others = [m for m in models if m is not base] if base else []
    heads = [Column(_("Kommune"), Kind.text), *(Column(short(m)) for m in models)]
    # The differences make a block of their own: a narrow terminal shows them in a table of their own.
    heads += [Column(f"Δ {short(m)} − {short(base)}", block=1) for m in others if base]
    blank: list[Decimal | None] = [None] * len(others)
    lines = [
        Line((name, *(compared.value(m, name) for m in models), *(compared.difference(m, name) for m in others)))
        for name in compared.names
    ]
    if lines:
        lines[-1] = Line(lines[-1].cells, ends_group=True)
    lines.append(Line((_("Total"), *(m.total for m in models), *blank), strong=True))
    lines.append(Line((_("Highest"), *(compared.extremes(m)[0][1] for m in models), *blank), strong=True))
    lines.append(Line((_("Lowest"), *(compared.extremes(m)[1][1] for m in models), *blank), strong=True))
    cost = compared.cost_per_cluster
    extremes = [
        _("{model}: highest {highest}, lowest {lowest}. {title}").format(
            model=short(m), highest=compared.extremes(m)[0][0], lowest=compared.extremes(m)[1][0], title=m.title
        )
        for m in models
    ]
    what = _("{amount} kr. per klynge").format(amount=danish.kroner(cost)) if cost else _("secretariat services")
    title = _("What each kommune bears – {what}").format(what=what)
    return Report("sammenligning", title, heads, lines, [*extremes, *notes(compared)])


# Headings marked here, translated where the report is built (the language is chosen after import).
DIFF_COLUMNS = [
    Column(N_("Row"), Kind.text),
    Column(N_("Before (kr.)")),
    Column(N_("After (kr.)")),
    Column(N_("Change (kr.)"), Kind.signed),
    Column(N_("Change (%)"), Kind.change),
]


def difference(changes: Diff) -> Report:
    """The rows a change moved, largest change first, and a summary; Markdown heads it by the new title."""
    lines = [Line((c.label, c.old, c.new, c.delta, c.percent)) for c in changes.changed]
    title = f"{changes.old_title} → {changes.new_title}"
    below = summary(changes)
    heads = [Column(_(c.heading), c.kind) for c in DIFF_COLUMNS]
    return Report("diff", title, heads, lines, below, heading=changes.new_title, level=3, empty=_("No changes."))


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
    report_columns = [_column(heading, kind) for heading, kind in zip(headings, kinds, strict=True)]
    source = header_lines(result)[0]
    return Report(result.rule.id, result.rule.title, report_columns, lines, trailer(result), subtitle=source)


def _column(heading: str, kind: Kind) -> Column:
    """A column of a calculation; the share follows from the indbyggertal, so a narrow terminal may leave it out."""
    if kind is Kind.basis:
        return Column(heading, kind, short=_("Pop."))
    if kind is Kind.share:
        return Column(heading, kind, short=_("Share"), spare=True)
    return Column(heading, kind)
