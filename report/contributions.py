"""``klynge calc --by contributor``: what each kommune and region gives each klynge, for people (a report:
a row per klynge with its cells, its contributors under it) and for tools (JSON and CSV, English keys)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from ..engine import danish
from ..engine.contributions import Contribution, Gap, klynge_rows
from ..engine.models import RoundingMethod
from ..engine.plan import Shape
from ..engine.result import Result, Row
from ..i18n import _
from .machine import number
from .model import Column, Kind, Line, Report, Value
from .tables import footnotes, header_lines, rate_lines, setting_lines


@dataclass
class Giver:
    """One contributor to one klynge: what it gives to each pot, and its I alt."""

    cluster: str
    cluster_name: str
    region: str
    contributor: str
    kind: str
    basis: Fraction
    amounts: dict[str, Decimal] = field(default_factory=dict)

    @property
    def amount(self) -> Decimal:
        return sum(self.amounts.values(), Decimal(0))


def givers(given: list[Contribution]) -> dict[str, list[Giver]]:
    """The contributors of each klynge (by id), kommuner before the region, each once with all its pots."""
    found: dict[tuple[str, str, str], Giver] = {}
    for c in given:
        key = (c.cluster, c.contributor, c.kind)
        giver = found.setdefault(key, Giver(c.cluster, c.cluster_name, c.region, c.contributor, c.kind, c.basis))
        giver.amounts[c.pot] = giver.amounts.get(c.pot, Decimal(0)) + c.amount
    out: dict[str, list[Giver]] = {}
    for giver in found.values():
        out.setdefault(giver.cluster, []).append(giver)
    return {k: sorted(v, key=lambda g: g.kind == "region") for k, v in out.items()}


def contribution_report(result: Result, given: list[Contribution], found: list[Gap]) -> Report:
    """A strong row per klynge (its cells), then its kommuner and its region; the total; the notes."""
    pots = [p.id for p in result.pots] if len(result.pots) > 1 else []
    marks, _notes = footnotes(result)
    by_klynge = givers(given)
    lines: list[Line] = []
    for row in klynge_rows(result):
        cells: tuple[Value, ...] = (row.label + marks.get(row.label, ""), row.basis, *_cells(row.amounts, pots))
        lines.append(Line((*cells, row.amount), strong=True))
        for giver in by_klynge.get(row.key.id, []):
            name = giver.contributor + marks.get(f"{giver.contributor} ({giver.cluster_name})", "")
            lines.append(Line((name, giver.basis, *_cells(giver.amounts, pots), giver.amount)))
        lines[-1] = Line(lines[-1].cells, lines[-1].strong, ends_group=True)
    total = result.rows[-1]
    lines.append(Line((_("Total"), total.basis, *_cells(total.amounts, pots), total.amount), strong=True))
    title = _("{title} – contributions per klynge").format(title=result.rule.title)
    source = header_lines(result)[0]
    return Report(result.rule.id, title, _columns(result), lines, _notes_of(result, found), subtitle=source)


def _cells(amounts: dict[str, Decimal], pots: list[str]) -> list[Decimal | None]:
    return [amounts.get(pot) for pot in pots]


def _columns(result: Result) -> list[Column]:
    pots = [Column(_("{pot} (kr.)").format(pot=p.title)) for p in result.pots] if len(result.pots) > 1 else []
    total = _("Total (kr.)") if pots else _("Amount (kr.)")
    heads = [Column(_("Contributor"), Kind.text), Column(_("Indbyggertal"), Kind.basis, short=_("Pop."))]
    return [*heads, *pots, Column(total)]


def _notes_of(result: Result, found: list[Gap]) -> list[str]:
    _marks, marked = footnotes(result)
    lines = [*marked, *_who(result), *rate_lines(result), *rounding(result, found)]
    return [*lines, *setting_lines(result), *header_lines(result)]


def _who(result: Result) -> list[str]:
    """Who gives a klynge's cell, where a region gives some of it."""
    keyed = [p.title for p in result.plan.pots if p.shape is Shape.by_region]
    if not keyed:
        return []
    line = _(
        "A kommune gives its part of its klynge's cell by the indbyggertal it counts with there; a region gives"
        " its klynge's cell of '{pot}', which is split on the regions by their key."
    )
    return [line.format(pot="', '".join(keyed))]


