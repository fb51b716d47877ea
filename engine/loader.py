"""Loading rule and data files, with every schema problem reported at once, and a rule's base
(``based_on``) merged into it. Which folders are searched is the workspace's (engine/workspace.py)."""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from ..i18n import _
from . import schemamessages
from .errors import InvalidInput, Problem, did_you_mean, display_path
from .models import FILE_KINDS
from .yamlio import Document, load

M = TypeVar("M", bound=BaseModel)
KINDS = (  # YAML: never translated
    "'kind: rule'",
    "'kind: population'",
    "'kind: clusters'",
    "'kind: parameters'",
    "'kind: region_key'",
)


def _kinds() -> str:
    return ", ".join(KINDS[:-1]) + _(" or ") + KINDS[-1]


@dataclass(frozen=True)
class Loaded(Generic[M]):
    """A file's model together with its document, which knows where every value stands."""

    doc: Document
    model: M


_LOADED: dict[tuple[str, str, tuple[str, ...], tuple[str, ...]], Loaded[Any]] = {}


def load_file(path: Path, search: tuple[Path, ...] = (), chain: tuple[str, ...] = ()) -> Loaded[Any]:
    """Load a rule, dataset, registry or parameters file; raise ``InvalidInput`` listing every schema problem.

    A rule with ``based_on`` first takes every key of its base rule (found beside it or under ``search``)
    that it does not give itself. A file already loaded with the same content is not parsed again: one
    run reads a base rule and the data for every rule that uses them, and a valid file parsed in an
    earlier run is taken from the cache (engine/cache.py). Callers must not change the result.
    """
    digest = _digest(path)
    if digest is None:
        return _load_file(path, search, chain)  # reports why it cannot be read
    key = (str(path.resolve()), digest, tuple(str(s) for s in search), chain)
    if key not in _LOADED:
        _LOADED[key] = _kept_or_loaded(path, search, chain, key)
    return _LOADED[key]


