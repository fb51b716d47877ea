"""The klyngeregnskab's input files as pydantic models: a ledger of spending (kind: ledger) and the
contributors' commitments to carry unspent funds into the next year (kind: commitments).

Self-contained on purpose: ``engine.models`` imports this module for its FILE_KINDS, so nothing here may
import ``engine.models`` (the two would need each other half-loaded). The base config and the few
annotated types repeat those of models.py.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..i18n import N_

Text = Annotated[str, Field(min_length=1)]
LedgerId = Annotated[
    str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9-]*$", description=N_("File id, e.g. regnskab-syd-2022."))
]
ClusterId = Annotated[
    str,
    Field(
        pattern=r"^[a-z0-9][a-z0-9-]*[a-z0-9]$|^[a-z0-9]$",
        description=N_("The klynge's id in the cluster registry, e.g. hovedstaden-syd."),
    ),
]
Year = Annotated[int, Field(ge=1970, le=2100, description=N_("The year of the accounts, e.g. 2022."))]
# Only the form: klynge does not know the kommunale or the regionale kontoplan, only that an account
# there is written as groups of digits separated by dots.
ACCOUNT_PATTERN = r"^[0-9]{1,4}(\.[0-9]{1,4}){1,7}$"
Account = Annotated[
    str,
    Field(
        pattern=ACCOUNT_PATTERN,
        description=N_(
            "The account in the kommunale or regionale kontoplan, as groups of digits separated by dots, "
            "e.g. 4.62.90.1; klynge checks the form only, not that the account exists."
        ),
    ),
]
ISO_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
# Below 10^13 kr. with at most øre: every sum of a ledger stays exact in Decimal's 28 digits.
Amount = Annotated[
    Decimal,
    Field(
        gt=-(10**13),
        lt=10**13,
        description=N_("Kroner, exact (at most two decimals); positive for an expense, negative for an income."),
    ),
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LedgerEntry(_Strict):
    __doc__ = N_("One expense or income of a klynge's initiative, booked by one contributor.")

    date: str = Field(pattern=ISO_DATE, description=N_("The date booked, as YYYY-MM-DD, e.g. 2022-09-30."))
    cluster: ClusterId
    contributor: Text = Field(
        description=N_("The kommune or region that booked it, as the rule names it, e.g. Hvidovre, Region Hovedstaden.")
    )
    account: Account
    initiative: Text = Field(description=N_("The initiative (indsats) the money went to, e.g. Akutområdet."))
    amount: Amount
    text: Text | None = Field(None, description=N_("What was bought or received."))


class Ledger(_Strict):
    __doc__ = N_(
        "A klynge's spending in one year (a klyngeregnskab's entries): read by 'klynge regnskab --ledger'."
    )  # the schema describes this part of a file with it

    kind: Literal["ledger"] = Field(description=N_("Always 'ledger' for a ledger file."))
    id: LedgerId
    title: Text
    year: Year
    note: Text | None = Field(None, description=N_("Anything a reader needs to know about the entries."))
    entries: list[LedgerEntry] = Field(min_length=1)


class Commitment(_Strict):
    __doc__ = N_(
        "Whether one contributor has committed an equivalent room under next year's expenditure ceiling."
    )  # the schema describes this part of a file with it

    contributor: Text = Field(description=N_("The kommune or region, as the rule names it."))
    committed: bool = Field(
        description=N_(
            "true: it has committed the room within next year's udgiftsloft, so its unspent funds are carried over."
        )
    )
    source: Text = Field(description=N_("Where it is decided, e.g. the byråd's or regionsråd's decision and its date."))


class Commitments(_Strict):
    __doc__ = N_(
        "The contributors that have committed room under next year's ceiling; one not named has not."
    )  # the schema describes this part of a file with it

    kind: Literal["commitments"] = Field(description=N_("Always 'commitments' for a commitments file."))
    id: LedgerId
    title: Text
    year: Year = Field(description=N_("The year the unspent funds come from, e.g. 2022 (carried into 2023)."))
    commitments: list[Commitment] = Field(min_length=1)


class CarriedRef(_Strict):
    __doc__ = N_(
        "An amount taken from a carry-over file: the funds carried into this year by a klyngeregnskab."
    )  # the schema describes this part of a file with it

    carried: LedgerId = Field(description=N_("The id of a carry_over file, e.g. overfoert-2022."))


class CarrySource(_Strict):
    __doc__ = N_("The klyngeregnskab the carried amounts come from.")  # the schema describes this part with it

    rule: Text = Field(description=N_("The rule whose contributions are the budget, e.g. opstartsmidler-2022."))
    ledger: Text = Field(description=N_("The id of the ledger the spending comes from (a CSV ledger: its file name)."))
    commitments: Text | None = Field(None, description=N_("The id of the commitments file, if any."))
    note: Text | None = Field(None, description=N_("Anything a reader needs to know about the amounts."))


# Carried amounts are what was unspent and committed: above 0, at most øre, below 10^13 kr. like an entry.
Carried = Annotated[Decimal, Field(gt=0, lt=10**13, description=N_("The carried amount in kr., exact."))]


class CarryOver(_Strict):
    __doc__ = N_(
        "Unspent funds carried into the next year, per klynge and contributor: written by "
        "'klynge regnskab --carry-over', read by a rule's pot with amount: {carried: ID}."
    )  # the schema describes this part of a file with it

    kind: Literal["carry_over"] = Field(description=N_("Always 'carry_over' for a carry-over file."))
    id: LedgerId
    title: Text
    year: Year = Field(description=N_("The year the unspent funds come from, e.g. 2022 (carried into 2023)."))
    source: CarrySource
    amounts: dict[ClusterId, dict[Text, Carried]] = Field(
        description=N_(
            "Klynge id: contributor: the carried amount in kr.; a klynge or contributor not named carries 0."
        )
    )

    def total(self, cluster: str | None = None) -> Decimal:
        """The carried sum of one klynge, or of every klynge (0 for a klynge not named)."""
        chosen = [self.amounts.get(cluster, {})] if cluster is not None else list(self.amounts.values())
        return sum((amount for by_contributor in chosen for amount in by_contributor.values()), Decimal(0))
