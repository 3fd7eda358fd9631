"""A field appears once in the current decision state.

Why: two `provider` lines in `Current Decision State` make the state
ambiguous: a reader takes one, a tool the other. Earlier values belong in
`Decision History`, where repeated keys are expected.

Bad:
    ## Current Decision State
    - `provider`: `qwen-local`.
    - `provider`: `openai-codex`.

Good:
    ## Current Decision State
    - `provider`: `qwen-local`.

Fix: keep the current value only; move the old one to `Decision History`.
"""

from __future__ import annotations

from collections.abc import Iterator

from sot_lint.config import Config
from sot_lint.finding import Finding, Severity
from sot_lint.parse.document import Document
from sot_lint.rules.base import MARKDOWN, Meta, state_fields

META = Meta("SOT207", "duplicate-field", Severity.ERROR)
KINDS = MARKDOWN


def check(doc: Document, config: Config) -> Iterator[Finding]:
    seen: dict[str, int] = {}
    for field in state_fields(doc, config) or ():
        if field.key in seen:
            message = f"'{field.key}' is already set on line {seen[field.key]}"
            yield META.at(doc, field.line, message, field.column)
        else:
            seen[field.key] = field.line
