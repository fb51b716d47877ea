"""The sentences under the compare and diff tables, in the user's language: shared by the tables and the JSON."""

from __future__ import annotations

from ..engine import danish
from ..engine.compare import Comparison, Model
from ..engine.diff import Diff
from ..i18n import _


def notes(comparison: Comparison) -> list[str]:
    """What a reader must know beside the numbers."""
    lines = [_("Model missing: {line}").format(line=line) for line in comparison.missing]
    for a, b in comparison.same_as():
        lines.append(
            _("{model} gives the same amount for every kommune as {other}.").format(model=b.title, other=a.title)
        )
    for model in comparison.models:
        if model.total != model.total_cost:
            total, cost = danish.kroner(model.total), danish.kroner(model.total_cost)
            lines.append(
                _("{model}: the burdens sum to {total} kr., not {cost} kr.").format(
                    model=model.id, total=total, cost=cost
                )
            )
        if not model.receipts_known:
            message = _(
                "{model}: the recipients are not known (medformandskommuner missing);"
                " the burden is what the kommune pays."
            )
            lines.append(message.format(model=model.id))
    lines += [_("Changed: {line}").format(line=line) for line in comparison.settings]
    return lines


def short(model: Model) -> str:
    """'Model 2' from 'Model 2: Klyngen fællesfinansierer ...'."""
    return model.title.split(":", 1)[0] if ":" in model.title else model.id


def summary(result: Diff) -> list[str]:
    changed = result.changed
    lines = [_("{changed} of {rows} rows changed.").format(changed=len(changed), rows=len(result.changes))]
    if changed:
        largest = changed[0]
        change = ("+" if largest.delta > 0 else "") + danish.kroner(largest.delta)
        lines.append(_("Largest change: {row}, {change} kr.").format(row=largest.label, change=change))
    before, after = danish.kroner(result.total_before), danish.kroner(result.total_after)
    lines.append(_("Total before: {before} kr.; after: {after} kr.").format(before=before, after=after))
    return lines
