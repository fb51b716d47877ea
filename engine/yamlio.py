"""Reading YAML files written by people: exact numbers, positions, and hard limits.

Every float in a file becomes a ``Decimal`` built from the text as written (``0.4466224`` stays
exactly that), so no binary float ever reaches money. The loader also records where each value
stands, so that every later check can point at ``line:col``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ..i18n import N_, _, current
from . import danish
from .errors import InvalidInput, Problem, display_path

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_NODES = 200_000
MAX_DEPTH = 64
ALIASES_HINT = N_("write the values out, or use fewer aliases")
ONCE_HINT = N_("each key may appear once in a mapping")

JsonPath = tuple[str | int, ...]


@dataclass
class Document:
    """A YAML file as plain Python data plus where each value and key stands (1-based)."""

    path: str
    data: Any
    value_at: dict[JsonPath, tuple[int, int]] = field(default_factory=dict)
    key_at: dict[JsonPath, tuple[int, int]] = field(default_factory=dict)
    # Values inherited from another file (a rule's based_on) remember which file they stand in.
    origin: dict[JsonPath, str] = field(default_factory=dict)

    def where(self, path: JsonPath, *, key: bool = False) -> tuple[int, int]:
        """Line and column of ``path``, or of its nearest ancestor that has one."""
        return self._locate(path, key)[1]

    def _locate(self, path: JsonPath, key: bool) -> tuple[JsonPath, tuple[int, int]]:
        table = self.key_at if key else self.value_at
        for cut in range(len(path), -1, -1):
            hit = table.get(path[:cut]) or self.value_at.get(path[:cut])
            if hit:
                return path[:cut], hit
        return (), (1, 1)

    def problem(self, path: JsonPath, message: str, hint: str = "", *, check: str, key: bool = False) -> Problem:
        """A problem at ``path`` found by the check ``check`` (an id in engine/checklist.py)."""
        found, (line, col) = self._locate(path, key)
        return Problem(self.origin.get(found, self.path), line, col, message, hint, check=check)

    def cite(self, path: JsonPath) -> str:
        """``file:line`` where the value at ``path`` is written (in a base rule, if inherited)."""
        found, (line, _) = self._locate(path, False)
        return f"{self.origin.get(found, self.path)}:{line}"

    def inherit(self, base: Document) -> None:
        """Take every value of ``base`` that this document does not give itself, keeping for each
        value the place (file, line, column) it was written."""
        merged = _Merger(base, self)
        self.data = merged.merge(base.data, (), self.data, (), ())
        self.value_at, self.key_at, self.origin = merged.value_at, merged.key_at, merged.origin


class _Merger:
    """Mappings merge key by key; lists of items with an ``id`` or ``name`` merge item by item (so a
    variant can change one pot or add a parameter); anything else the variant gives replaces the base's."""

    def __init__(self, base: Document, mine: Document) -> None:
        self.base, self.mine = base, mine
        self.value_at: dict[JsonPath, tuple[int, int]] = {}
        self.key_at: dict[JsonPath, tuple[int, int]] = {}
        self.origin: dict[JsonPath, str] = {}

    def take(self, doc: Document, source: JsonPath, target: JsonPath, *, subtree: bool = True) -> None:
        for table, out in ((doc.value_at, self.value_at), (doc.key_at, self.key_at)):
            for path, place in table.items():
                if path == source or subtree and path[: len(source)] == source:
                    moved = target + path[len(source) :]
                    out[moved] = place
                    self.origin[moved] = doc.origin.get(path, doc.path)

    def merge(self, base: Any, at_base: JsonPath, mine: Any, at_mine: JsonPath, target: JsonPath) -> Any:
        if isinstance(base, dict) and isinstance(mine, dict):
            self.take(self.mine, at_mine, target, subtree=False)
            out = {}
            for key in [*base, *(k for k in mine if k not in base)]:
                if key not in mine:
                    out[key] = base[key]
                    self.take(self.base, (*at_base, key), (*target, key))
                elif key in base:
                    out[key] = self.merge(base[key], (*at_base, key), mine[key], (*at_mine, key), (*target, key))
                else:
                    out[key] = mine[key]
                    self.take(self.mine, (*at_mine, key), (*target, key))
            return out
        label = _item_key(base)
        if label and _item_key(mine) == label:
            return self._merge_items(base, at_base, mine, at_mine, target, label)
        self.take(self.mine, at_mine, target)
        return mine

    def _merge_items(
        self, base: list[Any], at_base: JsonPath, mine: list[Any], at_mine: JsonPath, target: JsonPath, label: str
    ) -> list[Any]:
        """The base's items in the base's order, each changed where the variant gives it, then the new ones."""
        self.take(self.mine, at_mine, target, subtree=False)
        changes: dict[Any, int] = {}
        for index, item in enumerate(mine):
            changes.setdefault(item[label], index)
        out: list[Any] = []
        for index, item in enumerate(base):
            spot = (*target, len(out))
            if item[label] in changes:
                at = changes[item[label]]
                out.append(self.merge(item, (*at_base, index), mine[at], (*at_mine, at), spot))
            else:
                self.take(self.base, (*at_base, index), spot)
                out.append(item)
        known = {item[label]: index for index, item in enumerate(base)}
        for index, item in enumerate(mine):
            spot = (*target, len(out))
            if item[label] not in known:
                self.take(self.mine, (*at_mine, index), spot)
                out.append(item)
            elif changes[item[label]] != index:  # a repeat: kept, for the checks to report it
                at = known[item[label]]
                out.append(self.merge(base[at], (*at_base, at), item, (*at_mine, index), spot))
        return out


