"""Paired fields come together: `fallback_provider` needs `fallback_model`.

Why: a fallback provider without its model (or the reverse) is a fallback the
runtime cannot execute, and one a reviewer cannot assess.

Bad:
    - `fallback_provider`: `openai-codex`.

Good:
    - `fallback_provider`: `openai-codex`.
    - `fallback_model`: `gpt-5.5`.

Fix: add the partner field, or remove both; pairs are
`[tool.sot-lint.decision] pairs` in the config.
"""

from __future__ import annotations

from collections.abc import Iterator

from sot_lint.config import Config
from sot_lint.finding import Finding, Severity
from sot_lint.parse.document import Document
from sot_lint.rules.base import MARKDOWN, Meta, first, state_fields

META = Meta("SOT205", "incomplete-pair", Severity.ERROR)
KINDS = MARKDOWN


def check(doc: Document, config: Config) -> Iterator[Finding]:
    fields = state_fields(doc, config) or ()
    for left, right in config.paired_fields:
        for have, lacking in ((left, right), (right, left)):
            field = first(fields, have)
            if field is not None and first(fields, lacking) is None:
                yield META.at(doc, field.line, f"'{have}' is set but its pair '{lacking}' is missing", field.column)
