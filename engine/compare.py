"""``klynge compare``: what every kommune bears under each financing model, side by side.

One column per model (the burden: payments out, less receipts, plus the cost of a secretariat
the kommune runs), a total that must equal the total cost, the highest and lowest burden of each
model, and each kommune's difference to a baseline model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..i18n import _, ngettext
from .errors import KlyngeError, joined
from .flows import flows
from .models import PayoutKey, Selection
from .parameters import Setting, describe
from .plan import Grouping, Shape
from .result import Result

DEFAULT_MODELS = (
    "sekretariat-model1-2022",
    "sekretariat-model2-2022",
    "sekretariat-model3-2022",
    "sekretariat-model4-2022",
)
DEFAULT_BASELINE = "sekretariat-model2-2022"


class NothingToCompare(KlyngeError):
    """The rules give no kommune a burden under two of them: a comparison would be columns of zeros."""


@dataclass(frozen=True)
class Keys:
    """How a model collects the money and whom it pays it to, for the note under the table."""

    dataset: str  # the indbyggertal (or key) the kommuner pay by
    collected: str  # 'co_chair' (the medformandskommune pays alone), 'cluster' (within each klynge), 'all'
    paid_to: str | None  # 'co_chair', 'joint_secretariat', or None
    payout: PayoutKey | None  # a pool paid to the medformandskommuner: the key it is paid out by


@dataclass
class Model:
    id: str
    title: str
    burdens: dict[str, Decimal]
    total_cost: Decimal
    receipts_known: bool
    keys: Keys | None = None

    @property
    def total(self) -> Decimal:
        return sum(self.burdens.values(), Decimal(0))


@dataclass
class Comparison:
    cost_per_cluster: Decimal | None
    models: list[Model]
    names: list[str]
    baseline: str | None
    missing: list[str] = field(default_factory=list)  # why a model could not be computed
    settings: list[str] = field(default_factory=list)

    def value(self, model: Model, name: str) -> Decimal:
        return model.burdens.get(name, Decimal(0))

    def difference(self, model: Model, name: str) -> Decimal | None:
        base = next((m for m in self.models if m.id == self.baseline), None)
        return None if base is None else self.value(model, name) - self.value(base, name)

    def extremes(self, model: Model) -> tuple[tuple[str, Decimal], tuple[str, Decimal]]:
        """Highest and lowest burden, each with who bears it ('X and 4 others' when several do)."""
        values = [self.value(model, n) for n in self.names]
        high, low = max(values), min(values)
        return (self._who(model, high), high), (self._who(model, low), low)

    def _who(self, model: Model, value: Decimal) -> str:
        names = [n for n in self.names if self.value(model, n) == value]
        if len(names) == 1:
            return names[0]
        return ngettext("{first} and {count} other", "{first} and {count} others", len(names) - 1).format(
            first=names[0], count=len(names) - 1
        )

    def same_as(self) -> list[tuple[Model, Model]]:
        """Pairs of models that give every kommune the same burden."""
        return [(a, b) for i, a in enumerate(self.models) for b in self.models[i + 1 :] if a.burdens == b.burdens]


def compare(results: list[Result], missing: list[str], baseline: str | None) -> Comparison:
    """Burdens per kommune and model, from computed results; ``missing`` says which could not be."""
    models = [_model(result) for result in results]
    order = {m.name: i for r in results for i, m in enumerate(r.dataset.municipalities)}
    names = sorted({n for m in models for n in m.burdens}, key=lambda n: order.get(n, len(order)))
    costs = {v for r in results for s in r.settings if s.parameter.name == "cost_per_cluster" for v in _each(s, r)}
    settings = sorted({describe(s) for r in results for s in r.settings if s.overridden})
    chosen = baseline if any(m.id == baseline for m in models) else None
    _check_comparable(results, models, chosen)
    if baseline and chosen is None:
        note = _("the baseline model {baseline} could not be computed; differences left out")
        missing = [*missing, note.format(baseline=baseline)]
    return Comparison(costs.pop() if len(costs) == 1 else None, models, names, chosen, missing, settings)


def _check_comparable(results: list[Result], models: list[Model], baseline: str | None) -> None:
    """Refuse what would compare nothing: a rule without a row per kommune, or rules that share no kommune
    with the baseline (without one, with any other rule): their columns would face only zeros."""
    by_cluster = [r.rule.id for r in results if r.plan.grouping is Grouping.by_region]
    if by_cluster:
        message = ngettext(
            "{rules} splits the cost among klynger, not kommuner: compare sets what each kommune bears side by"
            " side (give rules with a row per kommune)",
            "{rules} split the cost among klynger, not kommuner: compare sets what each kommune bears side by"
            " side (give rules with a row per kommune)",
            len(by_cluster),
        )
        raise NothingToCompare(message.format(rules=joined(by_cluster)))
    lonely = [m.id for m in models if m.id != baseline and not _shares(m, models, baseline)]
    if lonely:
        partner = _("the baseline {baseline}").format(baseline=baseline) if baseline else _("any other compared rule")
        message = ngettext(
            "{rules} shares no kommune with {partner}: there is nothing to set side by side"
            " (compare rules over the same kommuner)",
            "{rules} share no kommune with {partner}: there is nothing to set side by side"
            " (compare rules over the same kommuner)",
            len(lonely),
        )
        raise NothingToCompare(message.format(rules=joined(lonely), partner=partner))


def _shares(model: Model, models: list[Model], baseline: str | None) -> bool:
    others = [m for m in models if m is not model and (baseline is None or m.id == baseline)]
    return not others or any(model.burdens.keys() & m.burdens.keys() for m in others)


def _each(setting: Setting, result: Result) -> set[Decimal]:
    """A setting's amounts for the klynger of a result: one where every klynge costs the same."""
    return {setting.for_cluster(c.id)[0] for c in result.clusters} or {setting.value}


def _model(result: Result) -> Model:
    money = flows(result)
    total_cost = sum((p.amount for p in result.pots), Decimal(0))
    burdens = {f.municipality: f.burden for f in money.flows}
    return Model(result.rule.id, result.rule.title, burdens, total_cost, money.known, _keys(result))


def _keys(result: Result) -> Keys | None:
    """The keys of a rule with one pot per klynge (the secretariat models); None for any other rule."""
    pots = [p for p in result.plan.pots if p.amounts]
    if len(pots) != 1:
        return None
    pot, members = pots[0], result.rule.members
    by_chair = isinstance(members, Selection) and members.payers == "co_chair"
    collected = "co_chair" if by_chair else "cluster" if pot.shape is Shape.per_cluster else "all"
    return Keys(result.dataset.id, collected, pot.recipient, pot.payout)
