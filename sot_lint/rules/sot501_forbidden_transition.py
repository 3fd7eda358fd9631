"""A `decision_status` change must follow the allowed transitions.

Why: some moves undo governance. A decided record never returns to
`not_decided` (that would silently revoke an admission everyone relies on,
without a new decision); by default the allowed moves are `not_decided` to
either decided status and between the two decided statuses
(`[tool.sot-lint.decision.transitions]`). Checked against the base revision
(`--base REV`, or HEAD with `--staged`); a new file has no base and passes.

Bad:
    base: - `decision_status`: `local_provider_required`.
    now:  - `decision_status`: `not_decided`.

Good:
    base: - `decision_status`: `not_decided`.
    now:  - `decision_status`: `local_provider_required`.

Fix: record a new decision with an allowed status, or write a new record
that supersedes this one.
"""

from __future__ import annotations

from collections.abc import Iterator

from sot_lint.config import Config
from sot_lint.finding import Finding, Severity
from sot_lint.parse.document import Document
from sot_lint.rules.base import Meta, first, state_fields, state_text

META = Meta("SOT501", "forbidden-transition", Severity.ERROR)


def check(doc: Document, base: Document, config: Config) -> Iterator[Finding]:
    before, now = state_text(base, config, "decision_status"), state_text(doc, config, "decision_status")
    if not isinstance(before, str) or not isinstance(now, str) or before == now:
        return
    if now in config.transitions.get(before, ()):
        return
    field = first(state_fields(doc, config) or (), "decision_status")
    line, column = (field.line, field.column) if field is not None else (1, 1)
    allowed = ", ".join(config.transitions.get(before, ())) or "none"
    shown_before = before if before in config.statuses else "(unknown)"
    shown_now = now if now in config.statuses else "(unknown)"
    message = f"'decision_status' may not change from '{shown_before}' to '{shown_now}' (allowed: {allowed})"
    yield META.at(doc, line, message, column)
