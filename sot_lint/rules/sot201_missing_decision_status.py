"""A decision record must state its `decision_status`.

Why: the `Current Decision State` section exists to say what is decided. Without
`decision_status` nobody, and no tool, can tell whether a provider may run.
Only fields of that section count: the same key under `Decision History` is
history, not state.

Bad:
    ## Current Decision State
    - `provider`: `qwen-local`.

Good:
    ## Current Decision State
    - `decision_status`: `local_provider_required`.
    - `provider`: `qwen-local`.

Fix: add the `decision_status` field to the `Current Decision State` section.
"""

from __future__ import annotations

from collections.abc import Iterator

from sot_lint.config import Config
from sot_lint.finding import Finding, Severity
from sot_lint.parse.document import Document
from sot_lint.rules.base import MARKDOWN, Meta, first, state_fields

META = Meta("SOT201", "missing-decision-status", Severity.ERROR)
KINDS = MARKDOWN


def check(doc: Document, config: Config) -> Iterator[Finding]:
    fields = state_fields(doc, config)
    section = doc.section(config.state_section)
    if fields is None or section is None or first(fields, "decision_status") is not None:
        return
    yield META.at(doc, section.line, f"'{config.state_section}' has no 'decision_status' field")
