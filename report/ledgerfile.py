"""A ledger as a file: YAML (``kind: ledger``) or the ``;``-separated CSV that Danish Excel opens, both as
engine/ledger.py reads them back. Keys and CSV columns are machine names, never translated."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

from ..engine.ledger import COLUMNS, OPTIONAL_COLUMNS
from ..engine.ledgermodels import Ledger
from .excelcsv import BOM


def _quoted(text: str) -> str:
    # A JSON string is a YAML double-quoted scalar: no text of a person's can break the file.
    return json.dumps(text, ensure_ascii=False)


def _amount(amount: Decimal) -> str:
    return f"{amount:f}"


def ledger_yaml(ledger: Ledger) -> str:
    lines = [
        "kind: ledger",
        f"id: {ledger.id}",
        f"title: {_quoted(ledger.title)}",
        f"year: {ledger.year}",
    ]
    if ledger.note:
        lines.append(f"note: {_quoted(ledger.note)}")
    lines.append("entries:")
    for entry in ledger.entries:
        lines += [
            f"  - date: {entry.date}",
            f"    cluster: {entry.cluster}",
            f"    contributor: {_quoted(entry.contributor)}",
            f"    account: {_quoted(entry.account)}",
            f"    initiative: {_quoted(entry.initiative)}",
            f"    amount: {_amount(entry.amount)}",
        ]
        if entry.text:
            lines.append(f"    text: {_quoted(entry.text)}")
    return "\n".join(lines) + "\n"


def ledger_csv(ledger: Ledger) -> str:
    """Danish notation (a decimal comma, no thousands separator), a byte order mark so Excel reads UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([*COLUMNS, *OPTIONAL_COLUMNS])
    for e in ledger.entries:
        amount = _amount(e.amount).replace(".", ",")
        writer.writerow([e.date, e.cluster, e.contributor, e.account, e.initiative, amount, e.text or ""])
    return BOM + out.getvalue()
