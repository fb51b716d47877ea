"""Regions and periods as data: the checks that hold a rule's dataset, cluster registry and region keys to
one another. No list of regions lives in code; each registry declares the regions of its period (from 2027
Region Sjælland and Region Hovedstaden are one region, Region Østdanmark), so these checks are what once
was a closed list in the models."""

from __future__ import annotations

from ..i18n import _
from .datachecks import id_quarter, region_like
from .errors import Problem, did_you_mean
from .loader import Loaded
from .models import ClusterRegistry, PopulationDataset, Rule, Selection
from .plan import Shape, compile_rule, key_file
from .workspace import Data

Path = tuple[str | int, ...]


def check_rule_data(loaded: Loaded[Rule], data: Data, dataset: Loaded[PopulationDataset]) -> list[Problem]:
    """Problems between the rule's data files: a key file that is missing, periods that do not fit,
    regions that one file has and another does not know."""
    problems = _key_files(loaded, data)
    if problems:
        return problems
    registry = _registry(loaded.model, data)
    problems += _periods(loaded, data, dataset.model, registry)
    if registry is not None:
        problems += _dataset_regions(dataset, registry.model)
    known = registry.model.region_names if registry is not None else [m.region for m in dataset.model.municipalities]
    where = registry.model.id if registry is not None else dataset.model.id
    return problems + _key_regions(loaded, data, list(dict.fromkeys(known)), where)


def _registry(rule: Rule, data: Data) -> Loaded[ClusterRegistry] | None:
    return data.registries.get(rule.members.registry) if isinstance(rule.members, Selection) else None


def _key_files(loaded: Loaded[Rule], data: Data) -> list[Problem]:
    """Every region key a pot names by id is a region key file klynge can find."""
    problems = []
    for index, pot in enumerate(loaded.model.pots):
        named = key_file(pot)
        if named is None or named in data.region_keys:
            continue
        known = ", ".join(sorted(data.region_keys)) or _("none found")
        hint = did_you_mean(named, list(data.region_keys)) or _("known region keys: {names}").format(names=known)
        message = _("unknown region key '{id}'").format(id=named)
        at = ("pots", index, "by_region", "key", "dataset")
        problems.append(loaded.doc.problem(at, message, hint, check="unknown-region-key"))
    return problems


def _periods(
    loaded: Loaded[Rule], data: Data, dataset: PopulationDataset, registry: Loaded[ClusterRegistry] | None
) -> list[Problem]:
    """A rule's dataset (2022K1), registry (2022) and region keys (2022) are of one year, unless the rule
    says why they differ. A dataset whose id names another quarter is reported on its own: its period is
    the doubt."""
    rule = loaded.model
    if rule.periods_differ is not None or id_quarter(dataset.id, dataset.period) is not None:
        return []
    others: list[tuple[Path, str, int]] = []
    if registry is not None:
        others.append((("members", "registry"), registry.model.id, registry.model.period))
    for index, pot in enumerate(rule.pots):
        if (named := key_file(pot)) is not None:
            others.append((("pots", index, "by_region", "key", "dataset"), named, data.region_keys[named].model.period))
    year = int(dataset.period[:4])
    return [
        loaded.doc.problem(at, _mismatch(dataset, other, period), _periods_hint(), check="periods-differ")
        for at, other, period in others
        if period != year
    ]


def _mismatch(dataset: PopulationDataset, other: str, period: int) -> str:
    message = _("the periods do not fit: {dataset} is for {period}, {other} for {other_period}")
    return message.format(dataset=dataset.id, period=dataset.period, other=other, other_period=period)


def _periods_hint() -> str:
    return _("use data of one period, or say why they differ with periods_differ: REASON")


def _dataset_regions(dataset: Loaded[PopulationDataset], registry: ClusterRegistry) -> list[Problem]:
    """Each region a kommune lies in, by the dataset, is a region of the registry: reported once a region,
    at its first kommune."""
    names = registry.region_names
    problems, seen = [], set(names)
    for index, municipality in enumerate(dataset.model.municipalities):
        if municipality.region in seen:
            continue
        seen.add(municipality.region)
        message = _("{kommune} lies in '{region}', which is not a region of {registry}").format(
            kommune=municipality.name, region=municipality.region, registry=registry.id
        )
        hint = region_like(municipality.region, names) or _(
            "regions of {registry}: {names}; use a dataset and a registry of one period"
        ).format(registry=registry.id, names=", ".join(names))
        at = ("municipalities", index, "region")
        problems.append(dataset.doc.problem(at, message, hint, check="region-unknown"))
    return problems


def _key_regions(loaded: Loaded[Rule], data: Data, known: list[str], where: str) -> list[Problem]:
    """A by_region key names only regions the rule's data know (a misspelt region would get no share)."""
    plan = compile_rule(loaded.model, keys={k: v.model for k, v in data.region_keys.items()})
    problems = []
    for index, pot in enumerate(plan.pots):
        if pot.shape is not Shape.by_region:
            continue
        in_file = data.region_keys[pot.key_data.id] if pot.key_data is not None else None
        doc = in_file.doc if in_file is not None else loaded.doc
        at: Path = ("values",) if in_file is not None else ("pots", index, "by_region", "key")
        for region in pot.region_key:
            if region in known:
                continue
            message = _("'{region}' in the key is not a region of {data}").format(region=region, data=where)
            hint = region_like(region, known) or _("regions: {names}").format(names=", ".join(known))
            problems.append(doc.problem((*at, region), message, hint, key=True, check="region-key-unknown"))
    return problems
