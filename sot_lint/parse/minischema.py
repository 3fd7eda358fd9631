"""A small JSON Schema validator for the keywords the bundled admission schema uses.

Importing `jsonschema` costs about as much as the rest of a hook run, so the
bundled schema is checked here; a schema using any other keyword (a
repository's own, say) goes to `jsonschema`. A test checks both agree on
mutations of the real admission file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, NamedTuple

SUPPORTED = frozenset(
    {
        "$schema", "$id", "$defs", "$ref", "title", "description",
        "type", "const", "enum", "pattern", "minLength", "minItems", "uniqueItems",
        "items", "properties", "required", "additionalProperties", "dependentRequired",
    }
)  # fmt: skip

_TYPES: dict[str, Any] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "integer": lambda v: (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer()),
}


class Violation(NamedTuple):
    """The parts of a jsonschema ValidationError that reports use."""

    path: tuple[str | int, ...]
    validator: str
    validator_value: Any
    instance: Any
    schema: dict[str, Any]


def _supported(key: str, value: Any) -> bool:
    if key not in SUPPORTED:
        return False
    if key in ("properties", "$defs"):
        return isinstance(value, dict) and all(supports(sub) for sub in value.values())
    if key in ("items", "additionalProperties"):
        return supports(value)
    if key == "$ref":
        return isinstance(value, str) and value.startswith("#/$defs/")
    return True


def supports(schema: Any) -> bool:
    """Whether every keyword anywhere in `schema` is one this module implements."""
    if isinstance(schema, dict):
        return all(_supported(key, value) for key, value in schema.items())
    return isinstance(schema, bool)


def _equal(left: Any, right: Any) -> bool:
    """JSON equality: booleans are not numbers."""
    if isinstance(left, bool) or isinstance(right, bool):
        return type(left) is type(right) and left == right
    return bool(left == right)


def _canonical(value: Any) -> Any:
    """A hashable form equal for JSON-equal values (1 == 1.0, True != 1): uniqueItems in linear time."""
    if isinstance(value, bool) or value is None:
        return ("literal", value)
    if isinstance(value, float) and value.is_integer():
        return ("number", int(value))
    if isinstance(value, int | float):
        return ("number", value)
    if isinstance(value, list):
        return ("array", tuple(_canonical(item) for item in value))
    if isinstance(value, dict):
        return ("object", frozenset((key, _canonical(item)) for key, item in value.items()))
    return ("string", value)


def validate(instance: Any, schema: Any, root: dict[str, Any], path: tuple[str | int, ...] = ()) -> Iterator[Violation]:
    if not isinstance(schema, dict):
        if schema is False:
            yield Violation(path, "false", False, instance, {})
        return
    if "$ref" in schema:
        target = root.get("$defs", {}).get(schema["$ref"].removeprefix("#/$defs/"), {})
        yield from validate(instance, target, root, path)

    def fail(keyword: str) -> Violation:
        return Violation(path, keyword, schema[keyword], instance, schema)

    kind = schema.get("type")
    if kind is not None:
        kinds = kind if isinstance(kind, list) else [kind]
        if not any(_TYPES[k](instance) for k in kinds):
            yield fail("type")
    if "const" in schema and not _equal(instance, schema["const"]):
        yield fail("const")
    if "enum" in schema and not any(_equal(instance, option) for option in schema["enum"]):
        yield fail("enum")
    if isinstance(instance, str):
        if "pattern" in schema and re.search(schema["pattern"], instance) is None:
            yield fail("pattern")
        if "minLength" in schema and len(instance) < schema["minLength"]:
            yield fail("minLength")
    if isinstance(instance, list):
        if "minItems" in schema and len(instance) < schema["minItems"]:
            yield fail("minItems")
        if schema.get("uniqueItems") and len({_canonical(item) for item in instance}) < len(instance):
            yield fail("uniqueItems")
        if "items" in schema:
            for index, item in enumerate(instance):
                yield from validate(item, schema["items"], root, (*path, index))
    if isinstance(instance, dict):
        if "required" in schema and any(name not in instance for name in schema["required"]):
            yield fail("required")
        properties = schema.get("properties", {})
        for name, item in instance.items():
            if name in properties:
                yield from validate(item, properties[name], root, (*path, name))
        if schema.get("additionalProperties") is False and set(instance) - set(properties):
            yield fail("additionalProperties")
        for name, needed in schema.get("dependentRequired", {}).items():
            if name in instance and any(other not in instance for other in needed):
                yield fail("dependentRequired")
