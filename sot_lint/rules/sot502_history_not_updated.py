"""A `decision_status` change needs a new `Decision History` entry.

Why: the history is the audit trail. A status that changes without a line
saying what it was, who changed it and why erases the previous decision from
the record. Checked against the base revision: the `Decision History` section
must have gained at least one line.

Bad:
    status changed to `local_provider_required`; Decision History unchanged

Good:
    status changed, and under `## Decision History`:
    - 2026-05-31: `not_decided` -> `local_provider_required`, approved by JP.

Fix: add the history entry in the same commit.
"""

from __future__ import annotations

from collections.abc import Iterator

from sot_lint.config import Config
from sot_lint.finding import Finding, Severity
from sot_lint.parse.document import Document
from sot_lint.rules.base import Meta, first, state_fields, state_text

META = Meta("SOT502", "history-not-updated", Severity.ERROR)


def _history_lines(doc: Document, config: Config) -> set[str]:
    section = doc.section(config.history_section)
    if section is None:
        return set()
    return {text.strip() for text in doc.lines[section.line : section.end_line] if text.strip()}


def check(doc: Document, base: Document, config: Config) -> Iterator[Finding]:
    before, now = state_text(base, config, "decision_status"), state_text(doc, config, "decision_status")
    if before is None or now is None or before == now:
        return
    if _history_lines(doc, config) - _history_lines(base, config):
        return
    field = first(state_fields(doc, config) or (), "decision_status")
    line, column = (field.line, field.column) if field is not None else (1, 1)
    yield META.at(doc, line, f"'decision_status' changed but '{config.history_section}' has no new entry", column)