def _item_key(items: Any) -> str | None:
    """'id' or 'name' when every item of a list is a mapping that has it."""
    if not isinstance(items, list) or not items or not all(isinstance(i, dict) for i in items):
        return None
    return next((key for key in ("id", "name") if all(isinstance(i.get(key), str) for i in items)), None)


# 370.000 is valid YAML for 370.0, but a Danish reader wrote three hundred and seventy thousand.
DANISH_THOUSANDS = re.compile(r"^[1-9]\d{0,2}(\.\d{3})+$")
TAG = "tag:yaml.org,2002:"


def compose(text: str) -> Any:
    """The YAML node tree (with line and column of every node), by libyaml where it is installed.

    ruamel.yaml.clib's C parser is about six times faster than the pure-Python one; klynge parses
    every rule and data file on each run, so that is most of its start-up. Values are built from the
    nodes here (``_Walker``), which is also where duplicate keys and alias expansion are caught.
    """
    from ruamel.yaml import YAML
    from ruamel.yaml.resolver import BaseResolver, VersionedResolver

    class Untyped(VersionedResolver):
        # ruamel resolves every plain scalar in Python, slowly; _Walker types them itself (YAML 1.2 core).
        def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
            return BaseResolver.resolve(self, kind, value, implicit)

    yaml = YAML(typ="safe", pure=False)
    yaml.Resolver = Untyped
    return yaml.compose(text)


def read_text(path: Path) -> str:
    """The file's text, or one Problem saying why it cannot be read as UTF-8 text."""
    shown = display_path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        message = _("cannot read file: {reason}").format(reason=exc.strerror)
        raise InvalidInput([Problem(shown, 0, 0, message, check="file-unreadable")]) from None
    if len(raw) > MAX_FILE_BYTES:
        message = _("file is {size} bytes; the limit is {limit}").format(
            size=count(len(raw)), limit=count(MAX_FILE_BYTES)
        )
        raise InvalidInput([Problem(shown, 0, 0, message, check="file-too-large")])
    if b"\x00" in raw:
        line, col = _line_col(raw, raw.index(b"\x00"))
        raise InvalidInput([Problem(shown, line, col, _("NUL byte: this is not a text file"), check="file-not-text")])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, col = _line_col(raw, exc.start)
        message, hint = _("not UTF-8 text"), _("save the file as UTF-8")
        raise InvalidInput([Problem(shown, line, col, message, hint, check="file-not-text")]) from None


