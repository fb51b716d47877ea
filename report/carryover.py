"""A carry-over file (``kind: carry_over``) as YAML: what a 2023 rule reads with ``amount: {carried: ID}``.
Keys are machine names, never translated; the title and the note are in the user's language."""

from __future__ import annotations

import json

from ..engine.ledgermodels import CarryOver
from ..i18n import _


def _quoted(text: str) -> str:
    # A JSON string is a YAML double-quoted scalar: no name or text can break the file.
    return json.dumps(text, ensure_ascii=False)


def carry_over_yaml(carried: CarryOver) -> str:
    source = carried.source
    lines = [
        "# " + _("Written by 'klynge regnskab --carry-over' from the ledger and the commitments; do not edit by hand."),
        "kind: carry_over",
        f"id: {carried.id}",
        f"title: {_quoted(carried.title)}",
        f"year: {carried.year}",
        "source:",
        f"  rule: {_quoted(source.rule)}",
        f"  ledger: {_quoted(source.ledger)}",
    ]
    if source.commitments:
        lines.append(f"  commitments: {_quoted(source.commitments)}")
    if source.note:
        lines.append(f"  note: {_quoted(source.note)}")
    lines.append("amounts:" if carried.amounts else "amounts: {}")
    for cluster, by_contributor in carried.amounts.items():
        lines.append(f"  {cluster}:")
        lines += [f"    {_quoted(name)}: {amount:f}" for name, amount in by_contributor.items()]
    return "\n".join(lines) + "\n"
