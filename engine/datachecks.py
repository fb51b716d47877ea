"""Checks of the data files on their own: a population dataset (its rows against its stated totals,
its id against its period) and a cluster registry (ids, members, participation and weights)."""

from __future__ import annotations

import difflib
import re
from typing import Any

from ..i18n import _, ngettext
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
    twice = _("municipality {value} appears twice (first on line {line})")
    problems += _duplicates(doc, [m.name for m in data.municipalities], "name", twice)
    twice = _("municipality code {value} appears twice (first on line {line})")
    problems += _duplicates(doc, [m.code for m in data.municipalities], "code", twice)
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
    message = _("id '{id}' names {named}, but the period is {period}").format(
        id=data.id, named=named, period=data.period
    )
    hint = _("rename the id to {renamed}, or correct the period to {named}").format(
        renamed=QUARTER.sub(data.period, data.id), named=named
    )
    return [loaded.doc.problem(("id",), message, hint, check="dataset-id-period")]


def _duplicates(doc: Any, values: list[Any], key: str, twice: str) -> list[Problem]:
    """``twice`` is the message, translated, with {value} and {line} to fill in."""
    first: dict[Any, int] = {}
    problems = []
    for index, value in enumerate(values):
        if value in first:
            line = doc.where(("municipalities", first[value]))[0]
            problems.append(
                doc.problem(
                    ("municipalities", index, key),
                    twice.format(value=repr(value), line=line),
                    _("remove one of them"),
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
                ngettext(
                    "checks.municipalities says {stated}, the file has {count} municipality",
                    "checks.municipalities says {stated}, the file has {count} municipalities",
                    len(rows),
                ).format(stated=checks.municipalities, count=len(rows)),
                check="dataset-totals",
            )
        )
    total = sum(m.population for m in rows)
    if checks.total is not None and checks.total != total:
        problems.append(
            doc.problem(
                ("checks", "total"),
                _("checks.total says {stated}, the municipalities sum to {total}").format(
                    stated=danish.number(checks.total), total=danish.number(total)
                ),
                check="dataset-totals",
            )
        )
    present = list(dict.fromkeys(m.region for m in rows))
    for region, stated in (checks.regions or {}).items():
        actual = sum(m.population for m in rows if m.region == region)
        if region not in present:
            problems.append(_no_such_region(doc, region, present))
        elif actual != stated:
            problems.append(
                doc.problem(
                    ("checks", "regions", region),
                    _("checks.regions: {region} says {stated}, its municipalities sum to {total}").format(
                        region=region, stated=danish.number(stated), total=danish.number(actual)
                    ),
                    check="dataset-totals",
                )
            )
    return problems


def region_like(name: str, regions: list[str]) -> str:
    """A did-you-mean for a region name: only a near spelling, since every name begins 'Region ' and a
    loose match would offer Region Østdanmark for Region Hovedstaden."""
    close = difflib.get_close_matches(name, regions, n=1, cutoff=0.85)
    return _("did you mean '{choice}'?").format(choice=close[0]) if close else ""


def _no_such_region(doc: Document, region: str, present: list[str]) -> Problem:
    message = _("checks.regions: no municipality of the file lies in '{region}'").format(region=region)
    hint = region_like(region, present) or _("regions of the municipalities: {names}").format(names=", ".join(present))
    return doc.problem(("checks", "regions", region), message, hint, key=True, check="dataset-region-unknown")


def check_registry(loaded: Loaded[ClusterRegistry]) -> list[Problem]:
    """A registry on its own: unique cluster ids, nobody twice in a klynge, weights that fit the participation."""
    doc = loaded.doc
    problems: list[Problem] = []
    first: dict[str, int] = {}
    for r, region in enumerate(loaded.model.regions):
        for c, cluster in enumerate(region.clusters):
            at = ("regions", r, "clusters", c, "id")
            if cluster.id in first:
                message = _("cluster id '{cluster}' is used twice (first on line {line})").format(
                    cluster=cluster.id, line=first[cluster.id]
                )
                hint = _("give each cluster its own id")
                problems.append(doc.problem(at, message, hint, check="cluster-id-twice"))
            first.setdefault(cluster.id, doc.where(at)[0])
    seen: set[tuple[str, str]] = set()
    for entry in memberships(loaded.model):
        pair = (entry.cluster.id, entry.member.municipality)
        if pair in seen:
            message = _("{kommune} is listed twice in {cluster}").format(kommune=pair[1], cluster=entry.cluster.name)
            problems.append(doc.problem(entry.path, message, check="member-twice"))
        seen.add(pair)
        problems += _participation(doc, entry)
    return problems + _registry_regions(loaded)


def _registry_regions(loaded: Loaded[ClusterRegistry]) -> list[Problem]:
    """Each section of a registry is one of the regions it declares in region_names."""
    names = loaded.model.region_names
    problems = []
    for index, section in enumerate(loaded.model.regions):
        if section.region in names:
            continue
        message = _("region '{region}' is not in region_names").format(region=section.region)
        hint = region_like(section.region, names) or _("add it to region_names")
        at = ("regions", index, "region")
        problems.append(loaded.doc.problem(at, message, hint, check="registry-region-undeclared"))
    return problems


def _participation(doc: Document, entry: Membership) -> list[Problem]:
    member = entry.member
    if member.participation is Participation.partial and member.weight is None:
        message = _("{kommune} takes part with part of its population but has no weight").format(
            kommune=member.municipality
        )
        hint = _("add weight and weight_reason")
        return [doc.problem(entry.path, message, hint, check="partial-needs-weight")]
    if member.participation not in CONTRIBUTING and member.weight is not None:
        message = _("{kommune} does not contribute ({participation}), so a weight means nothing").format(
            kommune=member.municipality, participation=member.participation.value
        )
        hint = _("remove the weight, or change participation")
        return [doc.problem((*entry.path, "weight"), message, hint, check="weight-without-contribution")]
    return []
