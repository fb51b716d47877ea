"""Where klynge looks for files: the user's rules directory first, then the rule library klynge ships.

A repository of rule files of its own (``klynge init``) holds only what its owner wrote; the shipped
rules, datasets and cluster registry (``klynge/rules/``) stay a base it can name: ``based_on:
opstartsmidler-2022``, ``basis: {dataset: folk1a-2022K1}``, ``registry: klynger-2022``. A user file
with a shipped id replaces the shipped one only when it says ``replaces_shipped: true``: two files
answering to one id must never be a silent choice. Parameters files are the user's own: the shipped
one (empty, a template) counts only when the shipped library itself is the rules directory.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..i18n import N_, _
from .errors import InvalidInput, Problem, UsageError, display_path
from .ledgermodels import CarryOver
from .loader import Loaded, find_rule_file, load_file, rule_id_in, yaml_files_below
from .models import ClusterRegistry, ParameterValues, PopulationDataset, RegionKeyData

RULES_ENV = "KLYNGE_RULES_DIR"


def shipped_library() -> Path:
    """The rules, datasets and registry that come with klynge (package data)."""
    return Path(__file__).resolve().parent.parent / "rules"


def installed_library() -> bool:
    """The shipped library lies in an installed package (site-packages), not in a checkout of klynge:
    nothing may be written there."""
    return any(part in ("site-packages", "dist-packages") for part in shipped_library().parts)


def default_rules_dir() -> Path:
    """``$KLYNGE_RULES_DIR``, else ``./rules`` when it exists, else the rules shipped with klynge."""
    env = os.environ.get(RULES_ENV)
    if env:
        return Path(env)
    here = Path("rules")
    return here if here.is_dir() else shipped_library()


@dataclass
class Data:
    """The data files a rule can name: population datasets, cluster registries, region keys, carried funds, by id."""

    datasets: dict[str, Loaded[PopulationDataset]] = field(default_factory=dict)
    registries: dict[str, Loaded[ClusterRegistry]] = field(default_factory=dict)
    parameters: dict[str, Loaded[ParameterValues]] = field(default_factory=dict)
    region_keys: dict[str, Loaded[RegionKeyData]] = field(default_factory=dict)
    carry_overs: dict[str, Loaded[CarryOver]] = field(default_factory=dict)

    def add(self, loaded: Loaded[Any]) -> None:
        """Keep a dataset, registry, region key or parameters file (the first of an id wins); ignore anything else."""
        if isinstance(loaded.model, RegionKeyData):
            self.region_keys.setdefault(loaded.model.id, loaded)
        elif isinstance(loaded.model, PopulationDataset):
            self.datasets.setdefault(loaded.model.id, loaded)
        elif isinstance(loaded.model, ClusterRegistry):
            self.registries.setdefault(loaded.model.id, loaded)
        elif isinstance(loaded.model, ParameterValues):
            self.parameters.setdefault(loaded.model.id, loaded)
        elif isinstance(loaded.model, CarryOver):
            self.carry_overs.setdefault(loaded.model.id, loaded)


@dataclass
class Workspace:
    """A rules directory (rule files below it, data files in its ``data/``) and the shipped library
    behind it; ``library`` is None when the rules directory is the shipped library itself."""

    root: Path
    library: Path | None = None
    _data: Data | None = field(default=None, repr=False)

    @classmethod
    def at(cls, root: Path) -> Workspace:
        library = shipped_library()
        return cls(root, None if root.resolve() == library or not library.is_dir() else library)

    @property
    def search(self) -> tuple[Path, ...]:
        """Where a rule's base (``based_on``) is looked for, in order."""
        return (self.root, self.library) if self.library else (self.root,)

    def load(self, path: Path) -> Loaded[Any]:
        """Load a file, finding the bases of rules in this rules directory and the library too."""
        return load_file(path, self.search)

    def is_shipped(self, path: str | Path) -> bool:
        return self.library is not None and self.library in Path(path).resolve().parents

    def rule_files(self) -> list[Path]:
        """The rule files of the rules directory (not the library's): what validate and test check."""
        return _rule_files(self.root)

    def library_rule_files(self) -> list[Path]:
        return _rule_files(self.library) if self.library else []

    def load_data(self) -> tuple[Data, list[Problem]]:
        """Every readable data file by id, the user's before the library's, and the problems of the others
        (a broken file, or a user file that takes a shipped id without saying so)."""
        mine, problems = self._own_data()
        shipped = self._library_data()
        problems += _data_replacements(mine, shipped)
        data = Data()
        for loaded in [*mine, *shipped]:
            data.add(loaded)
        return data, problems

    def _own_data(self) -> tuple[list[Loaded[Any]], list[Problem]]:
        """The rules directory's readable data files, and the problems of those that are not."""
        loaded, problems = [], []
        for path in yaml_files_below(self.root / "data"):
            try:
                loaded.append(load_file(path))
            except InvalidInput as exc:
                problems += exc.problems
        return loaded, problems

    def _library_data(self) -> list[Loaded[Any]]:
        """The shipped datasets and registries; its parameters file is a template, not a value."""
        files = yaml_files_below(self.library / "data") if self.library else []
        return [loaded for loaded in map(load_file, files) if not isinstance(loaded.model, ParameterValues)]

    def replacements(self) -> list[Problem]:
        """Every file of the rules directory with a shipped file's id that does not say replaces_shipped,
        and every replaces_shipped with nothing to replace."""
        if not self.library:
            return []
        mine, _ = self._own_data()  # a broken file's own problems are reported where it is checked
        return self._rule_replacements() + _data_replacements(mine, self._library_data())

    def data(self) -> Data:
        """The data files; a broken file raises its problems."""
        if self._data is None:
            found, problems = self.load_data()
            if problems:
                raise InvalidInput(problems)
            self._data = found
        return self._data

    def find_rule(self, ref: str) -> Path:
        """A rule given as a path, or as an id looked up in the rules directory, then in the library.
        Two files that answer to one id stop every lookup until one of them says replaces_shipped."""
        as_path = Path(ref)
        if as_path.suffix in (".yaml", ".yml") or os.sep in ref:
            if not as_path.is_file():
                raise UsageError(_("no such rule file: {path}").format(path=ref))
            return as_path
        found = find_rule_file(ref, self.search)
        if found is None:
            import difflib

            ids = self.rule_ids()
            close = difflib.get_close_matches(ref, sorted(ids), n=3)
            hint = (
                _("did you mean {ids}?").format(ids=", ".join(close))
                if close
                else _("known rules: {ids}").format(ids=", ".join(sorted(ids)))
            )
            message = _("no rule with id '{id}' under {folder}").format(id=ref, folder=display_path(self.root))
            raise UsageError(f"{message}; {hint}")
        if self.library and (problems := self._rule_replacements()):
            raise InvalidInput(problems)
        return found

    def rule_ids(self) -> dict[str, Path]:
        """Every rule id and its file, the rules directory's before the library's."""
        ids: dict[str, Path] = {}
        for path in [*self.rule_files(), *self.library_rule_files()]:
            rule_id = rule_id_in(path)
            if rule_id is not None:
                ids.setdefault(rule_id, path)
        return ids

    def _rule_replacements(self) -> list[Problem]:
        shipped = {rule_id_in(p): p for p in self.library_rule_files()}
        pairs = []
        for path in self.rule_files():
            try:
                mine = self.load(path)
            except InvalidInput:
                continue  # its own problems are reported where it is validated
            theirs = shipped.get(mine.model.id)
            pairs.append((mine, self.load(theirs) if theirs else None))
        return _replacements(pairs, RULE)