def rounding(result: Result, found: list[Gap]) -> list[str]:
    """How the contributions were rounded, and each klynge cell they do not sum to."""
    unit = danish.kroner(result.rounding.unit)
    if result.rounding.method is not RoundingMethod.nearest:
        line = _(
            "Rounding: each klynge's rounded cell is split on its contributors by largest remainder to whole"
            " {unit} kr.; the contributions sum to the klynge's cells exactly."
        )
        return [line.format(unit=unit)]
    line = _(
        "Rounding: each contribution is rounded on its own to the nearest {unit} kr. from its exact amount, as"
        " the klynge's cells are, so the contributions may differ a little from the cell they make up."
    )
    if not found:
        return [line.format(unit=unit), _("The contributions sum to every klynge's cell.")]
    return [line.format(unit=unit), *(_gap_line(result, gap) for gap in found)]


def _gap_line(result: Result, gap: Gap) -> str:
    title = next(p.title for p in result.pots if p.id == gap.pot)
    sign = "+" if gap.difference > 0 else "−"
    line = _("{klynge}, '{pot}': the contributions sum to {summed} kr., {gap} kr. from the klynge's cell of {cell} kr.")
    return line.format(
        klynge=f"{gap.cluster_name} ({gap.region})",
        pot=title,
        summed=danish.kroner(gap.summed),
        gap=f"{sign}{danish.kroner(abs(gap.difference))}",
        cell=danish.kroner(gap.cell),
    )


def contributions_json(result: Result, given: list[Contribution], found: list[Gap]) -> str:
    """The klynger's cells (and any difference to their contributions) and a row per contributor."""
    gaps_of = {(g.cluster, g.pot): g for g in found}
    document = {
        "rule": result.rule.id,
        "title": result.rule.title,
        "by": "contributor",
        "rounding": {"method": result.rounding.method.value, "unit": number(result.rounding.unit)},
        "pots": [{"id": p.id, "title": p.title, "amount": number(p.amount)} for p in result.pots],
        "clusters": [_klynge_json(row, result, gaps_of) for row in klynge_rows(result)],
        "rows": [_giver_json(g) for each in givers(given).values() for g in each],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _klynge_json(row: Row, result: Result, gaps_of: dict[tuple[str, str], Gap]) -> dict[str, Any]:
    pots = [p.id for p in result.pots]
    differences = {p: number(gaps_of[row.key.id, p].difference) for p in pots if (row.key.id, p) in gaps_of}
    return {
        "cluster": row.key.id,
        "cluster_name": row.name,
        "region": row.region,
        "basis": number(row.basis),
        "amounts": {p: number(row.amounts[p]) for p in pots},
        "amount": number(row.amount),
        "differences": differences,
    }


def _giver_json(giver: Giver) -> dict[str, Any]:
    return {
        "cluster": giver.cluster,
        "cluster_name": giver.cluster_name,
        "region": giver.region,
        "contributor": giver.contributor,
        "kind": giver.kind,
        "basis": number(giver.basis),
        "amounts": {pot: number(amount) for pot, amount in giver.amounts.items()},
        "amount": number(giver.amount),
    }


CSV_HEAD = ["cluster", "cluster_name", "region", "contributor", "kind", "basis"]


def contributions_csv(result: Result, given: list[Contribution]) -> str:
    """A line per contributor to a klynge; a pot it gives nothing to is left empty."""
    pots = [p.id for p in result.pots]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*CSV_HEAD, *pots, "amount"])
    for each in givers(given).values():
        for g in each:
            amounts = [number(g.amounts[p]) if p in g.amounts else "" for p in pots]
            head = [g.cluster, g.cluster_name, g.region, g.contributor, g.kind, number(g.basis)]
            writer.writerow([*head, *amounts, number(g.amount)])
    return buffer.getvalue()
