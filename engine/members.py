"""Who takes part in a rule, and with what indbyggertal: the claimants of its pots.

Members are listed in the rule, or selected from a cluster registry (Tabel 2 and its
footnotes) and adjusted by the rule's overrides. Every problem found on the way is returned
with its place in the rule file or the registry file.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from ..i18n import _
from . import danish
from .errors import MissingInput, Problem, did_you_mean
from .loader import Loaded
from .models import CONTRIBUTING, Cluster, ClusterMember, ClusterRegistry, Member, PopulationDataset, Rule, Selection


@dataclass(frozen=True)
class Claimant:
    """One kommune's claim in a rule: its basis (indbyggertal after override and weight)."""

    municipality: str
    region: str
    basis: Fraction
    cluster: Cluster | None = None
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class Membership:
    """One kommune in one klynge of a registry, with where it stands in the registry file."""

    member: ClusterMember
    cluster: Cluster
    region: str
    path: tuple[str | int, ...]


def memberships(registry: ClusterRegistry) -> list[Membership]:
    """Every (kommune, klynge) pair of the registry, plain names read as full members."""
    found = []
    for r, region in enumerate(registry.regions):
        for c, cluster in enumerate(region.clusters):
            for m, entry in enumerate(cluster.members):
                member = ClusterMember(municipality=entry) if isinstance(entry, str) else entry
                found.append(Membership(member, cluster, region.region, ("regions", r, "clusters", c, "members", m)))
    return found


def contribution(member: ClusterMember) -> Fraction:
    """What a membership pays in: its weight (1 if none) when it contributes, else 0."""
    if member.participation not in CONTRIBUTING:
        return Fraction(0)
    return Fraction(member.weight) if member.weight is not None else Fraction(1)


def resolve(
    loaded: Loaded[Rule],
    dataset: PopulationDataset,
    registries: dict[str, Loaded[ClusterRegistry]],
    co_chairs: dict[str, str] | None = None,
) -> tuple[list[Claimant], list[Problem]]:
    """The rule's claimants, and every problem that stands in the way of computing them.

    ``co_chairs`` (cluster id: kommune) matters only when each klynge's medformandskommune pays alone:
    None leaves every member in (to check the rule); a mapping that lacks a klynge raises ``MissingInput``.
    """
    members = loaded.model.members
    if not isinstance(members, Selection):
        return _from_list(loaded, members, dataset)
    claimants, problems = _from_registry(loaded, members, dataset, registries)
    if members.payers == "co_chair" and co_chairs is not None and not problems:
        claimants = only_co_chairs(claimants, co_chairs, loaded.model.id)
    return claimants, problems


def only_co_chairs(claimants: list[Claimant], co_chairs: dict[str, str], rule_id: str) -> list[Claimant]:
    """Each klynge's medformandskommune alone, which must be given and be a member of its klynge."""
    clusters = list({c.cluster.id: c.cluster for c in claimants if c.cluster is not None}.values())
    lacking = [c for c in clusters if not co_chairs.get(c.id)]
    if lacking:
        names = ", ".join(f"{c.name} ({c.id})" for c in lacking)
        example = f"--set co_chairs.{lacking[0].id}=KOMMUNE"
        message = _(
            "{rule} needs the medformandskommune of {clusters}: fill them in in "
            "rules/data/medformandskommuner.yaml or give them on the command line, e.g. {example}"
        )
        raise MissingInput(message.format(rule=rule_id, clusters=names, example=example))
    chosen = [c for c in claimants if c.cluster is not None and co_chairs[c.cluster.id] == c.municipality]
    strangers = [c for c in clusters if not any(x.cluster == c for x in chosen)]
    if strangers:
        wrong = "; ".join(not_a_member(co_chairs[c.id], c) for c in strangers)
        raise MissingInput(f"{rule_id}: {wrong}")
    return [Claimant(c.municipality, c.region, c.basis or Fraction(1), c.cluster) for c in chosen]


def not_a_member(chair: str, cluster: Cluster) -> str:
    return _("{kommune} is not a member of {cluster} ({id})").format(kommune=chair, cluster=cluster.name, id=cluster.id)


def _override(member: Member, population: int) -> Fraction:
    base = Fraction(member.basis) if member.basis is not None else Fraction(population)
    return base * (Fraction(member.weight) if member.weight is not None else 1)


def _reasons(member: Member | ClusterMember) -> tuple[str, ...]:
    found = [getattr(member, key, None) for key in ("note", "basis_reason", "weight_reason")]
    return tuple(reason for reason in found if reason)


