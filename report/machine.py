"""Results for machines: JSON and CSV of calc, compare and diff, plain and stable (the held contract
other tools read). The formats for people are the report model's (``report.build``)."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from fractions import Fraction
from typing import Any

from ..engine import danish
from ..engine.compare import Comparison, Model
from ..engine.diff import Change, Diff
from ..engine.models import Source
from ..engine.parameters import Setting
from ..engine.result import Rate, Result, Row
from .words import notes

SHARE_PLACES = 10
RATE_PLACES = 5


def cite(source: Source) -> str:
    """A source as one line: document, then section and table where given."""
    return ", ".join(part for part in (source.document, source.section, source.table) if part)


def number(value: Fraction | Decimal | int, places: int = 6) -> int | float:
    """A JSON number: an int when whole, else rounded to ``places`` decimals."""
    exact = Fraction(value)
    if exact.denominator == 1:
        return exact.numerator
    return float(danish.to_decimal(exact, places))


def decimal_text(value: Fraction, places: int) -> str:
    """An exact value as a plain decimal string, e.g. '0.4802100891'."""
    return format(danish.to_decimal(value, places), "f")


def _row_json(row: Row, several_pots: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"level": row.level, "name": row.name}
    if row.level in ("cluster", "municipality") and row.region:
        out["region"] = row.region
    if row.level == "municipality" and row.cluster:
        out["cluster"] = row.cluster
    elif row.counted_in:  # a kommune of a pooled registry rule: the klynger it counts in
        out["clusters"] = list(row.counted_in)
    out.update(basis=number(row.basis), share=decimal_text(row.share, SHARE_PLACES), amount=number(row.amount))
    if several_pots:
        out["amounts"] = {pot: number(amount) for pot, amount in row.amounts.items()}
    return out


def _rate_json(rate: Rate) -> dict[str, Any]:
    return {
        "pot": rate.pot,
        "scope": rate.scope,
        "amount": number(rate.amount),
        "basis": number(rate.basis),
        "kr_per_inhabitant": decimal_text(rate.value, RATE_PLACES),
    }


def to_json(result: Result) -> str:
    document = {
        "rule": result.rule.id,
        "title": result.rule.title,
        "source": cite(result.source),
        "dataset": {"id": result.dataset.id, "period": result.dataset.period, "source": cite(result.dataset.source)},
        "rounding": {
            "method": result.rounding.method.value,
            "unit": number(result.rounding.unit),
            "tie_break": result.rounding.tie_break.value,
            "totals": result.rounding.convention.value,
        },
        "pots": [
            {
                "id": p.id,
                "title": p.title,
                "amount": number(p.amount),
                "allocated": number(p.allocated),
                "difference": number(p.difference),
            }
            for p in result.pots
        ],
        "rates": [_rate_json(rate) for rate in result.rates],
        "parameters": {s.parameter.name: _setting_json(s) for s in result.settings},
        "flows": _flows_json(result),
        "rows": [_row_json(row, len(result.pots) > 1) for row in result.rows],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _setting_json(setting: Setting) -> dict[str, Any]:
    value = setting.value
    shown = number(value) if isinstance(value, Decimal) else value
    out: dict[str, Any] = {"value": shown, "origin": setting.origin}
    if setting.clusters:  # a per_cluster amount given for single klynger: each with its own origin
        out["clusters"] = {k: {"value": number(v), "origin": o} for k, (v, o) in sorted(setting.clusters.items())}
    return out


def _flows_json(result: Result) -> list[dict[str, Any]] | None:
    """Pays, receives, net and burden per kommune where the rule routes money; None otherwise."""
    from ..engine.flows import flows

    if not result.plan.routes_to_co_chairs:
        return None
    money = flows(result)
    known = money.known
    return [
        {
            "municipality": f.municipality,
            "pays": number(f.pays),
            "receives": number(f.receives) if known and f.receives is not None else None,
            "net": number(f.net) if known and f.net is not None else None,
            "burden": number(f.burden),
        }
        for f in money.flows
    ]


CSV_HEAD = ["level", "region", "cluster", "name", "basis", "share"]


def to_csv(result: Result) -> str:
    """One line per row; ``klynge test`` reads it back as a published table."""
    pot_ids = [p.id for p in result.pots] if len(result.pots) > 1 else []
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*CSV_HEAD, *pot_ids, "amount"])
    for row in result.rows:
        region = row.region if row.level != "total" else ""
        cluster = row.name if row.level == "cluster" else (row.cluster or "; ".join(row.counted_in))
        head = [row.level, region or "", cluster, row.name, number(row.basis), decimal_text(row.share, SHARE_PLACES)]
        writer.writerow([*head, *(number(row.amounts[p]) for p in pot_ids), number(row.amount)])
    return buffer.getvalue()


def compare_json(comparison: Comparison) -> str:
    rows: list[dict[str, Any]] = []
    for name in comparison.names:
        row: dict[str, Any] = {"level": "municipality", "name": name}
        row["values"] = {m.id: number(comparison.value(m, name)) for m in comparison.models}
        if comparison.baseline:
            row["differences"] = {m.id: number(comparison.difference(m, name) or 0) for m in comparison.models}
        rows.append(row)
    rows.append({"level": "total", "name": "I alt", "values": {m.id: number(m.total) for m in comparison.models}})
    document = {
        "cost_per_cluster": number(comparison.cost_per_cluster) if comparison.cost_per_cluster else None,
        "baseline": comparison.baseline,
        "models": [{"id": m.id, "title": m.title, **_extremes_json(comparison, m)} for m in comparison.models],
        "missing": comparison.missing,
        "notes": notes(comparison),
        "rows": rows,
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _extremes_json(comparison: Comparison, model: Model) -> dict[str, Any]:
    (high, high_value), (low, low_value) = comparison.extremes(model)
    return {"highest": {"name": high, "value": number(high_value)}, "lowest": {"name": low, "value": number(low_value)}}


def compare_csv(comparison: Comparison) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    diffs = [f"difference_{m.id}" for m in comparison.models] if comparison.baseline else []
    writer.writerow(["level", "name", *(m.id for m in comparison.models), *diffs])
    for name in comparison.names:
        values = [number(comparison.value(m, name)) for m in comparison.models]
        differences = [number(comparison.difference(m, name) or 0) for m in comparison.models] if diffs else []
        writer.writerow(["municipality", name, *values, *differences])
    writer.writerow(["total", "I alt", *(number(m.total) for m in comparison.models), *([""] * len(diffs))])
    return buffer.getvalue()


def diff_json(result: Diff) -> str:
    def row(change: Change) -> dict[str, Any]:
        pct = None if change.percent is None else float(danish.to_decimal(change.percent, 4))
        old = None if change.old is None else number(change.old)
        new = None if change.new is None else number(change.new)
        return {
            "level": change.level,
            "name": change.label,
            "old": old,
            "new": new,
            "change": number(change.delta),
            "percent": pct,
        }

    document = {
        "rows": [row(c) for c in result.changed],
        "summary": {
            "rows_changed": len(result.changed),
            "rows": len(result.changes),
            "largest": row(result.changed[0]) if result.changed else None,
            "total_before": number(result.total_before),
            "total_after": number(result.total_after),
        },
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
