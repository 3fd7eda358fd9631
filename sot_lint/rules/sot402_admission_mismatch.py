"""The admission JSON must agree with its record, key by key.

Why: the record is what people approve, the JSON is what the runtime reads.
If `model`, `provider`, a fallback, the status or a class differs, the runtime
runs something nobody approved. Keys compared (`[tool.sot-lint.admission]
compare`): decision_status, provider_class, provider, model,
fallback_provider, fallback_model, approval_source, credential_source_class,
allowed_network_class. Record values are compared as parsed (no final period,
no `;` note). Reported in the JSON at the key's line, whichever file changed.

Bad:
    record: - `fallback_model`: `gpt-5.5`.
    JSON:   "fallback_model": "gpt-5.4"

Good:
    both say gpt-5.5

Fix: update whichever side is stale; the record is the approved source.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from sot_lint.config import Config
from sot_lint.finding import Finding, Severity
from sot_lint.parse.admission import key_lines
from sot_lint.parse.body import Field
from sot_lint.parse.document import Document
from sot_lint.repo.index import Index
from sot_lint.rules.base import ANY_FILE, Meta, state_fields

META = Meta("SOT402", "admission-mismatch", Severity.ERROR)
KINDS = ANY_FILE


def differences(
    fields: Sequence[Field], admitted: Document, config: Config
) -> Iterator[tuple[str, Field | None, bool]]:
    """Every compared key on which the record's state `fields` and the admission file differ.

    With the record's field (None where its state lacks the key) and whether
    the JSON has the key; nothing when the admission file is no JSON object
    (SOT004 and SOT403 report that).
    """
    value = admitted.json_value
    if not isinstance(value, dict):
        return
    by_key = {f.key: f for f in fields}
    for key in config.admission_compare:
        field = by_key.get(key)
        stated = value.get(key)
        if isinstance(stated, list):
            stated = tuple(stated)
        if (field.value if field is not None else None) != stated:
            yield key, field, key in value


def agrees(fields: Sequence[Field], admitted: Document, config: Config) -> bool:
    """Whether the admission file is a JSON object agreeing with the record's state `fields` on every compared key."""
    return isinstance(admitted.json_value, dict) and next(differences(fields, admitted, config), None) is None


def compare(record: Document, admitted: Document, config: Config) -> Iterator[Finding]:
    """Findings, in the admission file, for every compared key that differs."""
    lines: dict[str, tuple[int, int]] | None = None  # the JSON's key lines: found only when something differs
    fields = state_fields(record, config)
    if fields is None:
        return
    for key, field, in_json in differences(fields, admitted, config):
        if lines is None:
            lines = key_lines(admitted.lines)
        line, column = lines.get(key, (1, 1))
        if field is None:
            message = f"'{key}' is in the admission file but not in the record's state"
        elif not in_json:
            message = f"'{key}' is missing; the record sets it on line {field.line}"
        else:
            message = f"'{key}' differs from the record ({record.path}:{field.line})"
        yield META.at(admitted, line, message, column)


def check(doc: Document, path: Path, config: Config, index: Index) -> Iterator[Finding]:
    if doc.kind == "markdown":
        target = index.admission_for(path) if state_fields(doc, config) is not None else None
        if target is not None:
            yield from compare(doc, index.load(target), config)
        return
    if not index.is_admission(path):
        return
    for record_path in index.records_for(path):
        yield from compare(index.load(record_path), doc, config)
