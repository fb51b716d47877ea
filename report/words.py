"""The sentences under the compare and diff tables, in the user's language: shared by the tables and the JSON."""

from __future__ import annotations

from ..engine import danish
from ..engine.compare import Comparison, Keys, Model
from ..engine.diff import Diff
from ..engine.models import PayoutKey
from ..i18n import N_, _

# Marked here, translated where the note is made (the language is chosen after import).
PAYOUT_KEYS = {
    PayoutKey.cost: N_("each klynge's own cost"),
    PayoutKey.equal: N_("equal parts per klynge"),
    PayoutKey.members: N_("the klynge's number of member kommuner"),
    PayoutKey.population: N_("the klynge's indbyggertal"),
    PayoutKey.table: N_("a table of amounts per klynge"),
}


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
    lines += [keys_line(model, model.keys) for model in comparison.models if model.keys is not None]
    lines += [_("Changed: {line}").format(line=line) for line in comparison.settings]
    return lines


def keys_line(model: Model, keys: Keys) -> str:
    """How a model collects and pays out, e.g. 'Model 3: collected from all kommuner by indbyggertal
    (folk1a-2022K1); paid out by: each klynge's own cost.'"""
    if keys.collected == "co_chair":
        return _("{model}: each medformandskommune pays its klynge's secretariat alone.").format(model=short(model))
    if keys.collected == "cluster":
        line = _("{model}: collected within each klynge by indbyggertal ({dataset}); paid to its medformandskommune.")
    elif keys.paid_to == "joint_secretariat":
        line = _(
            "{model}: collected from all kommuner by indbyggertal ({dataset});"
            " paid to Det fælleskommunale Sundhedssekretariat."
        )
    elif keys.payout is not None:
        line = _("{model}: collected from all kommuner by indbyggertal ({dataset}); paid out by: {key}.")
    else:
        line = _("{model}: collected from all kommuner by indbyggertal ({dataset}).")
    key = _(PAYOUT_KEYS[keys.payout]) if keys.payout is not None else ""
    return line.format(model=short(model), dataset=keys.dataset, key=key)


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
