"""jsonschema's findings as problems a person reads, in klynge's language.

jsonschema words its messages in English and cannot be told otherwise, so each kind of finding
(``error.validator``: required, additionalProperties, type, enum, ...) is worded here from its facts
(``validator_value``, ``instance``) through the catalogue. The English wording is the one klynge has
always printed. Which schema a file is checked against is engine/schema.py's.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from ..i18n import N_, _, current, speaking
from . import schema
from .errors import Problem, did_you_mean
from .yamlio import Document, JsonPath

# A key that needs another beside it (models.DEPENDENT_REQUIRED): the check that says so.
NEEDS_REASON = {"weight": "weight-needs-reason", "basis": "basis-needs-reason"}


def validate(doc: Document, kind: str) -> list[Problem]:
    """Every way ``doc`` breaks the schema of ``kind``, one Problem each."""
    problems: list[Problem] = []
    for error in schema.validator(kind).iter_errors(doc.data):
        problems.extend(_translate(doc, error))
    return problems


def at(path: JsonPath) -> str:
    """Where in the file, as its keys spell it (``pots[0].amount: ``): keys are never translated."""
    return f"{_dotted(path)}: " if path else ""


def _translate(doc: Document, error: Any) -> list[Problem]:
    path: JsonPath = tuple(error.absolute_path)
    kind = error.validator
    if kind == "additionalProperties":
        return _unknown_keys(doc, path, error)
    if kind == "required":
        missing = error.message.split("'")[1]  # jsonschema reports each missing key on its own, as repr
        described = error.schema.get("properties", {}).get(missing, {}).get("description", "")
        message = _("missing key '{key}'").format(key=missing)
        return [doc.problem(path, at(path) + message, _description(described), check="schema")]
    if kind == "dependencies":
        return _dependent(doc, path, error)
    if kind in ("anyOf", "oneOf") and error.context:
        return [problem for inner in _fitting_branch(error) for problem in _translate(doc, inner)]
    message, hint = describe(error)
    return [doc.problem(path, at(path) + message, hint, check="schema")]


BOUNDS = {
    "minimum": N_("must be at least {limit}, got {value}"),
    "exclusiveMinimum": N_("must be greater than {limit}, got {value}"),
    "maximum": N_("must be at most {limit}, got {value}"),
    "exclusiveMaximum": N_("must be less than {limit}, got {value}"),
}


def describe(error: Any) -> tuple[str, str]:
    """The message and the fix for one finding that is not about a mapping's keys."""
    kind, value, instance = error.validator, error.validator_value, error.instance
    if kind == "type":
        expected = _(" or ").join(article(v) for v in value) if isinstance(value, list) else article(value)
        return _("expected {expected}, got {value}").format(expected=expected, value=shown(instance)), ""
    if kind == "enum":
        choices = ", ".join(str(v) for v in value)
        message = _("{value} is not one of: {choices}").format(value=shown(instance), choices=choices)
        return message, did_you_mean(str(instance), [str(v) for v in value])
    if kind == "const":
        return _("must be '{expected}', got {value}").format(expected=value, value=shown(instance)), ""
    if kind in BOUNDS:
        return _(BOUNDS[kind]).format(limit=value, value=shown(instance)), ""
    if kind == "pattern":
        message = _("{value} has the wrong form").format(value=shown(instance))
        return message, _description(error.schema.get("description", ""))
    if kind in ("minLength", "minItems"):
        return _("must not be empty"), ""
    return _other(error), ""


def _other(error: Any) -> str:
    """A kind of finding the schemas do not use today: jsonschema's own words in English; in another
    language a message of ours, for jsonschema's English must not turn up in a Danish sentence."""
    if current() == "en":
        return str(error.message)
    return _("does not fit the schema's rule '{validator}'").format(validator=error.validator)


TYPES = {
    "object": N_("a mapping (key: value)"),
    "array": N_("a list"),
    "integer": N_("a whole number"),
    "number": N_("a number"),
    "string": N_("text"),
    "boolean": N_("boolean"),
    "null": N_("null"),
}


def article(word: str) -> str:
    """A JSON Schema type as a reader says it."""
    return _(TYPES[word]) if word in TYPES else word


def shown(value: Any) -> str:
    """A value as the file gives it: text quoted, numbers as written, containers by what they are."""
    if isinstance(value, dict):
        return _("a mapping")
    if isinstance(value, list):
        return _("a list")
    if value is None:
        return _("nothing (null)")
    return repr(value) if isinstance(value, str) else str(value)


def _unknown_keys(doc: Document, path: JsonPath, error: Any) -> list[Problem]:
    allowed = sorted(error.schema.get("properties", {}))
    problems = []
    for key in sorted(set(error.instance) - set(allowed)):
        hint = did_you_mean(key, allowed) or _allowed(error.schema)
        message = at((*path, key)) + _("unknown key '{key}'").format(key=key)
        problems.append(doc.problem((*path, key), message, hint, key=True, check="schema"))
    return problems


def _dependent(doc: Document, path: JsonPath, error: Any) -> list[Problem]:
    problems = []
    for key, needed in error.validator_value.items():
        for other in needed:
            if key in error.instance and other not in error.instance:
                where = (*path, key)
                message = at(where) + _("'{key}' needs '{other}' beside it").format(key=key, other=other)
                hint = _("add '{other}: ...' saying why").format(other=other)
                check = NEEDS_REASON.get(key, "schema")
                problems.append(doc.problem(where, message, hint, key=True, check=check))
    return problems


def _allowed(node: dict[str, Any]) -> str:
    keys = sorted(node.get("properties", {}))
    return _("allowed keys: {keys}").format(keys=", ".join(keys)) if keys else ""


def _description(text: str) -> str:
    """A key's description from the schema as a fix, in klynge's language. The shipped schemas are
    written in Danish (for the editor's hover); the English is the message id in engine/models.py."""
    return _(_message_ids().get(text, text)) if text else ""


@cache
def _message_ids() -> dict[str, str]:
    """Every description as the shipped schemas may give it (Danish, or English where a repository
    wrote them in English) to its message id."""
    english: set[str] = set()
    for kind in schema.SCHEMA_FILES:
        _collect(schema.generate(kind), english)
    with speaking("da"):
        return {**{_(text): text for text in english}, **{text: text for text in english}}


def _collect(node: Any, found: set[str]) -> None:
    if isinstance(node, dict):
        if isinstance(node.get("description"), str):
            found.add(node["description"])
        for value in node.values():
            _collect(value, found)
    elif isinstance(node, list):
        for value in node:
            _collect(value, found)


def _dotted(path: JsonPath) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _fitting_branch(error: Any) -> list[Any]:
    """The errors of the one alternative whose type fits the value (a list, say), else the best guess."""
    import jsonschema.exceptions

    branches: dict[int, list[Any]] = {}
    for inner in error.context:
        branches.setdefault(inner.relative_schema_path[0], []).append(inner)
    fitting = [
        errs for errs in branches.values() if not any(e.validator == "type" and not e.relative_path for e in errs)
    ]
    return fitting[0] if len(fitting) == 1 else [jsonschema.exceptions.best_match(error.context)]
