"""What every file format of klynge shares: text, ids, amounts, a source, and a kommune that may count
with part of its indbyggertal. ``engine.models`` (rules) and ``engine.datamodels`` (data files) build on it."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..i18n import N_

Text = Annotated[str, Field(min_length=1)]
# Regions are data, not code: a registry declares the regions of its period (from 2027 Region Sjælland and
# Region Hovedstaden are one region), and the checks hold datasets, registries and keys to one another.
RegionName = Annotated[str, Field(min_length=1, description=N_("A region's name, e.g. Region Hovedstaden."))]
Year = Annotated[int, Field(ge=1970, le=2100, description=N_("A year, e.g. 2022."))]
Identifier = Annotated[
    str,
    Field(
        pattern=r"^[a-z0-9][a-z0-9-]*[a-z0-9]$|^[a-z0-9]$",
        description=N_("Lower-case letters, digits and hyphens, e.g. sekretariat-syd-2022."),
    ),
]
DatasetId = Annotated[
    str,
    Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9-]*$", description=N_("Dataset id, e.g. folk1a-2022K1.")),
]
# Below 10^15 kr.: amounts stay within exact Decimal arithmetic (28 digits) with room for øre.
Kroner = Annotated[Decimal, Field(gt=0, lt=10**15, description=N_("An amount in kroner (kr.), greater than 0."))]


class Strict(BaseModel):
    __doc__ = N_(
        "Every model rejects unknown keys: a misspelt key is an error, never silently ignored."
    )  # the schema describes this part of a file with it

    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(Strict):
    __doc__ = N_(
        "Where a number comes from: a document and, where it helps, its section or table."
    )  # the schema describes this part of a file with it

    document: Text = Field(
        description=N_("The document as its issuer titled it, with issuer and date where it gives them.")
    )
    section: Text | None = Field(None, description=N_("Section or heading in the document."))
    table: Text | None = Field(None, description=N_("Table in the document, e.g. 'Bilag 1, Tabel 1'."))
    note: Text | None = Field(None, description=N_("Anything a reader needs to check the number."))


KeyValue = Annotated[Decimal, Field(gt=0)]
# A file with the id of a file klynge ships replaces it only when it says so.
ReplacesShipped = Annotated[
    bool,
    Field(
        description=N_(
            "This file has the id of a file klynge ships, and is to be used instead of it "
            "(without this, two files with one id are an error)."
        )
    ),
]
ParameterName = Annotated[
    str, Field(pattern=r"^[a-z][a-z0-9_]*$", description=N_("Parameter name: lower case and underscores."))
]


class Weighted(Strict):
    __doc__ = N_(
        "A kommune that may count with only part of its indbyggertal."
    )  # the schema describes this part of a file with it

    municipality: Text = Field(description=N_("Municipality name as in the dataset."))
    weight: Annotated[Decimal, Field(ge=0, le=1)] | None = Field(
        None, description=N_("Share of the population that counts, 0..1 (e.g. 0.5 when in two clusters).")
    )
    weight_reason: Text | None = Field(None, description=N_("Why the weight applies (required with weight)."))
    note: Text | None = None

    @model_validator(mode="after")
    def _reasons_given(self) -> Weighted:
        for value, reasons in DEPENDENT_REQUIRED.get(type(self).__name__, {}).items():
            for reason in reasons:
                if getattr(self, value) is not None and getattr(self, reason) is None:
                    raise ValueError(f"'{value}' needs '{reason}'")
        return self


DEPENDENT_REQUIRED: dict[str, dict[str, list[str]]] = {
    "Member": {"weight": ["weight_reason"], "basis": ["basis_reason"]},
    "ClusterMember": {"weight": ["weight_reason"]},
}