def count(number: int) -> str:
    """A large whole number as the reader writes it: 200,000 in English, 200.000 in Danish."""
    return f"{number:,}" if current() == "en" else danish.number(number)


def _line_col(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    return before.count(b"\n") + 1, offset - (before.rfind(b"\n") + 1) + 1


def load(path: Path) -> Document:
    """Parse one YAML file into a ``Document``; raise ``InvalidInput`` listing what is wrong with it."""
    text = read_text(path)
    shown = display_path(path)
    try:
        tree = compose(text)
    except RecursionError:
        message = _("nesting is deeper than {depth} levels").format(depth=MAX_DEPTH)
        raise InvalidInput([Problem(shown, 0, 0, message, check="yaml-too-deep")]) from None
    except Exception as exc:  # noqa: BLE001 - the parser raises many unrelated types; each is a syntax problem here.
        raise InvalidInput([_syntax_problem(shown, exc, text)]) from None
    doc = Document(shown, None)
    if tree is None:
        doc.value_at[()] = _first_content(text)
        return doc
    doc.value_at[()] = _mark(tree)
    walker = _Walker(doc)
    doc.data = walker.plain(tree, (), 0)
    if walker.problems:
        raise InvalidInput(walker.problems)
    return doc


def _mark(node: Any) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _first_content(text: str) -> tuple[int, int]:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip() and not line.lstrip().startswith("#"):
            return number, len(line) - len(line.lstrip()) + 1
    return 1, 1


def _syntax_problem(shown: str, exc: Exception, text: str) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = str(getattr(exc, "problem", None) or str(exc).splitlines()[0])
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
    lines = text.splitlines()
    at = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in at[: max(col, 1)]:
        message, hint = _("YAML syntax: a tab character in the indentation"), _("indent with spaces, not tabs")
        return Problem(shown, line, col, message, hint, check="yaml-syntax")
    # The parser's own words (libyaml's), looked up as they are: see SYNTAX below.
    said = _(problem) if problem in SYNTAX else problem  # _("") would be the catalogue's header
    return Problem(shown, line, col, _("YAML syntax: {problem}").format(problem=said), check="yaml-syntax")


# What libyaml (and ruamel.yaml's composer) say about broken YAML, marked so that the catalogue
# translates them; one it does not know is shown as the parser wrote it.
SYNTAX = (
    N_("mapping values are not allowed in this context"),
    N_("block sequence entries are not allowed in this context"),
    N_("could not find expected ':'"),
    N_("did not find expected key"),
    N_("did not find expected node content"),
    N_("did not find expected '-' indicator"),
    N_("did not find expected ',' or ']'"),
    N_("did not find expected ',' or '}'"),
    N_("did not find expected <document start>"),
    N_("did not find expected comment or line break"),
    N_("found unexpected end of stream"),
    N_("found undefined alias"),
    N_("found character that cannot start any token"),
    N_("found unknown escape character"),
    N_("found a tab character that violates indentation"),
    N_("found a tab character where an indentation space is expected"),
    N_("found an indentation indicator equal to 0"),
    N_("found unknown directive name"),
    N_("but found another document"),
    N_("found undefined tag handle"),
)


class _Walker:
    """Builds plain dict/list/scalars from the node tree, recording positions and collecting problems."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.nodes = 0
        self.problems: list[Problem] = []

    def plain(self, node: Any, path: JsonPath, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:  # aliases can make a few lines stand for millions of values
            line, col = _mark(node)
            message = _("more than {count} values: aliases (*name) expand to too much").format(count=count(MAX_NODES))
            hint = _(ALIASES_HINT)
            raise InvalidInput([Problem(self.doc.path, line, col, message, hint, check="yaml-too-many-values")])
        if depth > MAX_DEPTH:
            line, col = _mark(node)
            message = _("nesting is deeper than {depth} levels").format(depth=MAX_DEPTH)
            raise InvalidInput([Problem(self.doc.path, line, col, message, check="yaml-too-deep")])
        kind = type(node).__name__
        if kind == "MappingNode":
            return self._mapping(node, path, depth)
        if kind == "SequenceNode":
            return [self._child(item, (*path, index), depth) for index, item in enumerate(node.value)]
        return self._scalar(node)

    def _child(self, node: Any, path: JsonPath, depth: int) -> Any:
        self.doc.value_at[path] = _mark(node)
        return self.plain(node, path, depth + 1)

    def _mapping(self, node: Any, path: JsonPath, depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        first: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = self._key(key_node)
            if key is None:
                continue
            line, col = _mark(key_node)
            if key in first:
                message = _("duplicate key '{key}' (first on line {line})").format(key=key, line=first[key])
                self.problems.append(Problem(self.doc.path, line, col, message, _(ONCE_HINT), check="duplicate-key"))
                continue
            first[key] = line
            self.doc.key_at[(*path, key)] = (line, col)
            out[key] = self._child(value_node, (*path, key), depth)
        return out

    def _key(self, node: Any) -> str | None:
        merge = node.tag == TAG + "merge" or (getattr(node, "style", "x") == "" and node.value == "<<")
        if type(node).__name__ != "ScalarNode" or merge:
            line, col = _mark(node)
            message = _("a key must be plain text (no lists, mappings or <<)")
            self.problems.append(Problem(self.doc.path, line, col, message, check="key-not-text"))
            return None
        return str(node.value)

    def _scalar(self, node: Any) -> Any:
        tag, text = node.tag, node.value
        if not node.style and tag == TAG + "str":  # a plain scalar: its form decides its type
            tag = _core_tag(text)
        if tag == TAG + "null":
            return None
        if tag == TAG + "bool":
            return text.lower() == "true"
        if tag == TAG + "int":
            return _integer(text)
        if tag == TAG + "float":
            if DANISH_THOUSANDS.match(text):
                self._thousands(node)
            return _exact_number(text)
        return str(text)  # strings, and dates and the like kept as written: the schema says what was expected

    def _thousands(self, node: Any) -> None:
        plain = node.value.replace(".", "")
        line, col = _mark(node)
        reads = f"{Decimal(node.value).normalize():f}"
        message = _("{written} reads as {reads} (the dot is a decimal point in YAML), not {meant}").format(
            written=node.value, reads=reads, meant=plain
        )
        hint = _("write numbers without thousands separators: {meant}").format(meant=plain)
        self.problems.append(Problem(self.doc.path, line, col, message, hint, check="danish-thousands"))


CORE = (
    (TAG + "null", re.compile(r"^(~|null|Null|NULL|)$")),
    (TAG + "bool", re.compile(r"^(true|True|TRUE|false|False|FALSE)$")),
    (TAG + "int", re.compile(r"^([-+]?[0-9][0-9_]*|0o[0-7]+|0x[0-9a-fA-F]+)$")),
    (
        TAG + "float",
        re.compile(
            r"^([-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$"
        ),
    ),
)


def _core_tag(text: str) -> str:
    """The YAML 1.2 core schema's type of a plain scalar ('no' and 'yes' stay text)."""
    return next((tag for tag, form in CORE if form.match(text)), TAG + "str")


def _integer(text: str) -> int | str:
    cleaned = text.replace("_", "")
    try:
        return int(cleaned, 0) if cleaned[:2].lower() in ("0x", "0o", "0b") else int(cleaned)
    except ValueError:
        return text


def _exact_number(text: str) -> Decimal | str:
    try:
        number = Decimal(text.replace("_", ""))
    except InvalidOperation:
        return text
    # .inf and .nan are not amounts anyone means; keep them as text so the schema rejects them.
    return number if number.is_finite() else text
