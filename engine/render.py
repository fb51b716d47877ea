"""Turning a ``Result`` into text: a rich table for people, JSON and CSV for machines,
Markdown for documents. Every function returns a string; the CLI decides where it goes."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from fractions import Fraction
from typing import Any

from . import danish
from .calc import Result, Row
from .models import RoundingMethod, Source

FORMATS = ("table", "json", "csv", "md")
SHARE_PLACES = 10


def cite(source: Source) -> str:
    """A source as one line: document, then section and table where given."""
    return ", ".join(part for part in (source.document, source.section, source.table) if part)


def render(result: Result, fmt: str, width: int = 100) -> str:
    renderers = {"table": lambda r: table(r, width), "json": to_json, "csv": to_csv, "md": to_markdown}
    return renderers[fmt](result)


# --- machines ------------------------------------------------------------------------------


def _json_number(value: Fraction | Decimal, places: int = 6) -> int | float:
    exact = Fraction(value)
    if exact.denominator == 1:
        return exact.numerator
    return float(danish.to_decimal(exact, places))


def _share(share: Fraction) -> str:
    return format(danish.to_decimal(share, SHARE_PLACES), "f")


def _row_json(row: Row, several_pots: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "level": row.level,
        "name": row.name,
        "basis": _json_number(row.basis),
        "share": _share(row.share),
        "amount": _json_number(row.amount),
    }
    if several_pots:
        out["amounts"] = {pot: _json_number(amount) for pot, amount in row.amounts.items()}
    return out


def to_json(result: Result) -> str:
    several = len(result.pots) > 1
    document = {
        "rule": result.rule.id,
        "title": result.rule.title,
        "source": cite(result.source),
        "dataset": {"id": result.dataset.id, "period": result.dataset.period, "source": cite(result.dataset.source)},
        "rounding": {
            "method": result.rounding.method.value,
            "unit": _json_number(result.rounding.unit),
            "tie_break": result.rounding.tie_break.value,
        },
        "pots": [
            {
                "id": p.id,
                "title": p.title,
                "amount": _json_number(p.amount),
                "allocated": _json_number(p.allocated),
                "difference": _json_number(p.difference),
            }
            for p in result.pots
        ],
        "rows": [_row_json(row, several) for row in result.rows],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def to_csv(result: Result) -> str:
    pot_ids = [p.id for p in result.pots] if len(result.pots) > 1 else []
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["level", "name", "basis", "share", *pot_ids, "amount"])
    for row in result.rows:
        amounts = [_json_number(row.amounts[p]) for p in pot_ids]
        writer.writerow(
            [row.level, row.name, _json_number(row.basis), _share(row.share), *amounts, _json_number(row.amount)]
        )
    return buffer.getvalue()


# --- people --------------------------------------------------------------------------------


def _columns(result: Result) -> list[str]:
    pots = [f"{p.title} (kr.)" for p in result.pots] if len(result.pots) > 1 else []
    return ["Kommune", "Indbyggertal", "Befolkningsandel", *pots, "I alt (kr.)" if pots else "Beløb (kr.)"]


def _cells(result: Result, row: Row, marks: dict[str, str]) -> list[str]:
    amounts = [danish.kroner(row.amounts[p.id]) for p in result.pots] if len(result.pots) > 1 else []
    name = row.name + marks.get(row.name, "")
    return [name, danish.basis(row.basis), danish.percent(row.share), *amounts, danish.kroner(row.amount)]


def _footnotes(result: Result) -> tuple[dict[str, str], list[str]]:
    """Superscript marks for members with an override or weight, and the notes they point to."""
    marks: dict[str, str] = {}
    notes: list[str] = []
    for member in result.rule.members:
        reasons = [r for r in (member.basis_reason, member.weight_reason, member.note) if r]
        if reasons:
            mark = _superscript(len(notes) + 1)
            marks[member.municipality] = mark
            notes.append(f"{mark} {' '.join(reasons)}")
    return marks, notes


def _superscript(n: int) -> str:
    return str(n).translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))


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


def _header_lines(result: Result) -> list[str]:
    return [
        f"Kilde: {cite(result.source)}",
        f"Grundlag: {result.dataset.title} ({result.dataset.id}); {cite(result.dataset.source)}",
    ]


def table(result: Result, width: int = 100) -> str:
    from rich import box
    from rich.console import Console
    from rich.table import Table

    marks, notes = _footnotes(result)
    grid = Table(title=result.rule.title, box=box.SIMPLE_HEAD, title_justify="left")
    for index, heading in enumerate(_columns(result)):
        grid.add_column(heading, justify="left" if index == 0 else "right")
    *members, total = result.rows
    for row in members:
        grid.add_row(*_cells(result, row, marks), end_section=row is members[-1])
    grid.add_row(*_cells(result, total, marks), style="bold")
    console = Console(file=io.StringIO(), width=width, color_system=None, highlight=False, emoji=False)
    console.print(grid)
    for line in [*notes, *rounding_lines(result), *_header_lines(result)]:
        console.print(line, overflow="fold")
    return console.file.getvalue()  # type: ignore[attr-defined,no-any-return]


def to_markdown(result: Result) -> str:
    marks, notes = _footnotes(result)
    columns = _columns(result)
    lines = [
        f"## {result.rule.title}",
        "",
        "| " + " | ".join(columns) + " |",
        "|" + "|".join(["---"] + ["---:"] * (len(columns) - 1)) + "|",
    ]
    for row in result.rows:
        cells = _cells(result, row, marks)
        if row.level == "total":
            cells = [f"**{c}**" for c in cells]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    lines += [f"{line}  " for line in [*notes, *rounding_lines(result), *_header_lines(result)]]
    return "\n".join(lines).rstrip() + "\n"
