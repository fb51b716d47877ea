"""Computing a rule: resolve each member's basis, split every pot, and collect the rows.

The result holds exact values (``Fraction``) beside the rounded amounts (``Decimal``), so that a
renderer can show both and a test can check one against the other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from .allocation import split
from .checks import check_dataset, check_rule
from .errors import InvalidInput
from .loader import Loaded, Workspace
from .models import Member, PopulationDataset, Rounding, Rule, Source


@dataclass(frozen=True)
class Row:
    """One output row: a municipality, or the total."""

    level: str
    name: str
    basis: Fraction
    share: Fraction
    amounts: dict[str, Decimal]
    exact: dict[str, Fraction] = field(default_factory=dict)
    note: str | None = None

    @property
    def amount(self) -> Decimal:
        return sum(self.amounts.values(), Decimal(0))


@dataclass(frozen=True)
class PotResult:
    """A pot and what its rounded amounts add up to; ``difference`` is 0 unless rounded nearest."""

    id: str
    title: str
    amount: Decimal
    allocated: Decimal

    @property
    def difference(self) -> Decimal:
        return self.allocated - self.amount


@dataclass(frozen=True)
class Result:
    rule: Rule
    dataset: PopulationDataset
    pots: list[PotResult]
    rows: list[Row]

    @property
    def rounding(self) -> Rounding:
        return self.rule.rounding

    @property
    def source(self) -> Source:
        return self.rule.source


def member_basis(member: Member, population: int) -> Fraction:
    """Indbyggertal that counts: the override or the dataset's figure, times the weight."""
    base = Fraction(member.basis) if member.basis is not None else Fraction(population)
    return base * (Fraction(member.weight) if member.weight is not None else 1)


def compute(loaded: Loaded[Rule], workspace: Workspace) -> Result:
    """Check the rule against its dataset, then split every pot. Raises ``InvalidInput``."""
    datasets = workspace.datasets()
    problems = check_rule(loaded, datasets)
    if loaded.model.basis.dataset in datasets:
        problems += check_dataset(datasets[loaded.model.basis.dataset])
    if problems:
        raise InvalidInput(problems)
    rule = loaded.model
    dataset = datasets[rule.basis.dataset].model
    population = {m.name: m.population for m in dataset.municipalities}
    claims = [(m.municipality, member_basis(m, population[m.municipality])) for m in rule.members]
    total_basis = sum((basis for _, basis in claims), Fraction(0))
    splits = {
        pot.id: split(pot.amount, claims, rule.rounding.method, rule.rounding.unit, rule.rounding.tie_break)
        for pot in rule.pots
    }
    rows = [
        Row(
            level="municipality",
            name=name,
            basis=basis,
            share=basis / total_basis,
            amounts={pot_id: s.amounts[i] for pot_id, s in splits.items()},
            exact={pot_id: s.quotas[i] for pot_id, s in splits.items()},
            note=member.note,
        )
        for i, ((name, basis), member) in enumerate(zip(claims, rule.members, strict=False))
    ]
    pots = [PotResult(p.id, p.title, p.amount, splits[p.id].total) for p in rule.pots]
    total = Row(
        "total",
        "I alt",
        total_basis,
        Fraction(1),
        {p.id: p.allocated for p in pots},
        {p.id: Fraction(p.amount) for p in pots},
    )
    return Result(rule, dataset, pots, [*rows, total])
