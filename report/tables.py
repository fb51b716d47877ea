"""What calc's table shows around its numbers, in Danish notation (177.678; 48,0 %): the headings, the
footnotes, the rounding statement, the rates, the flows, the parameters and the sources."""

from __future__ import annotations

from ..engine import danish
from ..engine.models import RoundingMethod, RoundingTotals
from ..engine.plan import Grouping
from ..engine.result import Rate, Result, Row
from ..i18n import _
from .machine import cite


def columns(result: Result) -> list[str]:
    pots = [_("{pot} (kr.)").format(pot=p.title) for p in result.pots] if len(result.pots) > 1 else []
    levels = {row.level for row in result.rows}
    first = _("Klynge / region") if "region" in levels else _("Klynge / kommune") if "cluster" in levels else None
    total = _("Total (kr.)") if pots else _("Amount (kr.)")
    return [first or _("Kommune"), _("Indbyggertal"), _("Population share"), *pots, total]


def cells(result: Result, row: Row, marks: dict[str, str]) -> list[str]:
    amounts = [danish.kroner(row.amounts[p.id]) for p in result.pots] if len(result.pots) > 1 else []
    name = result.shown(row) + marks.get(row.label, "")
    return [name, danish.basis(row.basis), danish.percent(row.share), *amounts, danish.kroner(row.amount)]


def footnotes(result: Result) -> tuple[dict[str, str], list[str]]:
    """Superscript marks for rows with a reason (override, weight, note), and the notes themselves."""
    marks: dict[str, str] = {}
    notes: list[str] = []
    by_text: dict[str, str] = {}
    for row in result.rows:
        if row.reasons:
            text = " ".join(row.reasons)
            if text not in by_text:  # the same reason (Rødovre's half weight in two klynger) gets one note
                by_text[text] = str(len(notes) + 1).translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))
                notes.append(f"{by_text[text]} {text}")
            marks[row.label] = by_text[text]
    return marks, notes


def rounding_lines(result: Result) -> list[str]:
    """What the rounding did, stated plainly (and how far the sum is from each pot)."""
    unit = danish.kroner(result.rounding.unit)
    if result.rounding.method is RoundingMethod.largest_remainder:
        return [
            _("Rounding: largest remainder to whole {unit} kr.; the amounts sum to the pulje.").format(unit=unit)
        ]
    if result.rounding.convention is RoundingTotals.sum:
        line = _(
            "Rounding: each amount rounded on its own to the nearest {unit} kr.; I alt and subtotals are"
            " the sums of the rounded amounts."
        )
    else:
        line = _(
            "Rounding: each amount rounded on its own to the nearest {unit} kr., I alt and subtotals too (each"
            " from its exact amount), so they may differ a little from the sum of the rounded amounts."
        )
    lines = [line.format(unit=unit)]
    for pot in result.pots:
        amount = danish.kroner(pot.amount)
        if pot.difference:
            sign = "+" if pot.difference > 0 else "−"
            gap = f"{sign}{danish.kroner(abs(pot.difference))} kr."
            line = _("The rounded amounts for '{pot}' differ by {gap} from the pulje of {amount} kr.")
            lines.append(line.format(pot=pot.title, gap=gap, amount=amount))
        else:
            line = _("The rounded amounts for '{pot}' sum to the pulje of {amount} kr.")
            lines.append(line.format(pot=pot.title, amount=amount))
    return lines


def rate_lines(result: Result) -> list[str]:
    """Kroner per inhabitant, computed: for the whole pot, and per region for a two-level pot."""
    lines = []
    for pot in result.pots:
        rates = [r for r in result.rates if r.pot == pot.id]
        overall = next(r for r in rates if r.scope == "I alt")
        text = _("Kr. per inhabitant, {pot}: {rate}").format(pot=pot.title, rate=_rate(overall))
        regional = [r for r in rates if r.scope != "I alt"]  # the engine's name of the whole, not a heading
        if regional:
            low, high = min(r.value for r in regional), max(r.value for r in regional)
            spread = f"{danish.number(low, 2)}–{danish.number(high, 2)}"
            per = _("per klynge") if result.plan.grouping is Grouping.by_cluster else _("per region")
            each = "; ".join(f"{_scope(r, regional)} {_rate(r)}" for r in regional)
            text += _("; {per} {spread}: {each}").format(per=per, spread=spread, each=each)
        lines.append(text)
    return lines


def _scope(rate: Rate, rates: list[Rate]) -> str:
    """A klynge's name, with its region where another klynge of the rule has the same name."""
    twins = sum(1 for r in rates if r.scope == rate.scope)
    return f"{rate.scope} ({rate.region})" if twins > 1 and rate.region and rate.region != rate.scope else rate.scope


def _rate(rate: Rate) -> str:
    return f"{danish.number(rate.value, 5)} ({danish.kroner(rate.amount)} kr. / {danish.basis(rate.basis)})"


def header_lines(result: Result) -> list[str]:
    dataset = result.dataset
    basis = _("Basis: {title} ({id}); {source}").format(title=dataset.title, id=dataset.id, source=cite(dataset.source))
    return [_("Source: {source}").format(source=cite(result.source)), basis]


def trailer(result: Result) -> list[str]:
    _, notes = footnotes(result)
    lines = [*notes, *flow_lines(result), *rate_lines(result), *rounding_lines(result)]
    return [*lines, *setting_lines(result), *header_lines(result)]


def setting_lines(result: Result) -> list[str]:
    """The parameters the result was computed with, and where each value came from."""
    from ..engine.parameters import describe

    given = [s for s in result.settings if s.used and (s.value not in (None, {}) or s.clusters)]
    return [_("Parameter: {setting}").format(setting=describe(s)) for s in given]


def flow_lines(result: Result) -> list[str]:
    """Who receives the money, and each kommune's net, where the rule routes money to the runners."""
    from ..engine.flows import flows

    if not result.plan.routes_to_co_chairs:
        return []
    money = flows(result)
    if not money.known:
        return [_("Recipients and net need the medformandskommuner (rules/data/medformandskommuner.yaml or --set).")]
    line = _(
        "{kommune}: pays {pays} kr., receives {receives} kr., net {net} kr.;"
        " runs the secretariat and bears {burden} kr."
    )
    return [
        *payout_lines(result),
        *(
            line.format(
                kommune=f.municipality,
                pays=danish.kroner(f.pays),
                receives=danish.kroner(f.receives or 0),
                net=danish.kroner(f.net or 0),
                burden=danish.kroner(f.burden),
            )
            for f in money.flows
            if f.receives
        ),
        _("Every other kommune receives nothing; it bears what it pays."),
    ]


def payout_lines(result: Result) -> list[str]:
    """How a pool is handed to the medformandskommuner: by which key, and what each klynge's runner gets."""
    from .words import PAYOUT_KEYS

    lines = []
    names = {c.id: c.name for c in result.clusters}
    for pot in result.plan.pots:
        if pot.payout is None or pot.id not in result.payouts:
            continue
        each = "; ".join(f"{names[c]} {danish.kroner(a)} kr." for c, a in result.payouts[pot.id].items())
        line = _("'{pot}' is paid out to the medformandskommuner by {key}: {each}")
        lines.append(line.format(pot=pot.title, key=_(PAYOUT_KEYS[pot.payout]), each=each))
    return lines
