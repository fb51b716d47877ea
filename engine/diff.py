"""``klynge diff``: what a change to a rule does to every row, largest change first.

A diff is information, not failure: the command exits 0 whatever it finds.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from . import danish
from .calc import Result, Row
from .render import number


@dataclass(frozen=True)
class Change:
    level: str
    label: str
    old: Decimal | None
    new: Decimal | None

    @property
    def delta(self) -> Decimal:
        return (self.new or Decimal(0)) - (self.old or Decimal(0))

    @property
    def percent(self) -> Fraction | None:
        return None if not self.old else Fraction(self.delta) / Fraction(self.old) * 100


@dataclass(frozen=True)
class Diff:
    old_title: str
    new_title: str
    changes: list[Change]  # every row, largest change first
    total_before: Decimal
    total_after: Decimal

    @property
    def changed(self) -> list[Change]:
        return [c for c in self.changes if c.delta or c.old is None or c.new is None]


def diff(old: Result, new: Result) -> Diff:
    """Rows matched by level and label (a klynge with its region), sorted by the size of the change."""
    before = {(r.level, r.label): r for r in old.rows if r.level != "total"}
    after = {(r.level, r.label): r for r in new.rows if r.level != "total"}
    keys = [*before, *(k for k in after if k not in before)]
    changes = [Change(k[0], k[1], _amount(before.get(k)), _amount(after.get(k))) for k in keys]
    changes.sort(key=lambda c: (-abs(c.delta), c.label))
    return Diff(old.rule.title, new.rule.title, changes, _total(old), _total(new))


def _amount(row: Row | None) -> Decimal | None:
    return None if row is None else row.amount


def _total(result: Result) -> Decimal:
    return next(r.amount for r in result.rows if r.level == "total")


def summary(result: Diff) -> list[str]:
    changed = result.changed
    lines = [f"{len(changed)} af {len(result.changes)} rækker ændret."]
    if changed:
        largest = changed[0]
        lines.append(
            f"Største ændring: {largest.label}, {'+' if largest.delta > 0 else ''}{danish.kroner(largest.delta)} kr."
        )
    lines.append(f"I alt før: {danish.kroner(result.total_before)} kr.; efter: {danish.kroner(result.total_after)} kr.")
    return lines


def to_json(result: Diff) -> str:
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
