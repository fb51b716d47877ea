"""What the page serves from: one rules directory, read again whenever a file in it changes.

The page reaches the file system only through this: a rule is named in a request by its id, and
only an id this site listed (a rule file of the rules directory or of klynge's library) leads to a
file. Computed results are kept by the files' state and the parameters, so a reload of a page, a
download of its table and a click on one of its rows compute the rule once.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ..engine.errors import KlyngeError
from ..i18n import _

if TYPE_CHECKING:
    from ..engine.loader import Loaded
    from ..engine.models import Rule
    from ..engine.workspace import Workspace

T = TypeVar("T")
WATCHED = (".yaml", ".yml", ".csv")
KEPT = 32  # results kept in memory: a few pages' worth of what-ifs


class NotListed(KlyngeError):
    """A request named a rule id the site does not list."""


@dataclass(frozen=True)
class ListedRule:
    id: str
    title: str
    source: str
    path: Path
    shipped: bool
    broken: bool = False


Stamp = tuple[tuple[str, int, int], ...]


class Site:
    """A rules directory as the page sees it: its rules by id, and results computed from them."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._stamp: Stamp | None = None
        self._workspace: Workspace | None = None
        self._rules: dict[str, ListedRule] = {}
        self._kept: OrderedDict[tuple[Any, ...], Any] = OrderedDict()

    def refresh(self) -> None:
        """Look at the files once per request: built anew when any was added, changed or removed."""
        from ..engine.workspace import Workspace

        stamp = self._stamp_now()
        if stamp != self._stamp or self._workspace is None:
            self._workspace = Workspace.at(self.root)
            self._rules = _listed(self._workspace)
            self._kept.clear()
            self._stamp = stamp

    def workspace(self) -> Workspace:
        """The workspace as the files were at the start of this request."""
        if self._workspace is None:
            self.refresh()
        assert self._workspace is not None
        return self._workspace

    def rules(self) -> list[ListedRule]:
        self.workspace()  # the first request refreshes here
        return list(self._rules.values())

    def rule(self, rule_id: str) -> ListedRule:
        """A listed rule; any other id is refused with the ids there are."""
        self.workspace()
        if rule_id not in self._rules:
            from ..engine.errors import did_you_mean

            hint = did_you_mean(rule_id, list(self._rules)) or _("see the list of rules")
            raise NotListed(_("no rule with id '{id}' here ({hint})").format(id=rule_id, hint=hint))
        return self._rules[rule_id]

    def kept(self, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
        """``compute()``, or what it gave before for ``key`` while no file has changed."""
        if key in self._kept:
            self._kept.move_to_end(key)
            return self._kept[key]  # type: ignore[no-any-return]
        value = compute()
        self._kept[key] = value
        if len(self._kept) > KEPT:
            self._kept.popitem(last=False)
        return value

    def _stamp_now(self) -> Stamp:
        from ..engine.workspace import shipped_library

        return tuple(entry for folder in (self.root, shipped_library()) for entry in _stamps(folder))


def _stamps(folder: Path) -> list[tuple[str, int, int]]:
    """Every watched file below ``folder``: its path, when it changed and its size."""
    found = []
    for top, folders, files in os.walk(folder):
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        for name in sorted(files):
            if name.endswith(WATCHED):
                path = os.path.join(top, name)
                try:
                    info = os.stat(path)
                except OSError:  # removed while we looked: the next request sees it gone
                    continue
                found.append((path, info.st_mtime_ns, info.st_size))
    return found


def _listed(workspace: Workspace) -> dict[str, ListedRule]:
    """The rules in effect, the rules directory's first; a file that does not load is listed as broken."""
    from ..engine.catalog import entries
    from ..report.machine import cite

    listed: dict[str, ListedRule] = {}
    for entry in entries(workspace):
        if entry.kind == "regel":
            source = cite(workspace.load(entry.path).model.source)
            listed[entry.id] = ListedRule(entry.id, entry.title, source, entry.path, entry.shipped)
        elif entry.kind == "?" and not _is_data_file(entry.path, workspace):
            listed.setdefault(entry.id, ListedRule(entry.id, entry.title, "", entry.path, entry.shipped, True))
    return listed


def _is_data_file(path: Path, workspace: Workspace) -> bool:
    """A file in the data folder of the rules directory or of the library (a dataset, not a rule)."""
    folders = [workspace.root, *([workspace.library] if workspace.library else [])]
    return any((folder / "data").resolve() in path.resolve().parents for folder in folders)


def loaded_rule(site: Site, rule_id: str) -> Loaded[Rule]:
    """The listed rule, loaded (once while no file changes); a broken file raises its problems."""
    from ..engine.models import Rule

    path = site.rule(rule_id).path
    loaded = site.kept(("loaded", rule_id), lambda: site.workspace().load(path))  # a broken file raises here
    if not isinstance(loaded.model, Rule):
        raise NotListed(_("{id} is not a rule").format(id=rule_id))
    return loaded
