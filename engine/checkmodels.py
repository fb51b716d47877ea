"""What a rule holds against its result: the published tables and single values it must reproduce,
and the cells known to differ, each with its reason (``klynge test``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field

from ..i18n import N_
from .basemodels import Source, Strict, Text


class Deviation(Strict):
    __doc__ = N_(
        "A published cell known to differ from the computed one, and why."
    )  # the schema describes this part of a file with it

    row: Text = Field(description=N_("Row label as 'klynge test' prints it, e.g. 'Fynsklyngen (Region Syddanmark)'."))
    column: Text = Field(description=N_("Column of the published table, e.g. 'region_amount'."))
    difference: Decimal = Field(description=N_("Published minus computed, in the column's unit."))
    reason: Text


class PublishedTable(Strict):
    __doc__ = N_(
        "A published table (CSV) and how its rows and columns map onto the computed result."
    )  # the schema describes this part of a file with it

    table: Text = Field(description=N_("CSV file, relative to the rules directory, e.g. published/tabel1.csv."))
    source: Source
    rows: dict[str, Literal["level", "region", "cluster", "name"]] = Field(
        description=N_("CSV columns that identify a row, and the computed row attribute each one holds.")
    )
    columns: dict[str, Text] = Field(
        description=N_("CSV columns to check, and what each holds: a pot id, 'amount', 'basis' or 'share_percent'.")
    )
    deviations: list[Deviation] = Field(default_factory=list)


class Expectation(Strict):
    __doc__ = N_(
        "One value the result must reproduce, e.g. a number quoted in a memo."
    )  # the schema describes this part of a file with it

    row: Text
    column: Text = Field(description=N_("A pot id, 'amount', 'basis' or 'share_percent'."))
    value: Decimal
    source: Source
