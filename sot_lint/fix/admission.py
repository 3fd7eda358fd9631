"""The admission JSON written from its record: created (SOT401) or updated key by key (SOT402).

Only values the record states are copied, and never one a leak detector
flags: each candidate is scanned on its own, as a JSON member and as a field,
before it may enter the file. Keys only a person can supply stay out and are
named in a note, for SOT403 to report.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sot_lint.config import Config
from sot_lint.fix import jsonedit
from sot_lint.leaks import Scanner
from sot_lint.parse import admission, document
from sot_lint.parse.body import Field
from sot_lint.parse.document import Document

PERSON_ONLY = ("runtime_env", "evidence_expectations")


@dataclass
class JsonChange:
    """The new text of one admission file, and what was left undone."""

    text: str
    keys: list[str] = field(default_factory=list)  # keys written or removed
    notes: list[str] = field(default_factory=list)
    withheld: list[str] = field(default_factory=list)  # keys whose record value is flagged as a leak
    missing: list[str] = field(default_factory=list)  # schema-required keys a created file lacks


def _schema(config: Config) -> dict[str, Any]:
    return admission.load_schema(config.admission_schema)


def key_order(config: Config) -> list[str]:
    """The schema's property order, then compared keys it does not list."""
    properties = list(_schema(config).get("properties", {}))
    return properties + [k for k in (*config.admission_compare, *PERSON_ONLY) if k not in properties]


def _array_keys(config: Config) -> set[str]:
    properties = _schema(config).get("properties", {})
    return {k for k, spec in properties.items() if isinstance(spec, dict) and spec.get("type") == "array"}


def flagged(key: str, value: str, scanner: Scanner, config: Config) -> bool:
    """Whether any leak detector flags `value`, written as a JSON member or as a record field."""
    probes = (
        ("probe.json", "json", f"{{\n  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}\n}}\n"),
        ("probe.md", "markdown", f"# Probe\n## State\n- `{key}`: {value}\n- `{key}`: `{value}`.\n{value}\n"),
    )
    for name, kind, text in probes:
        doc = document.parse(name, kind, text.encode("utf-8"), config.max_file_size)  # type: ignore[arg-type]
        if scanner.scan(doc, name):
            return True
    return False


def _wanted(
    key: str, item: Field, leak_lines: set[int], scanner: Scanner, *, config: Config, notes: list[str]
) -> object | None:
    """The JSON value of a record field, or None (with a note) when it must not be copied."""
    values = item.values
    if item.line in leak_lines or any(flagged(key, value, scanner, config) for value in values):
        notes.append(f"'{key}' not copied: the record's value is flagged as a leak")
        return None
    if isinstance(item.value, tuple):
        return list(item.value)
    return [item.value] if key in _array_keys(config) and key not in config.admission_compare else item.value


def state(record: Document, config: Config) -> dict[str, Field]:
    return {f.key: f for f in record.fields_in(config.state_section)}  # the last one wins, as SOT402 reads it


def create(
    record: Document, record_path: Path, target: Path, *, config: Config, scanner: Scanner, leak_lines: set[int]
) -> JsonChange:
    """A new admission file holding every admission key the record states."""
    notes: list[str] = []
    fields = state(record, config)
    schema = _schema(config)
    version = schema.get("properties", {}).get("schema_version", {}).get("const", 1)
    value: dict[str, Any] = {
        "schema_version": version,
        "record": Path(os.path.relpath(record_path, target.parent)).as_posix(),
    }
    for key in key_order(config):
        if key in value or key not in fields or (key not in config.admission_compare and key not in PERSON_ONLY):
            continue
        wanted = _wanted(key, fields[key], leak_lines, scanner, config=config, notes=notes)
        if wanted is not None:
            value[key] = wanted
    withheld = [key for key in fields if key in config.admission_compare and key not in value]
    missing = [key for key in schema.get("required", ()) if key not in value]
    for key in missing:
        if key not in withheld:
            notes.append(f"'{key}' left for a person to supply (SOT403 reports it)")
    return JsonChange(jsonedit.dumps(value), list(value), notes, withheld, missing)


def update(
    record: Document,
    text: str,
    *,
    config: Config,
    scanner: Scanner,
    leak_lines: set[int],
    json_leak_lines: set[int],
) -> JsonChange | None:
    """`text` with every compared key that differs from the record set to the record's value.

    None when the file is not a JSON object or nothing can change.
    """
    try:
        current = json.loads(text)
    except ValueError:
        return None
    if not isinstance(current, dict):
        return None
    fields = state(record, config)
    required = set(_schema(config).get("required", ()))
    located = jsonedit.members(text)
    if located is None:
        return None
    spans = {m.key: (text.count("\n", 0, m.start) + 1, text.count("\n", 0, m.value_end) + 1) for m in located[2]}
    notes: list[str] = []
    wanted: dict[str, object | None] = {}
    for key in config.admission_compare:
        item = fields.get(key)
        in_record = item.value if item is not None else None
        in_json = current.get(key)
        if (tuple(in_json) if isinstance(in_json, list) else in_json) == in_record:
            continue
        first, last = spans.get(key, (0, 0))
        if any(line in json_leak_lines for line in range(first, last + 1)) and key in current:
            notes.append(f"'{key}' not changed: the admission file's value is flagged as a leak")
            continue
        if item is None:
            if key in required:
                notes.append(f"'{key}' is required by the schema but not stated in the record: left for a person")
                continue
            wanted[key] = None
            continue
        value = _wanted(key, item, leak_lines, scanner, config=config, notes=notes)
        if value is not None:
            wanted[key] = value
    if not wanted:
        return JsonChange(text, [], notes)
    updated = jsonedit.update(text, wanted, key_order(config))
    expected = {k: v for k, v in {**current, **wanted}.items() if v is not None}
    if updated is None or json.loads(updated) != expected:
        return JsonChange(text, [], [*notes, "the admission file's layout could not be edited safely: left as it is"])
    return JsonChange(updated, list(wanted), notes)
