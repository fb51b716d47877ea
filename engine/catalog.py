"""What a rules directory can see: its own rules and data files, and the shipped library behind them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..i18n import N_, _
from . import workspace as where
from .errors import InvalidInput
from .ledgermodels import CarryOver, Commitments, Ledger
from .loader import Loaded, yaml_files_below
from .models import ClusterRegistry, ParameterValues, PopulationDataset, RegionKeyData, Rule
from .workspace import Workspace

# What each file is, as `klynge list --format json` has always named it: values for tools, not translated.
KINDS: dict[type[Any], str] = {
    Rule: "regel",
    PopulationDataset: "datasæt",
    ClusterRegistry: "klyngeregister",
    ParameterValues: "parametre",
    RegionKeyData: "regionsnøgle",
    Ledger: "regnskab",
    Commitments: "tilsagn",
    CarryOver: "overførsel",
}
# ... and as a person reads it in the table.
LABELS = {
    "regel": N_("rule"),
    "datasæt": N_("dataset"),
    "klyngeregister": N_("cluster registry"),
    "parametre": N_("parameters"),
    "regionsnøgle": N_("region key"),
    "regnskab": N_("ledger"),
    "tilsagn": N_("commitments"),
    "overførsel": N_("carried funds"),
}
BROKEN = N_("(error: see klynge validate)")


def label(kind: str) -> str:
    return _(LABELS[kind]) if kind in LABELS else kind


@dataclass(frozen=True)
class Entry:
    """One file: what it is, its id and title, where it lies, and whether klynge ships it."""

    kind: str
    id: str
    title: str
    path: Path
    shipped: bool


def entries(workspace: Workspace) -> list[Entry]:
    """Every rule and data file in effect, the rules directory's first; a file that does not load is
    listed by its path with the title BROKEN."""
    found: list[Entry] = []
    taken: set[tuple[str, str]] = set()
    rules = [*workspace.rule_files(), *workspace.library_rule_files()]
    data, _ = workspace.load_data()
    kept: list[Loaded[Any]] = [
        *data.datasets.values(),
        *data.registries.values(),
        *data.region_keys.values(),
        *data.parameters.values(),
        *data.carry_overs.values(),
    ]
    broken = [p for p in yaml_files_below(workspace.root / "data") if str(p) not in {d.doc.path for d in kept}]
    for path in [*rules, *(Path(d.doc.path) for d in kept), *broken]:
        entry = _entry(workspace, path)
        if (entry.kind, entry.id) not in taken:  # a shipped file the rules directory replaces is not in effect
            taken.add((entry.kind, entry.id))
            found.append(entry)
    return found


def _entry(workspace: Workspace, path: Path) -> Entry:
    shipped = where.shipped_library() in path.resolve().parents  # also where the library is the rules directory
    try:
        loaded: Loaded[Any] = workspace.load(path)
    except InvalidInput:
        return Entry("?", path.stem, _(BROKEN), path, shipped)
    model = loaded.model
    return Entry(KINDS.get(type(model), "?"), model.id, model.title, path, shipped)
