"""The rule and dataset formats as pydantic models: the single definition of both.

The JSON Schema files in ``schemas/`` are generated from these models (``engine.schema``), and a
test fails when the committed files drift from them. Numbers that become kroner are ``Decimal``.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, model_validator

from ..i18n import N_
from .basemodels import (
    DEPENDENT_REQUIRED,
    DatasetId,
    Identifier,
    KeyValue,
    Kroner,
    ParameterName,
    RegionName,
    ReplacesShipped,
    Source,
    Strict,
    Text,
    Weighted,
    Year,
)
from .checkmodels import Deviation, Expectation, PublishedTable
from .datamodels import (
    CONTRIBUTING,
    Cluster,
    ClusterMember,
    ClusterRegistry,
    DatasetChecks,
    Municipality,
    ParameterValue,
    ParameterValues,
    Participation,
    PopulationDataset,
    RegionClusters,
    RegionKeyData,
)
from .ledgermodels import CarriedRef, CarryOver, Commitments, Ledger

# What other modules import from here although it is defined in basemodels or datamodels.
__all__ = [
    "Deviation",
    "Expectation",
    "PublishedTable",
    "CONTRIBUTING",
    "Cluster",
    "ClusterMember",
    "ClusterRegistry",
    "DEPENDENT_REQUIRED",
    "DatasetChecks",
    "DatasetId",
    "Identifier",
    "KeyValue",
    "Kroner",
    "Municipality",
    "ParameterName",
    "ParameterValue",
    "ParameterValues",
    "Participation",
    "PopulationDataset",
    "RegionClusters",
    "RegionKeyData",
    "RegionName",
    "ReplacesShipped",
    "Source",
    "Strict",
    "Text",
    "Weighted",
    "Year",
]


class RoundingMethod(StrEnum):
    nearest = "nearest"
    largest_remainder = "largest_remainder"


class TieBreak(StrEnum):
    larger_basis_then_name = "larger_basis_then_name"
    name = "name"


class RoundingTotals(StrEnum):
    exact = "exact"
    sum = "sum"


class Rounding(Strict):
    __doc__ = N_(
        "How exact amounts become whole units: once, at the end."
    )  # the schema describes this part of a file with it

    method: RoundingMethod = Field(
        description=N_(
            "'nearest': each amount rounded on its own (half away from zero), as many "
            "publications do; the sum may miss the pot by a few units and the output says so. "
            "'largest_remainder': amounts always sum exactly to the pot."
        ),
    )
    unit: Kroner = Field(Decimal(1), description=N_("Rounding unit in kr.; 1 means whole kroner."))
    tie_break: TieBreak = Field(
        TieBreak.larger_basis_then_name,
        description=N_(
            "largest_remainder only: who gets the last unit when remainders are equal. "
            "'larger_basis_then_name': the larger basis first, then by name; 'name': by name."
        ),
    )
    totals: RoundingTotals | None = Field(
        None,
        description=N_(
            "nearest only: how a total is made (a row's total across the pots, a region's or a klynge's row, "
            "the total row). 'exact' (the default, as published tables do): rounded from its own exact value, "
            "so it may differ by a unit from the sum of the cells it totals. 'sum': the sum of the rounded "
            "cells it totals. Under largest_remainder totals are always sums."
        ),
    )

    @property
    def convention(self) -> RoundingTotals:
        """How totals are made in fact: as declared, else 'exact' under nearest; always sums under
        largest_remainder, whose cells are made to sum."""
        if self.method is RoundingMethod.largest_remainder:
            return RoundingTotals.sum
        return self.totals or RoundingTotals.exact


class RegionKeyRef(Strict):
    __doc__ = N_(
        "A region key kept as a data file of its own (kind: region_key), with its period and source."
    )  # the schema describes this part of a file with it

    dataset: DatasetId = Field(description=N_("Id of a region key file, e.g. bloktilskud-sundhed-2022."))


class RegionKey(Strict):
    __doc__ = N_(
        "First level of a two-level pot: the pot is split on the regions by this key."
    )  # the schema describes this part of a file with it

    key: dict[RegionName, KeyValue] | RegionKeyRef = Field(
        description=N_(
            "Each region's key value (e.g. its block-grant share, or an amount in kr.), "
            "or {dataset: ID} for a region key file."
        )
    )
    source: Source | None = Field(
        None, description=N_("Where the key comes from (required with a key written here; a key file has its own).")
    )

    @model_validator(mode="after")
    def _source_given(self) -> RegionKey:
        if self.source is None and not isinstance(self.key, RegionKeyRef):
            raise ValueError("'key' needs 'source'")
        return self


class ParameterRef(Strict):
    __doc__ = N_(
        "A value given by a parameter instead of written in the rule."
    )  # the schema describes this part of a file with it

    parameter: ParameterName


class ParameterType(StrEnum):
    kroner = "kroner"
    co_chairs = "co_chairs"
    dataset = "dataset"
    payout_key = "payout_key"


class PayoutKey(StrEnum):
    """How a pool paid to the medformandskommuner is handed out among the klynger."""

    cost = "cost"  # each klynge's runner receives its klynge's own cost
    equal = "equal"  # the pool in equal parts per klynge
    members = "members"  # by each klynge's number of member kommuner
    population = "population"  # by each klynge's indbyggertal, counted as the rule counts its members
    table = "table"  # amounts per klynge, given in a parameter (they must sum to the pool)


class Parameter(Strict):
    __doc__ = N_(
        "A named input of a rule: a default (where the sources give one), a unit and a source."
    )  # the schema describes this part of a file with it

    name: ParameterName
    type: ParameterType = Field(
        description=N_(
            "'kroner': an amount; 'co_chairs': the medformandskommune of each klynge; 'dataset': a dataset id; "
            "'payout_key': how a pool is paid out to the klynger (cost, equal, members, population, table)."
        )
    )
    title: Text
    default: Annotated[Decimal, Field(gt=0)] | DatasetId | None = Field(
        None, description=N_("Used when neither a parameters file nor --set gives a value. None: must be given.")
    )
    per_cluster: bool = Field(
        False,
        description=N_(
            "With type kroner: one amount for every klynge, and optionally an amount for single klynger "
            "(--set NAME.KLYNGE=AMOUNT, or a mapping klynge id: amount in a parameters file)."
        ),
    )
    unit: Text | None = None
    source: Source
    note: Text | None = None


def _or_null(schema: dict[str, Any]) -> None:
    """A variant may take away the key its base gives (model 4 pays the joint secretariat, not model 3's
    runners): null is then meant, unlike for the other optional keys, whose null the schema leaves out."""
    ref = schema.pop("$ref", None) or schema.pop("allOf")[0]["$ref"]
    schema["anyOf"] = [{"$ref": ref}, {"type": "null"}]


class Payout(Strict):
    __doc__ = N_(
        "How a pool is handed to the medformandskommuner that run the klynger's secretariats."
    )  # the schema describes this part of a file with it

    key: PayoutKey | ParameterRef = Field(
        description=N_(
            "'cost': each klynge's own cost; 'equal': equal parts; 'members': by number of member kommuner; "
            "'population': by the klynge's indbyggertal; 'table': the amounts of the parameter named in amounts."
        )
    )
    amounts: ParameterRef | None = Field(
        None, description=N_("With key 'table': a kroner parameter with per_cluster: true giving each klynge's amount.")
    )


class Pot(Strict):
    __doc__ = N_(
        "A sum of money (pulje) to be split among the members."
    )  # the schema describes this part of a file with it

    id: Identifier
    title: Text = Field(description=N_("What the pot pays for, e.g. '½ årsværk'."))
    amount: Kroner | ParameterRef | CarriedRef
    source: Source
    by_region: RegionKey | None = Field(
        None, description=N_("Split the pot on the regions by a key first, then within each region by indbyggertal.")
    )
    for_each_cluster: bool = Field(
        False, description=N_("The amount is per selected klynge (e.g. one secretariat per klynge).")
    )
    split_within: Literal["cluster", "all"] = Field(
        "cluster",
        description=N_(
            "With for_each_cluster: 'cluster' splits each klynge's amount among its own members; "
            "'all' pools the amounts and splits the pool among all members."
        ),
    )
    paid_to: Literal["co_chair", "joint_secretariat"] | None = Field(
        None,
        description=N_(
            "Who receives the money: 'co_chair': each klynge's medformandskommune, which runs its secretariat; "
            "'joint_secretariat': Det fælleskommunale Sundhedssekretariat."
        ),
    )
    payout: Payout | None = Field(
        None,
        description=N_(
            "With paid_to: co_chair and split_within: all: the key the pool is paid out to the klynger by "
            "(default: each klynge's own cost); null in a variant whose pot is paid to no medformandskommune."
        ),
        json_schema_extra=_or_null,
    )

    @property
    def kroner(self) -> Decimal:
        """The amount; parameters must have been applied (``engine.parameters.apply``) before."""
        if not isinstance(self.amount, Decimal):
            raise TypeError(f"pot {self.id}: amount {self.amount!r} not applied")
        return self.amount


class Basis(Strict):
    __doc__ = N_(
        "The key the pots are split by: each member's indbyggertal in a dataset."
    )  # the schema describes this part of a file with it

    dataset: DatasetId | ParameterRef = Field(description=N_("Id of a population dataset, e.g. folk1a-2022K1."))


class Member(Weighted):
    __doc__ = N_(
        "A kommune taking part in the split, with its weight or basis override if it has one."
    )  # the schema describes this part of a file with it

    cluster: Identifier | None = Field(
        None, description=N_("In an override: the klynge it applies to (when the kommune is in several).")
    )
    basis: Annotated[Decimal, Field(ge=0)] | None = Field(
        None, description=N_("Indbyggertal to use instead of the dataset's (e.g. only some districts).")
    )
    basis_reason: Text | None = Field(None, description=N_("Why the basis is overridden (required with basis)."))
    basis_source: Source | None = Field(None, description=N_("Where the override's number comes from."))


class Selection(Strict):
    __doc__ = N_(
        "Members taken from a cluster registry instead of listed one by one."
    )  # the schema describes this part of a file with it

    registry: DatasetId = Field(description=N_("Id of a cluster registry, e.g. klynger-2022."))
    clusters: list[Identifier] | None = Field(
        None, min_length=1, description=N_("Ids of the clusters to take members from (default: every cluster).")
    )
    participation: Literal["contributing", "all"] = Field(
        "contributing",
        description=N_(
            "'contributing': only members that pay, at their registry weight (as for the start-up funds); "
            "'all': every member of the clusters, at its registry weight or 1."
        ),
    )
    overrides: list[Member] = Field(
        default_factory=list,
        description=N_("Members whose weight or basis differs in this rule (replaces the registry's)."),
    )
    payers: Literal["members", "co_chair"] = Field(
        "members",
        description=N_("'co_chair': only each klynge's medformandskommune pays (needs the co_chairs parameter)."),
    )


class Rule(Strict):
    __doc__ = N_(
        "A cost-sharing key: pots split among members by a basis, rounded by a declared policy."
    )  # the schema describes this part of a file with it

    kind: Literal["rule"] = Field(description=N_("Always 'rule' for a rule file."))
    id: Identifier
    based_on: Identifier | None = Field(
        None, description=N_("Id of a rule this one varies: its keys apply unless this file gives them.")
    )
    inherit_checks: bool = Field(
        False,
        description=N_(
            "A variant only: also check the base rule's published tables and expectations with klynge test."
        ),
    )
    replaces_shipped: ReplacesShipped = False
    title: Text
    source: Source
    parameters: list[Parameter] = Field(default_factory=list, description=N_("Named inputs the rule refers to."))
    basis: Basis
    periods_differ: Text | None = Field(
        None,
        description=N_(
            "Why the rule deliberately uses data of different periods (dataset, cluster registry, region key); "
            "without it klynge refuses periods that do not fit."
        ),
    )
    pots: list[Pot] = Field(min_length=1)
    rounding: Rounding
    members: Annotated[list[Member], Field(min_length=1)] | Selection = Field(
        description=N_("The kommuner: a list, or a selection from a cluster registry.")
    )
    split_to: Literal["municipality", "cluster"] = Field(
        "municipality",
        description=N_("'municipality': a row per kommune; 'cluster': a row per klynge, with a subtotal per region."),
    )
    published: list[PublishedTable] = Field(
        default_factory=list, description=N_("Published tables the result must reproduce (checked by 'klynge test').")
    )
    expect: list[Expectation] = Field(default_factory=list, description=N_("Single values the result must reproduce."))

    @property
    def dataset_id(self) -> str:
        """The basis dataset's id; parameters must have been applied before."""
        if isinstance(self.basis.dataset, ParameterRef):
            raise TypeError(f"rule {self.id}: parameter {self.basis.dataset.parameter} not applied")
        return self.basis.dataset


# --- Cluster registry ------------------------------------------------------------------------


Rule.model_rebuild()


FILE_KINDS: dict[str, type[BaseModel]] = {
    "rule": Rule,
    "population": PopulationDataset,
    "clusters": ClusterRegistry,
    "parameters": ParameterValues,
    "region_key": RegionKeyData,
    "ledger": Ledger,
    "commitments": Commitments,
    "carry_over": CarryOver,
}
"""The value of a file's ``kind`` key and the model that reads it."""

# A key written in the rule needs its source; a key file ({dataset: ID}) brings its own.
CONDITIONAL_REQUIRED: dict[str, dict[str, Any]] = {
    "RegionKey": {"if": {"properties": {"key": {"required": ["dataset"]}}}, "else": {"required": ["source"]}},
}


def schema_extras(model_name: str) -> dict[str, Any]:
    """Constraints the models enforce in validators, stated in the schema as well."""
    deps = DEPENDENT_REQUIRED.get(model_name)
    extras: dict[str, Any] = {"dependencies": deps} if deps else {}  # draft 7: dependentRequired
    return {**extras, **CONDITIONAL_REQUIRED.get(model_name, {})}
