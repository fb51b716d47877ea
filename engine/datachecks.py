"""Checks of the data files on their own: a population dataset (its rows against its stated totals,
its id against its period) and a cluster registry (ids, members, participation and weights)."""

from __future__ import annotations

import re
from typing import Any

from . import danish
from .errors import Problem
from .loader import Loaded
from .members import Membership, memberships
from .models import (
    CONTRIBUTING,
    ClusterRegistry,
    Participation,
    PopulationDataset,
)
from .yamlio import Document


def check_dataset(loaded: Loaded[PopulationDataset]) -> list[Problem]:
    doc, data = loaded.doc, loaded.model
    problems = _id_period(loaded)
    problems += _duplicates(doc, [m.name for m in data.municipalities], "name", "municipality")
    problems += _duplicates(doc, [m.code for m in data.municipalities], "code", "municipality code")
    if data.checks is not None:
        problems += _totals(loaded)
    return problems


QUARTER = re.compile(r"(?<!\d)\d{4}K[1-4](?!\d)", re.IGNORECASE)


def id_quarter(dataset_id: str, period: str) -> str | None:
    """The quarter a dataset id names when it is not ``period``; None when it names none or the right one."""
    named = [q.upper() for q in QUARTER.findall(dataset_id)]
    return next((q for q in named if q != period), None)


def _id_period(loaded: Loaded[PopulationDataset]) -> list[Problem]:
    """An id naming another quarter than the figures are for puts one year's numbers under another's name."""
    data = loaded.model
    named = id_quarter(data.id, data.period)
    if named is None:
        return []
    message = f"id '{data.id}' names {named}, but the period is {data.period}"
    hint = f"rename the id to {QUARTER.sub(data.period, data.id)}, or correct the period to {named}"
    return [loaded.doc.problem(("id",), message, hint, check="dataset-id-period")]


def _duplicates(doc: Any, values: list[Any], key: str, what: str) -> list[Problem]:
    first: dict[Any, int] = {}
    problems = []
    for index, value in enumerate(values):
        if value in first:
            line = doc.where(("municipalities", first[value]))[0]
            problems.append(
                doc.problem(
                    ("municipalities", index, key),
                    f"{what} {value!r} appears twice (first on line {line})",
                    "remove one of them",
                    check="dataset-duplicate",
                )
            )
        first.setdefault(value, index)
    return problems


def _totals(loaded: Loaded[PopulationDataset]) -> list[Problem]:
    doc, data = loaded.doc, loaded.model
    checks = data.checks
    assert checks is not None
    rows = data.municipalities
    problems = []
    if checks.municipalities is not None and checks.municipalities != len(rows):
        problems.append(
            doc.problem(
                ("checks", "municipalities"),
                f"checks.municipalities says {checks.municipalities}, the file has {len(rows)} municipalities",
                check="dataset-totals",
            )
        )
    total = sum(m.population for m in rows)
    if checks.total is not None and checks.total != total:
        problems.append(
            doc.problem(
                ("checks", "total"),
                f"checks.total says {danish.number(checks.total)}, the municipalities sum to {danish.number(total)}",
                check="dataset-totals",
            )
        )
    for region, stated in (checks.regions or {}).items():
        actual = sum(m.population for m in rows if m.region == region)
        if actual != stated:
            problems.append(
                doc.problem(
                    ("checks", "regions", region),
                    f"checks.regions: {region} says {danish.number(stated)}, "
                    f"its municipalities sum to {danish.number(actual)}",
                    check="dataset-totals",
                )
            )
    return problems


def check_registry(loaded: Loaded[ClusterRegistry]) -> list[Problem]:
    """A registry on its own: unique cluster ids, nobody twice in a klynge, weights that fit the participation."""
    doc = loaded.doc
    problems: list[Problem] = []
    first: dict[str, int] = {}
    for r, region in enumerate(loaded.model.regions):
        for c, cluster in enumerate(region.clusters):
            at = ("regions", r, "clusters", c, "id")
            if cluster.id in first:
                message = f"cluster id '{cluster.id}' is used twice (first on line {first[cluster.id]})"
                problems.append(doc.problem(at, message, "give each cluster its own id", check="cluster-id-twice"))
            first.setdefault(cluster.id, doc.where(at)[0])
    seen: set[tuple[str, str]] = set()
    for entry in memberships(loaded.model):
        pair = (entry.cluster.id, entry.member.municipality)
        if pair in seen:
            message = f"{pair[1]} is listed twice in {entry.cluster.name}"
            problems.append(doc.problem(entry.path, message, check="member-twice"))
        seen.add(pair)
        problems += _participation(doc, entry)
    return problems


def _participation(doc: Document, entry: Membership) -> list[Problem]:
    member = entry.member
    if member.participation is Participation.partial and member.weight is None:
        message = f"{member.municipality} takes part with part of its population but has no weight"
        return [doc.problem(entry.path, message, "add weight and weight_reason", check="partial-needs-weight")]
    if member.participation not in CONTRIBUTING and member.weight is not None:
        message = f"{member.municipality} does not contribute ({member.participation.value}), so a weight means nothing"
        hint = "remove the weight, or change participation"
        return [doc.problem((*entry.path, "weight"), message, hint, check="weight-without-contribution")]
    return []
