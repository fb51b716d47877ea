"""The klyngeregnskab as reports: per contributor (budget, spent, unspent, carried over), per initiative and
quarter, per contributor and quarter; and as JSON and CSV for tools (keys and columns never translated)."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from typing import Any

from ..engine import danish
from ..engine.errors import joined
from ..engine.regnskab import QUARTERS, ClusterAccounts, ContributorAccount, Regnskab
from ..i18n import N_, _, ngettext
from .machine import number
from .model import Column, Kind, Line, Report, Value

DOCUMENT = "Afrapportering for arbejdsgruppen for sundhedsklyngeøkonomi (udateret), afsnit D"
QUARTER_HEADINGS = (N_("Q1"), N_("Q2"), N_("Q3"), N_("Q4"))
AMOUNTS = ("budget", "spent", "unspent", "carried", "not_carried")  # ContributorAccount's, and JSON keys


def reports(books: Regnskab) -> list[Report]:
    """The three tables of the regnskab, in the order a reader goes through them."""
    return [by_contributor(books), by_initiative(books), by_quarter(books)]


def _label(cluster: ClusterAccounts) -> str:
    return f"{cluster.name} ({cluster.region})"


def _title(books: Regnskab, what: str) -> str:
    return _("Klyngeregnskab {year} – {what}").format(year=books.year, what=what)


def by_contributor(books: Regnskab) -> Report:
    nxt = books.year + 1
    columns = [
        Column(_("Klynge / contributor"), Kind.text),
        Column(_("Budget")),
        Column(_("Spent")),
        Column(_("Unspent")),
        Column(_("Carried into {year}").format(year=nxt)),
        Column(_("Not carried")),
        Column(_("Commitment"), Kind.text, spare=True),
    ]
    lines: list[Line] = []
    for cluster in books.clusters:
        lines.append(Line((_label(cluster), *_sums(cluster), None), strong=True))
        lines += [Line((a.contributor, *_amounts(a), _committed(a))) for a in cluster.contributors]
        lines[-1] = Line(lines[-1].cells, ends_group=True)
    if len(books.clusters) > 1:
        lines.append(Line((_("Total"), *_sums(books), None), strong=True))
    title = _title(books, _("per contributor"))
    return Report("bidragydere", title, columns, lines, _contributor_notes(books), subtitle=_source(books))


def _amounts(account: ContributorAccount) -> tuple[Decimal, ...]:
    return (account.budget, account.spent, account.unspent, account.carried, account.not_carried)


def _sums(of: ClusterAccounts | Regnskab) -> tuple[Value, ...]:
    return tuple(of.total(name) for name in AMOUNTS)


def _committed(account: ContributorAccount) -> str:
    """One not named in the commitments has not committed: the notes tell it from one that said no."""
    return _("yes") if account.committed else _("no")


def _source(books: Regnskab) -> str:
    return _("Budget: each contributor's contributions under {rule}. Spending: the ledger's entries.").format(
        rule=books.rule
    )


def _contributor_notes(books: Regnskab) -> list[str]:
    nxt = books.year + 1
    notes = [
        _(
            "Spent is the entries net: expenses less income. Unspent is budget less spent; a negative "
            "amount is spending beyond the budget."
        ),
        _(
            "Unspent funds are carried into {next} only where the kommune or region has committed an "
            "equivalent room within the {next} udgiftsloft ({document}); the commitments are an input, "
            "never assumed."
        ).format(next=nxt, document=DOCUMENT),
    ]
    for cluster in books.clusters:
        notes += _cluster_notes(cluster, nxt)
    if books.unbooked:
        notes.append(
            ngettext(
                "{n} klynge of the rule has no entries in the ledger and is not shown.",
                "{n} klynger of the rule have no entries in the ledger and are not shown.",
                books.unbooked,
            ).format(n=books.unbooked)
        )
    return notes


def _cluster_notes(cluster: ClusterAccounts, nxt: int) -> list[str]:
    """Each overspending, and who keeps unspent funds from the carry-over and why, in one note per reason."""
    notes = []
    for a in cluster.contributors:
        if a.unspent < 0:
            message = _("{contributor} has spent {amount} kr. more than its budget for {cluster}.")
            amount = danish.kroner(-a.unspent)
            notes.append(message.format(contributor=a.contributor, amount=amount, cluster=_label(cluster)))
    unnamed = [a for a in cluster.contributors if a.not_carried and a.commitment is None]
    declined = [a for a in cluster.contributors if a.not_carried and a.commitment is not None]
    if unnamed:
        message = _("Not carried into {next} for {cluster}, as no commitment is given: {names}.")
        notes.append(message.format(next=nxt, cluster=_label(cluster), names=_listed(unnamed, with_source=False)))
    if declined:
        message = _("Not carried into {next} for {cluster}, as the room is not committed: {names}.")
        notes.append(message.format(next=nxt, cluster=_label(cluster), names=_listed(declined, with_source=True)))
    return notes


def _listed(accounts: list[ContributorAccount], with_source: bool) -> str:
    parts = []
    for a in accounts:
        amount = _("{amount} kr.").format(amount=danish.kroner(a.not_carried))
        source = f"; {a.commitment.source}" if with_source and a.commitment else ""
        parts.append(f"{a.contributor} ({amount}{source})")
    return joined(parts)


def by_initiative(books: Regnskab) -> Report:
    columns = [Column(_("Klynge / initiative"), Kind.text), *_quarter_columns(), Column(_("Total"))]
    lines: list[Line] = []
    for cluster in books.clusters:
        per_quarter = [sum((q[n] for q in cluster.initiatives.values()), Decimal(0)) for n in QUARTERS]
        lines.append(Line((_label(cluster), *per_quarter, sum(per_quarter, Decimal(0))), strong=True))
        for name, quarters in cluster.initiatives.items():
            lines.append(Line((name, *quarters.values(), sum(quarters.values(), Decimal(0)))))
        lines[-1] = Line(lines[-1].cells, ends_group=True)
    notes = [_("Spending per initiative (indsats) and quarter of the date booked, net of income.")]
    return Report("indsatser", _title(books, _("per initiative")), columns, lines, notes, subtitle=_source(books))


def by_quarter(books: Regnskab) -> Report:
    columns = [Column(_("Klynge / contributor"), Kind.text), *_quarter_columns(), Column(_("Total"))]
    lines: list[Line] = []
    for cluster in books.clusters:
        per_quarter = [sum(cluster.quarters[n].values(), Decimal(0)) for n in QUARTERS]
        lines.append(Line((_label(cluster), *per_quarter, sum(per_quarter, Decimal(0))), strong=True))
        for account in cluster.contributors:
            spent = [cluster.quarters[n].get(account.contributor, Decimal(0)) for n in QUARTERS]
            lines.append(Line((account.contributor, *spent, sum(spent, Decimal(0)))))
        lines[-1] = Line(lines[-1].cells, ends_group=True)
    notes = [_("Spending per contributor and quarter of the date booked, net of income.")]
    return Report("kvartaler", _title(books, _("per quarter")), columns, lines, notes, subtitle=_source(books))


def _quarter_columns() -> list[Column]:
    return [Column(_(heading)) for heading in QUARTER_HEADINGS]


# --- For tools --------------------------------------------------------------------------------------

CSV_COLUMNS = (
    "cluster", "cluster_name", "region", "contributor", "kind",
    "budget", "spent", "unspent", "committed", "carried", "not_carried",
)  # fmt: skip


def to_json(books: Regnskab) -> str:
    """Every klynge with its contributors, initiatives and quarters; amounts as exact decimal strings."""
    out = {
        "rule": books.rule,
        "year": books.year,
        "carried_into": books.year + 1,
        "totals": _totals(books),
        "clusters": [_cluster_json(cluster) for cluster in books.clusters],
    }
    return json.dumps(out, ensure_ascii=False, indent=2) + "\n"


def _totals(of: ClusterAccounts | Regnskab) -> dict[str, int | float]:
    return {name: number(of.total(name), 2) for name in AMOUNTS}


def _cluster_json(cluster: ClusterAccounts) -> dict[str, Any]:
    return {
        "id": cluster.cluster,
        "name": cluster.name,
        "region": cluster.region,
        "totals": _totals(cluster),
        "contributors": [_account_json(a) for a in cluster.contributors],
        "initiatives": [
            {"initiative": name, "quarters": {f"Q{q}": number(v, 2) for q, v in quarters.items()}}
            for name, quarters in cluster.initiatives.items()
        ],
        "quarters": {f"Q{q}": {k: number(v, 2) for k, v in spent.items()} for q, spent in cluster.quarters.items()},
    }


def _account_json(a: ContributorAccount) -> dict[str, Any]:
    out: dict[str, Any] = {"contributor": a.contributor, "kind": a.kind}
    out.update({name: number(value, 2) for name, value in zip(AMOUNTS, _amounts(a), strict=True)})
    out["committed"] = a.committed
    out["commitment_source"] = a.commitment.source if a.commitment else None
    return out


def _plain(amount: Decimal) -> str:
    """Kroner as a program reads them, the same however the entries were written: 2100000, 154999.50."""
    return str(int(amount)) if amount == amount.to_integral_value() else f"{amount.quantize(Decimal('0.01')):f}"


def to_csv(books: Regnskab) -> str:
    """A row per contributor in each klynge: the regnskab's core, for a spreadsheet or another program."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for cluster in books.clusters:
        for a in cluster.contributors:
            head = (cluster.cluster, cluster.name, cluster.region, a.contributor, a.kind)
            budget, spent, unspent, carried, not_carried = map(_plain, _amounts(a))
            writer.writerow([*head, budget, spent, unspent, str(a.committed).lower(), carried, not_carried])
    return buffer.getvalue()


def workbook(books: Regnskab) -> bytes:
    """A sheet per table, each laid out as calc's single sheet (report/xlsx.py)."""
    from . import xlsx

    return xlsx.workbook_of(reports(books))