def _digest(path: str | Path) -> str | None:
    try:
        return hashlib.sha1(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


def _kept_or_loaded(path: Path, search: tuple[Path, ...], chain: tuple[str, ...], key: tuple[Any, ...]) -> Loaded[Any]:
    """Parsing and schema-checking the files a rule reads is most of a warm start; a result kept from an
    earlier run (valid, with every file it was made from unchanged) also spares importing the parser."""
    from . import cache

    name = hashlib.sha256(repr((key, os.getcwd(), cache.engine_digest())).encode()).hexdigest()
    kept = cache.load_pickle(name, _digest)
    if isinstance(kept, Loaded):
        return kept
    loaded = _load_file(path, search, chain)
    if not loaded.doc.origin:  # a variant is not kept: another file may come to answer to its base's id
        cache.dump_pickle(name, [(loaded.doc.path, digest)] if (digest := _digest(loaded.doc.path)) else [], loaded)
    return loaded


def _load_file(path: Path, search: tuple[Path, ...], chain: tuple[str, ...]) -> Loaded[Any]:
    doc = load(path)
    if not isinstance(doc.data, dict):
        what = _("empty") if doc.data is None else schemamessages.shown(doc.data)
        message = _("the file is {what}; expected a mapping with {kinds}").format(what=what, kinds=_kinds())
        raise InvalidInput([doc.problem((), message, check="file-kind")])
    kind = doc.data.get("kind")
    if not isinstance(kind, str) or kind not in FILE_KINDS:
        hint = _("the first key says what the file is: {kinds}").format(kinds=_kinds())
        where = ("kind",) if "kind" in doc.data else ()
        message = _("unknown file kind {kind}").format(kind=repr(kind)) if kind else _("missing key 'kind'")
        raise InvalidInput([doc.problem(where, message, hint, check="file-kind")])
    if kind == "rule" and isinstance(doc.data.get("based_on"), str) and doc.data["based_on"]:
        _inherit(doc, path, search, chain)
    problems = schemamessages.validate(doc, kind) + _checks_without_base(doc)
    if problems:
        raise InvalidInput(problems)
    try:
        return Loaded(doc, FILE_KINDS[kind].model_validate(doc.data))
    except ValidationError as exc:
        raise InvalidInput([_pydantic_problem(doc, err) for err in exc.errors()]) from None


OWN_KEYS = ("based_on", "inherit_checks", "replaces_shipped", "published", "expect")


def _inherit(doc: Document, path: Path, search: tuple[Path, ...], chain: tuple[str, ...]) -> None:
    base_id = doc.data["based_on"]
    if base_id in chain or base_id == doc.data.get("id"):
        cycle = " → ".join((*chain, str(doc.data.get("id")), base_id))
        message = _("based_on goes round in a circle: {cycle}").format(cycle=cycle)
        raise InvalidInput([doc.problem(("based_on",), message, check="based-on-cycle")])
    # The rules directory before the library (a user's replacement reaches the shipped variants too),
    # and the variant's own folder last, for a variant kept outside the rules directory.
    folders = tuple(dict.fromkeys(d.resolve() for d in (*search, path.parent)))
    base_path = find_rule_file(base_id, folders)
    if base_path is None:
        ids = [i for f in folders for p in yaml_files_below(f) if (i := rule_id_in(p))]
        where = ", ".join(display_path(d) for d in folders)
        hint = did_you_mean(base_id, ids) or _("looked in {folders}").format(folders=where)
        message = _("based_on: no rule with id '{id}'").format(id=base_id)
        raise InvalidInput([doc.problem(("based_on",), message, hint, check="based-on-unknown")])
    base = load_file(base_path, search, (*chain, str(doc.data.get("id"))))
    # Published tables and expectations belong to the rule that declares them: a what-if variant that
    # changes an amount must not fail its base's tables. Each variant says inherit_checks for itself.
    takes_checks = doc.data.get("inherit_checks") is True
    if takes_checks and (given := [k for k in ("published", "expect") if k in doc.data]):
        message = _("inherit_checks: true takes the base's tables and expectations, but this rule gives {key}")
        message = message.format(key=given[0])
        hint = _("a variant's own list replaces the base's: copy the base's entries into it, or drop inherit_checks")
        raise InvalidInput([doc.problem((given[0],), message, hint, key=True, check="inherit-checks-conflict")])
    own = ("based_on", "inherit_checks", "replaces_shipped") if takes_checks else OWN_KEYS
    inherited = {key: value for key, value in base.doc.data.items() if key not in own}
    doc.inherit(Document(base.doc.path, inherited, base.doc.value_at, base.doc.key_at, base.doc.origin))


def _checks_without_base(doc: Document) -> list[Problem]:
    data = doc.data
    if data.get("kind") != "rule" or data.get("based_on") or not isinstance(data.get("inherit_checks"), bool):
        return []  # a value that is no true or false is the schema's to report
    message = _("inherit_checks is for a variant; this rule has no based_on")
    hint = _("remove inherit_checks, or name the rule this one varies with based_on: ID")
    return [doc.problem(("inherit_checks",), message, hint, key=True, check="inherit-checks-without-base")]


def find_rule_file(rule_id: str, folders: tuple[Path, ...]) -> Path | None:
    """The file of the rule ``rule_id`` in the first folder that has one: ``ID.yaml`` is looked at first
    (one file read), then every rule file of that folder, whatever its name."""
    for folder in folders:
        named = folder / f"{rule_id}.yaml"
        if named.is_file() and rule_id_in(named) == rule_id:
            return named
        for candidate in yaml_files_below(folder):
            if rule_id_in(candidate) == rule_id:
                return candidate
    return None


def _pydantic_problem(doc: Document, err: Any) -> Problem:
    path = tuple(part for part in err["loc"] if isinstance(part, (str, int)))
    return doc.problem(path, schemamessages.at(path) + str(err["msg"]), check="schema")


def yaml_files_below(root: Path) -> list[Path]:
    """Every ``*.yaml`` and ``*.yml`` file below ``root``, in a stable order; hidden files and folders
    (``.pre-commit-config.yaml``, ``.github/``) are no rule or data files."""
    found = (p for pattern in ("*.yaml", "*.yml") for p in root.rglob(pattern) if p.is_file())
    return sorted(p for p in found if not any(part.startswith(".") for part in p.relative_to(root).parts))


def rule_id_in(path: Path) -> str | None:
    """The id of the rule in ``path``, or None when it is no rule. A quick look at the top-level
    ``kind`` and ``id`` lines: finding a rule by id must not parse every file (or every broken one)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(64 * 1024).decode("utf-8", errors="replace")
    except OSError:
        return None
    if not re.search(r"^kind:\s*['\"]?rule['\"]?\s*(#.*)?$", head, re.M):
        return None
    found = re.search(r"^id:\s*['\"]?([A-Za-z0-9-]+)['\"]?\s*(#.*)?$", head, re.M)
    return found.group(1) if found else None
