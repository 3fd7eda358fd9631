"""Admission JSON: its file-name template, its keys' lines, and the bundled schema.

`json.loads` gives no positions, so `key_lines` finds the line of every
top-level key with a small linear tokenizer over the raw lines.
"""

from __future__ import annotations

import contextlib
import functools
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sot_lint import echo
from sot_lint.config import ConfigError
from sot_lint.parse import minischema
from sot_lint.parse.body import Field

_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|[{}\[\]:]')


def key_lines(lines: Sequence[str]) -> dict[str, tuple[int, int]]:
    """Line and column (1-based) of each key of the top-level JSON object."""
    return dict(_key_lines(tuple(lines)))


@functools.lru_cache(maxsize=16)  # several rules ask for the same file's keys
def _key_lines(lines: tuple[str, ...]) -> tuple[tuple[str, tuple[int, int]], ...]:
    found: dict[str, tuple[int, int]] = {}
    depth = 0
    pending: tuple[str, int, int] | None = None  # a string token, not yet known to be a key
    for number, text in enumerate(lines, start=1):
        for match in _TOKEN.finditer(text):
            token = match.group(0)
            if token in "{[":
                depth += 1
                pending = None
            elif token in "}]":
                depth -= 1
                pending = None
            elif token == ":":
                if pending is not None and depth == 1:
                    raw, line, column = pending
                    with contextlib.suppress(ValueError):
                        found.setdefault(json.loads(raw), (line, column))
                pending = None
            else:
                pending = (token, number, match.start() + 1)
    return tuple(found.items())


@functools.lru_cache(maxsize=8)
def template_pattern(template: str) -> re.Pattern[str]:
    """A regex matching file names made from `template` with any provider and model."""
    parts = re.split(r"(\{provider\}|\{model\})", template)
    return re.compile("".join(".+" if part in ("{provider}", "{model}") else re.escape(part) for part in parts))


def is_admission_name(name: str, template: str) -> bool:
    return template_pattern(template).fullmatch(name) is not None


def expected_name(template: str, provider: str, model: str) -> str:
    return template.replace("{provider}", provider).replace("{model}", model)


def state_value(fields: Sequence[Field], key: str) -> str | None:
    """The single, non-empty string value of `key` among `fields`, or None."""
    field = next((f for f in fields if f.key == key), None)
    return field.value if field is not None and isinstance(field.value, str) and field.value else None


def called_for(state: Sequence[Field], template: str) -> str | None:
    """The admission file name a record's current provider and model call for, or None."""
    provider, model = state_value(state, "provider"), state_value(state, "model")
    if provider is None or model is None:
        return None
    return expected_name(template, provider, model)


def admits(value: object, state: Sequence[Field]) -> bool:
    """Whether an admission JSON value is for the record state's provider and model."""
    return isinstance(value, dict) and all(value.get(k) == state_value(state, k) for k in ("provider", "model"))


@functools.lru_cache(maxsize=4)
def load_schema(path: Path | None) -> dict[str, Any]:
    """The repository's schema when configured, else the one shipped in the package."""
    try:
        if path is None:
            from sot_lint import schemas  # read beside its module: importlib.resources costs a hook run 3 ms

            text = Path(schemas.__file__).with_name("admission.schema.json").read_text("utf-8")
        else:
            text = path.read_text("utf-8")
        schema = json.loads(text)
    except (OSError, ValueError) as error:
        raise ConfigError(f"admission schema {path}: cannot load: {error}") from None
    if not isinstance(schema, dict):
        raise ConfigError(f"admission schema {path}: not a JSON object")
    return schema


def _violations(value: Any, schema: dict[str, Any], schema_path: Path | None) -> list[Any]:
    """Schema violations: the built-in validator when it covers the schema, else jsonschema."""
    if schema_path is None and minischema.supports(schema):
        return list(minischema.validate(value, schema, schema))
    import jsonschema

    validator_class = jsonschema.validators.validator_for(schema)
    try:
        validator_class.check_schema(schema)
    except jsonschema.SchemaError as error:
        raise ConfigError(f"admission schema {schema_path}: invalid: {error.message}") from None
    return list(validator_class(schema).iter_errors(value))


def schema_errors(value: Any, schema_path: Path | None) -> list[tuple[str | None, str]]:
    """(top-level key or None, message) for each schema violation, values never echoed."""
    schema = load_schema(schema_path)
    errors = []
    for violation in sorted(_violations(value, schema, schema_path), key=lambda e: [str(p) for p in e.path]):
        key = str(violation.path[0]) if violation.path else None
        if key is None and violation.validator == "additionalProperties":
            key = next(iter(_extra_keys(violation)), None)
        errors.append((key, _describe(violation)))
    return errors


def _extra_keys(violation: Any) -> list[str]:
    return sorted(set(violation.instance) - set(violation.schema.get("properties", {})))


_CONSTRAINTS = {
    "pattern": "does not match the required pattern",
    "minLength": "must not be empty",
    "minItems": "must not be empty",
    "uniqueItems": "must not repeat an item",
}


def _describe(error: Any) -> str:
    """A message about the violated constraint that never quotes the offending value."""
    where = "/".join(str(part) if isinstance(part, int) or echo.safe(part) else "(key)" for part in error.path)
    where = where or "the file"
    validator = error.validator
    if validator == "required":
        missing = [name for name in error.validator_value if name not in (error.instance or {})]
        return f"required key {echo.quoted(missing[0]) if missing else '?'} is missing"
    if validator == "additionalProperties":
        shown = ", ".join(echo.quoted(name) for name in _extra_keys(error) if echo.safe(name))
        return f"unknown key {shown or '(not shown)'}"
    if validator == "dependentRequired":
        return f"'{where}' requires {', '.join(repr(k) for k in error.validator_value)}"
    value = error.validator_value
    if validator == "type":
        expected = f"must be of type {value}"
    elif validator == "enum":
        expected = "must be one of: " + ", ".join(map(str, value))
    elif validator == "const":
        expected = f"must be {value!r}"
    else:
        expected = _CONSTRAINTS.get(validator, f"fails the '{validator}' constraint")
    return f"'{where}' {expected}"
