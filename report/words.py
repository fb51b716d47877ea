"""The sentences under the compare and diff tables, in Danish: shared by the tables and the JSON."""

from __future__ import annotations

from ..engine import danish
from ..engine.compare import Comparison, Model
from ..engine.diff import Diff


def notes(comparison: Comparison) -> list[str]:
    """What a reader must know beside the numbers, in Danish."""
    lines = [f"Model mangler: {line}" for line in comparison.missing]
    for a, b in comparison.same_as():
        lines.append(f"{b.title} giver samme beløb for hver kommune som {a.title}.")
    for model in comparison.models:
        if model.total != model.total_cost:
            total, cost = danish.kroner(model.total), danish.kroner(model.total_cost)
            lines.append(f"{model.id}: byrderne summerer til {total} kr., ikke {cost} kr.")
        if not model.receipts_known:
            lines.append(
                f"{model.id}: modtagerne kendes ikke (medformandskommuner mangler); byrden er det, kommunen betaler."
            )
    lines += [f"Ændret: {line}" for line in comparison.settings]
    return lines


def short(model: Model) -> str:
    """'Model 2' from 'Model 2: Klyngen fællesfinansierer ...'."""
    return model.title.split(":", 1)[0] if ":" in model.title else model.id


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