def _from_list(
    loaded: Loaded[Rule], members: list[Member], dataset: PopulationDataset, at: tuple[str | int, ...] = ("members",)
) -> tuple[list[Claimant], list[Problem]]:
    doc = loaded.doc
    known = {m.name: m for m in dataset.municipalities}
    seen: dict[tuple[str, str | None], int] = {}
    claimants, problems = [], []
    for index, member in enumerate(members):
        name, where = member.municipality, (*at, index)
        scope = (name, member.cluster)
        if name not in known:
            message, hint = _unknown(name, list(known), dataset)
            problems.append(doc.problem((*where, "municipality"), message, hint, check="unknown-municipality"))
            continue
        if scope in seen:
            first = doc.where((*at, seen[scope]))[0]
            message = _("municipality '{kommune}' is a member twice (first on line {line})").format(
                kommune=name, line=first
            )
            hint = _("remove one; use weight for a partial member")
            problems.append(doc.problem((*where, "municipality"), message, hint, check="member-twice"))
            continue
        seen[scope] = index
        population = known[name].population
        if member.basis is not None and member.basis > population:
            message = _("basis {basis} for {kommune} is more than its population {population} in {dataset}").format(
                basis=member.basis, kommune=name, population=population, dataset=dataset.id
            )
            problems.append(doc.problem((*where, "basis"), message, check="basis-above-population"))
        claimants.append(Claimant(name, known[name].region, _override(member, population), None, _reasons(member)))
    return claimants, problems


def _from_registry(
    loaded: Loaded[Rule],
    selection: Selection,
    dataset: PopulationDataset,
    registries: dict[str, Loaded[ClusterRegistry]],
) -> tuple[list[Claimant], list[Problem]]:
    doc = loaded.doc
    registry = registries.get(selection.registry)
    if registry is None:
        known = ", ".join(sorted(registries))
        hint = did_you_mean(selection.registry, list(registries)) or _("known registries: {names}").format(names=known)
        message = _("unknown cluster registry '{registry}'").format(registry=selection.registry)
        return [], [doc.problem(("members", "registry"), message, hint, check="unknown-registry")]
    chosen, problems = _chosen(loaded, selection, registry)
    problems += _registry_names(registry, dataset)
    if selection.participation == "contributing":
        problems += coverage(registry, dataset, _whole_regions(registry.model, selection))
    problems += _override_scopes(loaded, selection, registry.model)
    overrides, override_problems = _from_list(loaded, selection.overrides, dataset, ("members", "overrides"))
    problems += override_problems
    if problems:
        return [], problems
    return _apply(loaded, chosen, overrides, selection, dataset)


def _chosen(
    loaded: Loaded[Rule], selection: Selection, registry: Loaded[ClusterRegistry]
) -> tuple[list[Membership], list[Problem]]:
    every = memberships(registry.model)
    ids = list(dict.fromkeys(m.cluster.id for m in every))
    problems = []
    for index, cluster_id in enumerate(selection.clusters or []):
        if cluster_id not in ids:
            hint = did_you_mean(cluster_id, ids) or _("clusters in {registry}: {ids}").format(
                registry=registry.model.id, ids=", ".join(ids)
            )
            message = _("unknown cluster '{cluster}'").format(cluster=cluster_id)
            problems.append(loaded.doc.problem(("members", "clusters", index), message, hint, check="unknown-cluster"))
    wanted = set(selection.clusters or ids)
    chosen = [m for m in every if m.cluster.id in wanted]
    if selection.participation == "contributing":
        chosen = [m for m in chosen if contribution(m.member) > 0]
    return chosen, problems


def _registry_names(registry: Loaded[ClusterRegistry], dataset: PopulationDataset) -> list[Problem]:
    known = [m.name for m in dataset.municipalities]
    problems = []
    for entry in memberships(registry.model):
        name = entry.member.municipality
        if name not in known:
            message, hint = _unknown(name, known, dataset)
            problems.append(registry.doc.problem(entry.path, message, hint, check="unknown-municipality"))
    return problems


def _unknown(name: str, known: list[str], dataset: PopulationDataset) -> tuple[str, str]:
    """The message and hint for a kommune the dataset does not have."""
    hint = did_you_mean(name, known) or _("use a name from dataset {dataset}").format(dataset=dataset.id)
    return _("unknown municipality '{kommune}' in dataset {dataset}").format(kommune=name, dataset=dataset.id), hint


def _whole_regions(registry: ClusterRegistry, selection: Selection) -> set[str]:
    """The regions all of whose klynger the selection takes."""
    chosen = set(selection.clusters or [c.id for r in registry.regions for c in r.clusters])
    return {r.region for r in registry.regions if all(c.id in chosen for c in r.clusters)}


