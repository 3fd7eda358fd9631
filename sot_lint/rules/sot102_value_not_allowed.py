"""Enumerated frontmatter keys must hold one of their allowed values.

Why: `status`, `lifecycle_classification` and `core_promotion_status` drive
what readers and tools do with a record; a typo (`actve`) or an invented value
makes a record fall out of every filter that looks for the real ones.

Bad:
    status: approved

Good:
    status: active

Fix: use one of the values listed in the message, or extend the list in
`[tool.sot-lint.frontmatter.allowed]` if the new value is deliberate.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator

from sot_lint.config import Config
from sot_lint.finding import Finding, Severity
from sot_lint.parse.document import Document
from sot_lint.rules.base import MARKDOWN, Meta, metadata, shown

META = Meta("SOT102", "value-not-allowed", Severity.ERROR)
KINDS = MARKDOWN


def _allowed(value: object, allowed: tuple[str, ...]) -> bool:
    """Listed exactly, or matching an entry with `*` (any text), e.g. 'superseded by *'."""
    if value in allowed:
        return True
    return isinstance(value, str) and any("*" in entry and fnmatch.fnmatchcase(value, entry) for entry in allowed)


def check(doc: Document, config: Config) -> Iterator[Finding]:
    keys = metadata(doc, config)
    if keys is None:
        return
    for key, allowed in config.allowed_values.items():
        entry = keys.get(key)
        if entry is None or _allowed(entry.value, allowed):
            continue
        choices = ", ".join(allowed)
        yield META.at(doc, entry.line, f"'{key}' value {shown(entry.value)} is not one of: {choices}", entry.column)
