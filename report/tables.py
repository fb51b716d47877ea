"""Tables for people: a rich table for the terminal and Markdown for documents, in Danish
notation (177.678; 48,0 %), with the footnotes, rounding statement, rates and sources."""

from __future__ import annotations

import io
from typing import Any

from ..engine import danish
from ..engine.models import RoundingMethod
from ..engine.plan import Grouping
from ..engine.published import Cell, TableCheck
from ..engine.result import Rate, Result, Row
from .machine import cite


def columns(result: Result) -> list[str]:
    pots = [f"{p.title} (kr.)" for p in result.pots] if len(result.pots) > 1 else []
    levels = {row.level for row in result.rows}
    first = "Klynge / region" if "region" in levels else "Klynge / kommune" if "cluster" in levels else "Kommune"
    return [first, "Indbyggertal", "Befolkningsandel", *pots, "I alt (kr.)" if pots else "Beløb (kr.)"]


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
        return [f"Afrunding: største brøkdel (largest remainder) til hele {unit} kr.; beløbene summerer til puljen."]
    lines = [f"Afrunding: hvert beløb afrundet for sig til nærmeste {unit} kr."]
    for pot in result.pots:
        pulje = f"puljen på {danish.kroner(pot.amount)} kr."
        if pot.difference:
            sign = "+" if pot.difference > 0 else "−"
            gap = f"{sign}{danish.kroner(abs(pot.difference))} kr."
            lines.append(f"Summen af de afrundede beløb for '{pot.title}' afviger {gap} fra {pulje}")
        else:
            lines.append(f"Summen af de afrundede beløb for '{pot.title}' er lig med {pulje}")
    return lines


def rate_lines(result: Result) -> list[str]:
    """Kroner per inhabitant, computed: for the whole pot, and per region for a two-level pot."""
    lines = []
    for pot in result.pots:
        rates = [r for r in result.rates if r.pot == pot.id]
        overall = next(r for r in rates if r.scope == "I alt")
        text = f"Kr. pr. indbygger, {pot.title}: {_rate(overall)}"
        regional = [r for r in rates if r.scope != "I alt"]
        if regional:
            low, high = min(r.value for r in regional), max(r.value for r in regional)
            spread = f"{danish.number(low, 2)}–{danish.number(high, 2)}"
            per = "klynge" if result.plan.grouping is Grouping.by_cluster else "region"
            text += f"; pr. {per} {spread}: " + "; ".join(f"{_scope(r, regional)} {_rate(r)}" for r in regional)
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
    return [f"Kilde: {cite(result.source)}", f"Grundlag: {dataset.title} ({dataset.id}); {cite(dataset.source)}"]


def trailer(result: Result) -> list[str]:
    _, notes = footnotes(result)
    lines = [*notes, *flow_lines(result), *rate_lines(result), *rounding_lines(result)]
    return [*lines, *setting_lines(result), *header_lines(result)]


def setting_lines(result: Result) -> list[str]:
    """The parameters the result was computed with, and where each value came from."""
    from ..engine.parameters import describe

    return [f"Parameter: {describe(s)}" for s in result.settings if s.value not in (None, {})]


def flow_lines(result: Result) -> list[str]:
    """Who receives the money, and each kommune's net, where the rule routes money to the runners."""
    from ..engine.flows import flows

    if not result.plan.routes_to_co_chairs:
        return []
    money = flows(result)
    if not money.known:
        return ["Modtagere og netto kræver medformandskommunerne (rules/data/medformandskommuner.yaml eller --set)."]
    return [
        f"{f.municipality}: betaler {danish.kroner(f.pays)} kr., modtager {danish.kroner(f.receives or 0)} kr., "
        f"netto {danish.kroner(f.net or 0)} kr.; driver sekretariatet og bærer {danish.kroner(f.burden)} kr."
        for f in money.flows
        if f.receives
    ] + ["Alle andre kommuner modtager intet; de bærer det, de betaler."]


def test_report(checks: list[TableCheck], width: int = 100) -> str:
    """Every differing cell with its declared reason, the publication's own slips, and a verdict."""
    from rich.console import Console

    console = Console(file=io.StringIO(), width=width, color_system=None, highlight=False, emoji=False, markup=False)
    for outcome in checks:
        _report_one(console, outcome)
    failed = [c for c in checks if not c.ok]
    if not checks:
        console.print("Ingen regler med offentliggjorte tabeller eller forventninger.")
    else:
        console.print(f"{len(checks) - len(failed)} af {len(checks)} tabeller stemmer (med erklærede afvigelser).")
    return console.file.getvalue()  # type: ignore[attr-defined,no-any-return]


def _report_one(console: Any, outcome: TableCheck) -> None:
    from rich import box
    from rich.table import Table

    inherited, drop = _inheritance(outcome)
    console.print(f"{outcome.rule}: {outcome.table}{inherited}", soft_wrap=True)
    reasons: list[str] = list(dict.fromkeys(c.reason for c in outcome.cells if c.ok and c.reason))
    if outcome.cells:
        grid = Table(box=box.SIMPLE_HEAD)
        for heading in ("Række", "Kolonne", "Offentliggjort", "Beregnet", "Forskel", "Begrundelse"):
            numeric = heading in ("Offentliggjort", "Beregnet", "Forskel")
            grid.add_column(heading, justify="right" if numeric else "left", no_wrap=heading != "Begrundelse")
        for cell in outcome.cells:
            values = (danish.value(cell.published), danish.value(cell.computed), danish.signed(cell.difference))
            grid.add_row(cell.row, cell.column, *values, _verdict(cell, reasons))
        console.print(grid)
    for number, reason in enumerate(reasons, start=1):
        console.print(f"  [{number}] {reason}", soft_wrap=True)
    for slip in outcome.sums:
        console.print(f"  Tabellens egen sum: {slip}", soft_wrap=True)
    for failure in outcome.failures:
        console.print(f"  FEJL: {failure}", soft_wrap=True)
    if drop and not outcome.ok:
        console.print(drop, soft_wrap=True)
    verdict = "OK" if outcome.ok else "FEJL"
    declared = sum(1 for c in outcome.cells if c.ok)
    console.print(
        f"  {verdict}: {outcome.checked} celler tjekket, {len(outcome.cells)} afviger, {declared} forklaret.\n"
    )


def _inheritance(outcome: TableCheck) -> tuple[str, str]:
    """For a table a variant checks from its base: a note for the heading, and how to stop checking it."""
    source = outcome.inherited
    if source is None:
        return "", ""
    drop = f"remove 'inherit_checks: true' at {source.switch} to check only {outcome.rule}'s own tables"
    return f" (inherited from {source.rule}, {source.at})", f"  The table is {source.rule}'s ({source.at}): {drop}."


def _verdict(cell: Cell, reasons: list[str]) -> str:
    if cell.ok and cell.reason:
        return f"[{reasons.index(cell.reason) + 1}]"
    declared = f" (erklæret {danish.signed(cell.declared)})" if cell.declared is not None else ""
    return f"IKKE FORKLARET{declared}"