def _rule_files(root: Path) -> list[Path]:
    data = root / "data"
    return [p for p in yaml_files_below(root) if data not in p.parents]


def _data_replacements(mine: list[Loaded[Any]], shipped: list[Loaded[Any]]) -> list[Problem]:
    by_id = {(type(s.model), s.model.id): s for s in shipped}
    return _replacements([(m, by_id.get((type(m.model), m.model.id))) for m in mine], DATA) if shipped else []


# A rule or a data file: the messages differ by more than a word in Danish (en regel, en datafil).
RULE = (
    N_("id '{id}' is also the id of the rule klynge ships ({path})"),
    N_("replaces_shipped: klynge ships no rule with id '{id}'"),
)
DATA = (
    N_("id '{id}' is also the id of the data file klynge ships ({path})"),
    N_("replaces_shipped: klynge ships no data file with id '{id}'"),
)


def _replacements(pairs: list[tuple[Loaded[Any], Loaded[Any] | None]], what: tuple[str, str]) -> list[Problem]:
    """For each user file and the shipped file of its id (if any): a problem unless the user's says
    replaces_shipped, and a replaces_shipped that has nothing to replace."""
    problems = []
    for mine, shipped in pairs:
        replaces = getattr(mine.model, "replaces_shipped", False)
        if shipped is not None and _same_bytes(mine, shipped):
            continue  # an unchanged copy of the shipped file: one meaning, whichever is read
        if shipped is not None and not replaces:
            message = _(what[0]).format(id=mine.model.id, path=display_path(shipped.doc.path))
            hint = _("give yours another id, or add 'replaces_shipped: true' to use yours instead")
            problems.append(mine.doc.problem(("id",), message, hint, check="shipped-id"))
        elif shipped is None and replaces:
            message = _(what[1]).format(id=mine.model.id)
            hint = _("remove the line")
            problems.append(mine.doc.problem(("replaces_shipped",), message, hint, check="replaces-nothing"))
    return problems


def _same_bytes(one: Loaded[Any], other: Loaded[Any]) -> bool:
    try:
        return Path(one.doc.path).read_bytes() == Path(other.doc.path).read_bytes()
    except OSError:
        return False
