"""``klynge explain --format json``: one row's trace for tools and audits, with klynge's version and a
checksum of every file the result was computed from, so that an auditor can tell it is the same."""

from __future__ import annotations

import hashlib
from fractions import Fraction
from pathlib import Path
from typing import Any

from ..engine.result import Row
from ..engine.trace import CellTrace, Quota
from .explain import Context, find_row, rounding_line


def trace_json(context: Context, name: str, pot_id: str | None = None) -> dict[str, Any]:
    """The row's cells as computed (every step with exact numbers), and what they were computed from."""
    from .. import version

    result = context.result
    row = find_row(result, name)
    pots = [p for p in result.plan.pots if pot_id in (None, p.id)]
    return {
        "klynge": version(),
        "rule": result.rule.id,
        "title": result.rule.title,
        "row": _row(row),
        "pots": [{"id": p.id, "title": p.title, "cell": _cell(row.trace[p.id])} for p in pots],
        "rounding": {
            "method": result.rounding.method.value,
            "unit": exact(Fraction(result.rounding.unit)),
            "totals": result.rounding.convention.value,
        },
        "total": _cell(row.total) if row.total else None,
        "rounding_text": rounding_line(result),
        "inputs": [{"path": str(path), "sha256": _sha256(path)} for path in inputs(context)],
    }


def exact(value: Fraction) -> int | str:
    """A whole number as a number; any other as 'numerator/denominator', exactly."""
    return value.numerator if value.denominator == 1 else f"{value.numerator}/{value.denominator}"


def _row(row: Row) -> dict[str, Any]:
    key = {"level": row.key.level, "id": row.key.id, "cluster": row.key.cluster or None}
    where = {"region": row.region, "cluster": row.cluster}
    return {"level": row.level, "name": row.name, "label": row.label, "key": key, **where, "basis": exact(row.basis)}


def _cell(cell: CellTrace) -> dict[str, Any]:
    return {
        "kind": cell.kind,
        "steps": [_step(step) for step in cell.steps],
        "exact": exact(cell.exact),
        "amount": exact(Fraction(cell.amount)),
        "totals": cell.totals,  # a total: 'exact' (rounded from its exact value) or 'sum'; null for a share
    }


def _step(step: Quota) -> dict[str, Any]:
    numbers = {"whole": step.whole, "basis": step.basis, "of_basis": step.of_basis, "exact": step.exact}
    return {"of": step.scope, "to": step.to or None, "by_key": step.by_key, **{k: exact(v) for k, v in numbers.items()}}


def inputs(context: Context) -> list[Path]:
    """The rule file and every base it was merged with, the dataset, the registry and the parameters files."""
    doc = context.loaded.doc
    files = [doc.path, *doc.origin.values()]
    data = context.data
    files.append(data.datasets[context.result.dataset.id].doc.path)
    files += [r.doc.path for r in data.registries.values()] + [p.doc.path for p in data.parameters.values()]
    files += [data.region_keys[k.key_data.id].doc.path for k in context.result.plan.pots if k.key_data is not None]
    return [Path(p) for p in dict.fromkeys(files)]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
