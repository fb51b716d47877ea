"""``klynge diff``: what a change to a rule does to every row, largest change first.

A diff is information, not failure: the command exits 0 whatever it finds.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from .result import Result, Row


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
