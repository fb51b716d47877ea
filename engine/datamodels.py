"""The data files as pydantic models: population datasets, cluster registries, region keys and
parameters files. The JSON Schema files in ``schemas/`` are generated from them (``engine.schema``)."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field, WithJsonSchema

from ..i18n import N_
from .basemodels import (
    DatasetId,
    Identifier,
    KeyValue,
    ParameterName,
    RegionName,
    ReplacesShipped,
    Source,
    Strict,
    Text,
    Weighted,
    Year,
)

# --- Population datasets -------------------------------------------------------------------


class Municipality(Strict):
    __doc__ = N_(
        "One kommune and its indbyggertal (population) in the dataset's period."
    )  # the schema describes this part of a file with it

    code: int = Field(ge=101, le=999, description=N_("Three-digit municipality code (kommunekode)."))
    name: Text = Field(description=N_("Municipality name as Danmarks Statistik writes it."))
    region: RegionName = Field(description=N_("The region the municipality lies in."))
    population: int = Field(ge=0, description=N_("Indbyggertal: inhabitants on the period's first day."))


class DatasetChecks(Strict):
    __doc__ = N_(
        "Totals published with the data; validation recomputes them from the rows."
    )  # the schema describes this part of a file with it

    municipalities: int | None = Field(None, ge=1, description=N_("Number of municipality rows."))
    total: int | None = Field(None, ge=0, description=N_("Sum of all municipalities' populations."))
    regions: dict[RegionName, int] | None = Field(None, description=N_("Sum of population per region."))
    source: Source | None = None


class PopulationDataset(Strict):
    __doc__ = N_(
        "Indbyggertal of the municipalities for one period (e.g. FOLK1A, 2022K1)."
    )  # the schema describes this part of a file with it

    kind: Literal["population"] = Field(description=N_("Always 'population' for a population dataset."))
    id: DatasetId
    replaces_shipped: ReplacesShipped = False
    title: Text
    period: Annotated[str, Field(pattern=r"^\d{4}K[1-4]$", description=N_("Quarter, e.g. 2022K1."))]
    source: Source
    checks: DatasetChecks | None = None
    municipalities: list[Municipality] = Field(min_length=1)


# --- Rules -----------------------------------------------------------------------------------


class Participation(StrEnum):
    full = "full"
    partial = "partial"
    administrative = "administrative"
    non_contributing = "non_contributing"


CONTRIBUTING = (Participation.full, Participation.partial)


class ClusterMember(Weighted):
    __doc__ = N_(
        "A kommune's membership of one klynge, as Tabel 2 and its footnotes give it."
    )  # the schema describes this part of a file with it

    participation: Participation = Field(
        Participation.full,
        description=N_(
            "'full': member that contributes; 'partial' (*): political and administrative, with part of its "
            "population (give weight); 'administrative' (**): administrative only, no contribution; "
            "'non_contributing' (***): political and administrative, no contribution."
        ),
    )


class Cluster(Strict):
    __doc__ = N_("One sundhedsklynge and its member kommuner.")  # the schema describes this part of a file with it

    id: Identifier = Field(description=N_("Unique id, e.g. hovedstaden-syd (names repeat across regions)."))
    name: Text = Field(description=N_("Name as in the source table, e.g. 'Klynge Syd'."))
    members: list[Text | ClusterMember] = Field(
        min_length=1, description=N_("Kommuner: a name for a full member, or a mapping with participation and weight.")
    )
    note: Text | None = Field(None, description=N_("Anything a reader needs to check the membership."))


class RegionClusters(Strict):
    region: RegionName
    clusters: list[Cluster] = Field(min_length=1)


class ClusterRegistry(Strict):
    __doc__ = N_(
        "The regions, their sundhedsklynger, and each klynge's kommuner with their participation."
    )  # the schema describes this part of a file with it

    kind: Literal["clusters"] = Field(description=N_("Always 'clusters' for a cluster registry."))
    id: DatasetId
    replaces_shipped: ReplacesShipped = False
    title: Text
    period: Year = Field(description=N_("The year the registry describes, e.g. 2022."))
    region_names: list[RegionName] = Field(
        min_length=1, description=N_("The regions of the period; each section under regions names one of them.")
    )
    source: Source
    regions: list[RegionClusters] = Field(min_length=1)


class RegionKeyData(Strict):
    __doc__ = N_(
        "A key per region for one period (e.g. the regions' bloktilskudsnøgle for sundhed), used by by_region."
    )  # the schema describes this part of a file with it

    kind: Literal["region_key"] = Field(description=N_("Always 'region_key' for a region key file."))
    id: DatasetId
    replaces_shipped: ReplacesShipped = False
    title: Text
    period: Year = Field(description=N_("The year the key is for, e.g. 2022."))
    unit: Text = Field(description=N_("What the values are, e.g. 'kr.' or 'andel'."))
    source: Source
    values: dict[RegionName, KeyValue] = Field(
        min_length=1, description=N_("Region name: its key value (positive; relative, need not sum to anything).")
    )


# --- Checking against published tables -------------------------------------------------------


# Left empty (null) is how a value reads before someone fills it in, so null is allowed here.
ParameterValue = Annotated[
    Annotated[Decimal, Field(gt=0, lt=10**15)]
    | DatasetId
    | dict[str, Annotated[Decimal, Field(gt=0, lt=10**15)] | Text | None]
    | None,
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 10**15},
                {"type": "string", "minLength": 1},
                {
                    "type": "object",
                    "additionalProperties": {
                        "anyOf": [
                            {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 10**15},
                            {"type": "string", "minLength": 1},
                            {"type": "null"},
                        ]
                    },
                },
                {"type": "null"},
            ],
            "description": N_(
                "An amount, a dataset id, a mapping cluster id: kommune (co_chairs) or cluster id: amount"
                " (per_cluster), or empty."
            ),
        }
    ),
]


class ParameterValues(Strict):
    __doc__ = N_(
        "Values for rules' parameters, filled in by the user (e.g. each klynge's medformandskommune)."
    )  # the schema describes this part of a file with it

    kind: Literal["parameters"] = Field(description=N_("Always 'parameters' for a parameters file."))
    id: DatasetId
    replaces_shipped: ReplacesShipped = False
    title: Text
    values: dict[ParameterName, ParameterValue] = Field(
        description=N_("Parameter name: value. For co_chairs a mapping of cluster id: municipality name.")
    )
