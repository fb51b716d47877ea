"""The rule and dataset formats as pydantic models: the single definition of both.

The JSON Schema files in ``schemas/`` are generated from these models (``engine.schema``), and a
test fails when the committed files drift from them. Numbers that become kroner are ``Decimal``.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

REGIONS = (
    "Region Hovedstaden",
    "Region Sjælland",
    "Region Syddanmark",
    "Region Midtjylland",
    "Region Nordjylland",
)

Text = Annotated[str, Field(min_length=1)]
Identifier = Annotated[
    str,
    Field(
        pattern=r"^[a-z0-9][a-z0-9-]*[a-z0-9]$|^[a-z0-9]$",
        description="Lower-case letters, digits and hyphens, e.g. sekretariat-syd-2022.",
    ),
]
DatasetId = Annotated[
    str,
    Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9-]*$", description="Dataset id, e.g. folk1a-2022K1."),
]
Kroner = Annotated[Decimal, Field(gt=0, description="An amount in kroner (kr.), greater than 0.")]


class Strict(BaseModel):
    """Every model rejects unknown keys: a misspelt key is an error, never silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(Strict):
    """Where a number comes from: a document and, where it helps, its section or table."""

    document: Text = Field(description="The document, e.g. a memo's title and its file name.")
    section: Text | None = Field(None, description="Section or heading in the document.")
    table: Text | None = Field(None, description="Table in the document, e.g. 'Bilag 1, Tabel 1'.")
    note: Text | None = Field(None, description="Anything a reader needs to check the number.")


# --- Population datasets -------------------------------------------------------------------


class Municipality(Strict):
    """One kommune and its indbyggertal (population) in the dataset's period."""

    code: int = Field(ge=101, le=999, description="Three-digit municipality code (kommunekode).")
    name: Text = Field(description="Municipality name as Danmarks Statistik writes it.")
    region: Literal[REGIONS] = Field(description="The region the municipality lies in.")  # type: ignore[valid-type]
    population: int = Field(ge=0, description="Indbyggertal: inhabitants on the period's first day.")


class DatasetChecks(Strict):
    """Totals published with the data; validation recomputes them from the rows."""

    municipalities: int | None = Field(None, ge=1, description="Number of municipality rows.")
    total: int | None = Field(None, ge=0, description="Sum of all municipalities' populations.")
    regions: dict[str, int] | None = Field(None, description="Sum of population per region.")
    source: Source | None = None


class PopulationDataset(Strict):
    """Indbyggertal of the municipalities for one period (e.g. FOLK1A, 2022K1)."""

    kind: Literal["population"] = Field(description="Always 'population' for a population dataset.")
    id: DatasetId
    title: Text
    period: Annotated[str, Field(pattern=r"^\d{4}K[1-4]$", description="Quarter, e.g. 2022K1.")]
    source: Source
    checks: DatasetChecks | None = None
    municipalities: list[Municipality] = Field(min_length=1)


# --- Rules -----------------------------------------------------------------------------------


class RoundingMethod(StrEnum):
    nearest = "nearest"
    largest_remainder = "largest_remainder"


class TieBreak(StrEnum):
    larger_basis_then_name = "larger_basis_then_name"
    name = "name"


class Rounding(Strict):
    """How exact amounts become whole units: once, at the end."""

    method: RoundingMethod = Field(
        description=(
            "'nearest': each amount rounded on its own (half away from zero), as many "
            "publications do; the sum may miss the pot by a few units and the output says so. "
            "'largest_remainder': amounts always sum exactly to the pot."
        ),
    )
    unit: Kroner = Field(Decimal(1), description="Rounding unit in kr.; 1 means whole kroner.")
    tie_break: TieBreak = Field(
        TieBreak.larger_basis_then_name,
        description=(
            "largest_remainder only: who gets the last unit when remainders are equal. "
            "'larger_basis_then_name': the larger basis first, then by name; 'name': by name."
        ),
    )


class Pot(Strict):
    """A sum of money (pulje) to be split among the members."""

    id: Identifier
    title: Text = Field(description="What the pot pays for, e.g. '½ årsværk'.")
    amount: Kroner
    source: Source


class Basis(Strict):
    """The key the pots are split by: each member's indbyggertal in a dataset."""

    dataset: DatasetId = Field(description="Id of a population dataset, e.g. folk1a-2022K1.")


class Member(Strict):
    """A kommune taking part in the split, with its weight or basis override if it has one."""

    municipality: Text = Field(description="Municipality name as in the dataset.")
    weight: Annotated[Decimal, Field(ge=0, le=1)] | None = Field(
        None, description="Share of the population that counts, 0..1 (e.g. 0.5 when in two clusters)."
    )
    weight_reason: Text | None = Field(None, description="Why the weight applies (required with weight).")
    basis: Annotated[Decimal, Field(ge=0)] | None = Field(
        None, description="Indbyggertal to use instead of the dataset's (e.g. only some districts)."
    )
    basis_reason: Text | None = Field(None, description="Why the basis is overridden (required with basis).")
    basis_source: Source | None = Field(None, description="Where the override's number comes from.")
    note: Text | None = None

    @model_validator(mode="after")
    def _reasons_given(self) -> Member:
        for value, reason in (("weight", "weight_reason"), ("basis", "basis_reason")):
            if getattr(self, value) is not None and getattr(self, reason) is None:
                raise ValueError(f"'{value}' needs '{reason}'")
        return self


class Rule(Strict):
    """A cost-sharing key: pots split among members by a basis, rounded by a declared policy."""

    kind: Literal["rule"] = Field(description="Always 'rule' for a rule file.")
    id: Identifier
    title: Text
    source: Source
    basis: Basis
    pots: list[Pot] = Field(min_length=1)
    rounding: Rounding
    members: list[Member] = Field(min_length=1)


FILE_KINDS: dict[str, type[BaseModel]] = {"rule": Rule, "population": PopulationDataset}
"""The value of a file's ``kind`` key and the model that reads it."""

DEPENDENT_REQUIRED: dict[str, dict[str, list[str]]] = {
    "Member": {"weight": ["weight_reason"], "basis": ["basis_reason"]},
}


def schema_extras(model_name: str) -> dict[str, Any]:
    """Constraints the models enforce in validators, stated in the schema as well."""
    deps = DEPENDENT_REQUIRED.get(model_name)
    return {"dependentRequired": deps} if deps else {}