def _override_scopes(loaded: Loaded[Rule], selection: Selection, registry: ClusterRegistry) -> list[Problem]:
    """An override's klynge exists; one without a klynge may not match its kommune in several klynger."""
    ids = [c.id for r in registry.regions for c in r.clusters]
    wanted = set(selection.clusters or ids)
    problems = []
    for index, override in enumerate(selection.overrides):
        at = ("members", "overrides", index)
        if override.cluster is not None and override.cluster not in ids:
            hint = did_you_mean(override.cluster, ids) or _("klynger: {names}").format(names=", ".join(ids))
            message = _("unknown klynge '{cluster}'").format(cluster=override.cluster)
            problems.append(loaded.doc.problem((*at, "cluster"), message, hint, check="unknown-cluster"))
        if override.cluster is None:
            where = [
                e.cluster.name
                for e in memberships(registry)
                if e.member.municipality == override.municipality and e.cluster.id in wanted
            ]
            if len(where) > 1:
                message = _("override for {kommune} would apply in {count} klynger ({clusters})").format(
                    kommune=override.municipality, count=len(where), clusters=", ".join(where)
                )
                hint = _("add cluster: to say which klynge it is for")
                problems.append(loaded.doc.problem(at, message, hint, check="override-ambiguous"))
    return problems


def coverage(
    registry: Loaded[ClusterRegistry], dataset: PopulationDataset, regions: set[str] | None = None
) -> list[Problem]:
    """In a pot over all kommuner (of whole regions), each kommune's contributing weights must sum to exactly 1."""
    covered = [m for m in dataset.municipalities if regions is None or m.region in regions]
    by_name: dict[str, list[Membership]] = {m.name: [] for m in covered}
    for entry in memberships(registry.model):
        if regions is None or entry.region in regions:
            by_name.setdefault(entry.member.municipality, []).append(entry)
    problems = []
    for name, entries in by_name.items():
        paying = [e for e in entries if contribution(e.member) > 0]
        total = sum((contribution(e.member) for e in paying), Fraction(0))
        if total == 1:
            continue
        problems.append(_coverage_problem(registry, name, paying, total))
    return problems


def _coverage_problem(
    registry: Loaded[ClusterRegistry], name: str, paying: list[Membership], total: Fraction
) -> Problem:
    doc = registry.doc
    if not paying:
        return doc.problem(
            ("regions",),
            _("{kommune} contributes to no cluster").format(kommune=name),
            _("add it as a member of the cluster it funds"),
            key=True,
            check="contributing-weights-sum",
        )
    where = "; ".join(
        _("{weight} in {cluster} ({region}, line {line})").format(
            weight=danish.exact(contribution(e.member)), cluster=e.cluster.name, region=e.region, line=line
        )
        for e in paying
        for line in [doc.where(e.path)[0]]
    )
    message = _("{kommune}'s contributing weights sum to {total}, not 1: {where}").format(
        kommune=name, total=danish.exact(total), where=where
    )
    return doc.problem(
        paying[-1].path,
        message,
        _("every kommune funds exactly one whole share; fix the weights or participation"),
        check="contributing-weights-sum",
    )


def _apply(
    loaded: Loaded[Rule],
    chosen: list[Membership],
    overrides: list[Claimant],
    selection: Selection,
    dataset: PopulationDataset,
) -> tuple[list[Claimant], list[Problem]]:
    population = {m.name: m.population for m in dataset.municipalities}
    # An override may name the klynge it applies to; one that names none applies in every klynge.
    replaced = {
        (o.municipality, o.cluster): (i, c) for i, (o, c) in enumerate(zip(selection.overrides, overrides, strict=True))
    }
    used: set[int] = set()
    claimants = []
    for entry in chosen:
        name = entry.member.municipality
        hit = replaced.get((name, entry.cluster.id)) or replaced.get((name, None))
        if hit is not None:
            used.add(hit[0])
            claimants.append(Claimant(name, entry.region, hit[1].basis, entry.cluster, hit[1].reasons))
            continue
        weight = contribution(entry.member) if selection.participation == "contributing" else _weight(entry.member)
        claimants.append(Claimant(name, entry.region, population[name] * weight, entry.cluster, _reasons(entry.member)))
    selected = {m.cluster.id for m in chosen}
    problems = [
        loaded.doc.problem(("members", "overrides", i, "municipality"), _unused(o), check="override-unused")
        for i, o in enumerate(selection.overrides)
        if i not in used and (o.cluster is None or o.cluster in selected)
    ]
    return claimants, problems


def _unused(override: Member) -> str:
    if override.cluster:
        message = _("override for {kommune}, who is not among the selected members of {cluster}")
        return message.format(kommune=override.municipality, cluster=override.cluster)
    return _("override for {kommune}, who is not among the selected members").format(kommune=override.municipality)


def _weight(member: ClusterMember) -> Fraction:
    return Fraction(member.weight) if member.weight is not None else Fraction(1)
