"""JSON Schema for rule and dataset files, generated from ``engine.models``, and validation
that turns every schema violation into a ``Problem`` at the offending line and column."""

from __future__ import annotations

import json
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from ..i18n import N_, _

# Draft 7, not 2020-12: the YAML editors (yaml-language-server, in VS Code and others) validate with
# draft 7, and a schema must mean the same to the editor as to klynge.
SCHEMA_DIALECT = "http://json-schema.org/draft-07/schema#"
DEFINITIONS = "#/definitions/"
SCHEMA_FILES = {
    "rule": "rule.schema.json",
    "population": "population.schema.json",
    "clusters": "clusters.schema.json",
    "parameters": "parameters.schema.json",
    "region_key": "region_key.schema.json",
    "ledger": "ledger.schema.json",
    "commitments": "commitments.schema.json",
    "carry_over": "carry_over.schema.json",
}
# A variant's lists of pots and parameters merge item by item on these keys (engine/yamlio.py).
MERGE_KEYS = ("id", "name")


def generate(kind: str) -> dict[str, Any]:
    """The JSON Schema of one file kind, as committed in ``schemas/``."""
    from . import models

    schema = models.FILE_KINDS[kind].model_json_schema(
        schema_generator=_generator(), ref_template=DEFINITIONS + "{model}"
    )
    definitions: dict[str, Any] = schema.pop("$defs", {})
    for name, definition in definitions.items():
        definition.update(models.schema_extras(name))
    if kind == "rule":
        schema = _rule_or_variant(schema, definitions)
    return {"$schema": SCHEMA_DIALECT, **_sanitize(schema), "definitions": _sanitize(definitions)}


def _generator() -> Any:
    from pydantic.json_schema import GenerateJsonSchema

    class Generator(GenerateJsonSchema):
        def decimal_schema(self, schema: Any) -> dict[str, Any]:
            out: dict[str, Any] = {"type": "number"}
            for key, name in (
                ("gt", "exclusiveMinimum"),
                ("ge", "minimum"),
                ("lt", "exclusiveMaximum"),
                ("le", "maximum"),
            ):
                if schema.get(key) is not None:
                    out[name] = _json_number(schema[key])
            return out

        def nullable_schema(self, schema: Any) -> dict[str, Any]:
            # An optional key is simply left out; YAML's null is not a value anyone means here.
            return self.generate_inner(schema["schema"])

        def field_title_should_be_set(self, schema: Any) -> bool:
            return False

        def default_schema(self, schema: Any) -> dict[str, Any]:
            out = super().default_schema(schema)
            if out.get("default") is None:
                out.pop("default", None)
            elif schema["schema"].get("type") == "decimal":  # pydantic writes a Decimal default as text
                out["default"] = _json_number(out["default"])
            return out

    return Generator


def _rule_or_variant(rule: dict[str, Any], definitions: dict[str, Any]) -> dict[str, Any]:
    """A rule file is either a whole rule or a variant (``based_on``) that gives only what it changes:
    the variant's mappings may leave out any key (the base gives it), its pots and parameters all but
    the one that names them. Lists that replace the base's list whole (members, published) stay whole."""
    definitions["Rule"] = rule
    variant = _loosened(rule, definitions)
    variant["required"] = ["kind", "id", "based_on"]
    variant["description"] = N_("A variant of another rule (based_on): only what differs from it.")
    definitions["RuleVariant"] = variant
    return {
        "title": rule["title"],
        "description": rule["description"],
        "type": "object",
        "if": {"required": ["based_on"]},
        "then": {"$ref": DEFINITIONS + "RuleVariant"},
        "else": {"$ref": DEFINITIONS + "Rule"},
    }


def _loosened(node: Any, definitions: dict[str, Any]) -> Any:
    if isinstance(node, list):
        return [_loosened(item, definitions) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        return {**node, "$ref": DEFINITIONS + _loosened_definition(node["$ref"], definitions)}
    out = {key: _loosened(value, definitions) for key, value in node.items() if key not in ("required", "items")}
    if kept := [key for key in node.get("required", ()) if key in MERGE_KEYS]:
        out["required"] = kept
    if "items" in node:
        out["items"] = (
            _loosened(node["items"], definitions) if _merged_by_item(node["items"], definitions) else node["items"]
        )
    return out


def _loosened_definition(ref: str, definitions: dict[str, Any]) -> str:
    name = ref.removeprefix(DEFINITIONS)
    if name.endswith("Variant") or "properties" not in definitions[name]:
        return name  # an enum or an already loosened definition
    loose = f"{name}Variant"
    if loose not in definitions:
        definitions[loose] = {}  # placeholder: a definition may refer to itself
        definitions[loose] = _loosened(definitions[name], definitions)
    return loose


def _merged_by_item(items: Any, definitions: dict[str, Any]) -> bool:
    target = definitions.get(str(items.get("$ref", "")).removeprefix(DEFINITIONS), {})
    return any(key in target.get("required", ()) for key in MERGE_KEYS)


def _json_number(value: Any) -> int | float:
    number = Decimal(str(value))
    return int(number) if number == number.to_integral_value() else float(number)


def _sanitize(node: Any) -> Any:
    if isinstance(node, dict):
        return {key: _sanitize(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_sanitize(value) for value in node]
    if isinstance(node, Decimal):
        return _json_number(node)
    return node


def render(kind: str) -> str:
    """The schema as the text of its file: sorted keys, two-space indent, final newline, and its
    descriptions (what an editor shows on hover) in klynge's language, Danish unless told otherwise."""
    return json.dumps(_described(generate(kind)), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def is_current(kind: str, text: str) -> bool:
    """Whether ``text`` is the schema of ``kind`` as klynge writes it, in any of its languages: a
    repository's schemas written in Danish are not stale for a colleague who reads klynge in English."""
    from .. import i18n

    for language in i18n.LANGUAGES:
        with i18n.speaking(language):
            if text == render(kind):
                return True
    return False


def _described(node: Any) -> Any:
    """``node`` with every description translated; a property named ``description`` is no description."""
    if isinstance(node, list):
        return [_described(item) for item in node]
    if not isinstance(node, dict):
        return node
    return {
        key: _(value) if key == "description" and isinstance(value, str) else _described(value)
        for key, value in node.items()
    }


def schemas_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "schemas"


@cache
def validator(kind: str) -> Any:
    import jsonschema

    path = schemas_dir() / SCHEMA_FILES[kind]
    schema = json.loads(path.read_text(encoding="utf-8")) if path.exists() else generate(kind)
    # Following "$ref" on every value costs jsonschema more than the checks themselves; the schemas
    # have no recursion, so every reference is put in place once.
    definitions = schema.pop("definitions", {})
    if kind == "rule":  # klynge checks a variant merged with its base: it must be a whole rule
        schema = definitions["Rule"]
    return jsonschema.Draft7Validator(_inline(schema, definitions))


def _inline(node: Any, definitions: dict[str, Any]) -> Any:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(DEFINITIONS):
            target = _inline(definitions[ref.rsplit("/", 1)[1]], definitions)
            return {**target, **{k: _inline(v, definitions) for k, v in node.items() if k != "$ref"}}
        return {key: _inline(value, definitions) for key, value in node.items()}
    if isinstance(node, list):
        return [_inline(item, definitions) for item in node]
    return node
