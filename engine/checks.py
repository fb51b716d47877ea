"""Semantic checks that a schema cannot express: names that must exist, things that must be
unique, totals that must agree. Each returns every Problem it finds."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from . import danish
from .errors import Problem, did_you_mean
from .loader import Loaded
from .models import PopulationDataset, RoundingMethod, Rule


def check_dataset(loaded: Loaded[PopulationDataset]) -> list[Problem]:
    doc, data = loaded.doc, loaded.model
    problems = _duplicates(doc, [m.name for m in data.municipalities], "name", "municipality")
    problems += _duplicates(doc, [m.code for m in data.municipalities], "code", "municipality code")
    if data.checks is not None:
        problems += _totals(loaded)
    return problems


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
            )
        )
    total = sum(m.population for m in rows)
    if checks.total is not None and checks.total != total:
        problems.append(
            doc.problem(
                ("checks", "total"),
                f"checks.total says {danish.number(checks.total)}, the municipalities sum to {danish.number(total)}",
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
                )
            )
    return problems


def check_rule(loaded: Loaded[Rule], datasets: dict[str, Loaded[PopulationDataset]]) -> list[Problem]:
    doc, rule = loaded.doc, loaded.model
    dataset = datasets.get(rule.basis.dataset)
    problems = _unique_pots(loaded)
    if rule.rounding.method is RoundingMethod.largest_remainder:
        problems += _whole_units(loaded)
    if dataset is None:
        known = ", ".join(sorted(datasets)) or "none found"
        hint = did_you_mean(rule.basis.dataset, list(datasets)) or f"known datasets: {known}"
        return problems + [doc.problem(("basis", "dataset"), f"unknown dataset '{rule.basis.dataset}'", hint)]
    return problems + _members(loaded, dataset.model)


def _unique_pots(loaded: Loaded[Rule]) -> list[Problem]:
    seen: set[str] = set()
    problems = []
    for index, pot in enumerate(loaded.model.pots):
        if pot.id in seen:
            problems.append(
                loaded.doc.problem(
                    ("pots", index, "id"), f"pot id '{pot.id}' appears twice", "give each pot its own id"
                )
            )
        seen.add(pot.id)
    return problems


def _whole_units(loaded: Loaded[Rule]) -> list[Problem]:
    unit = loaded.model.rounding.unit
    problems = []
    for index, pot in enumerate(loaded.model.pots):
        if pot.amount % unit != 0:
            problems.append(
                loaded.doc.problem(
                    ("pots", index, "amount"),
                    f"pot '{pot.id}' of {pot.amount} kr. is not a whole number of rounding units ({unit} kr.)",
                    "largest_remainder can only hand out whole units: change the amount or rounding.unit",
                )
            )
    return problems


def _members(loaded: Loaded[Rule], dataset: PopulationDataset) -> list[Problem]:
    doc, rule = loaded.doc, loaded.model
    population = {m.name: m.population for m in dataset.municipalities}
    seen: dict[str, int] = {}
    problems: list[Problem] = []
    total = Decimal(0)
    for index, member in enumerate(rule.members):
        at = ("members", index, "municipality")
        name = member.municipality
        if name not in population:
            hint = did_you_mean(name, list(population)) or f"use a name from dataset {dataset.id}"
            problems.append(doc.problem(at, f"unknown municipality '{name}' in dataset {dataset.id}", hint))
            continue
        if name in seen:
            first = doc.where(("members", seen[name]))[0]
            problems.append(
                doc.problem(
                    at,
                    f"municipality '{name}' is a member twice (first on line {first})",
                    "remove one; use weight for a partial member",
                )
            )
            continue
        seen[name] = index
        if member.basis is not None and member.basis > population[name]:
            problems.append(
                doc.problem(
                    ("members", index, "basis"),
                    f"basis {member.basis} for {name} is more than its population {population[name]} in {dataset.id}",
                )
            )
        total += (member.basis if member.basis is not None else population[name]) * (
            member.weight if member.weight is not None else 1
        )
    if not problems and total == 0:
        problems.append(doc.problem(("members",), "the members' bases sum to 0; there is nothing to split by"))
    return problems
