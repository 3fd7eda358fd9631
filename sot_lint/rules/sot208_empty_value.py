"""A field of the current decision state must have a value.

Why: `- `provider`:` with nothing after it looks filled in at a glance and
satisfies a naive presence check, yet states nothing.

Bad:
    - `approval_source`:

Good:
    - `approval_source`: JP chat approval on 2026-05-31.

Fix: write the value, or remove the field if it does not apply.
"""

from __future__ import annotations

from collections.abc import Iterator

from sot_lint.config import Config
from sot_lint.finding import Finding, Severity
from sot_lint.parse.document import Document
from sot_lint.rules.base import MARKDOWN, Meta, state_fields

META = Meta("SOT208", "empty-value", Severity.ERROR)
KINDS = MARKDOWN


def check(doc: Document, config: Config) -> Iterator[Finding]:
    for field in state_fields(doc, config) or ():
        if field.is_empty:
            yield META.at(doc, field.line, f"'{field.key}' has an empty value", field.column)
