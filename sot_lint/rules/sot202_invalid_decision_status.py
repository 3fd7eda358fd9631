"""`decision_status` must be one of the known statuses.

Why: runtime gates compare the status with exact strings
(`not_decided`, `external_provider_approved`, `local_provider_required` by
default). Any other value, even a near miss such as `local-provider-required`,
is a decision no gate understands.

Bad:
    - `decision_status`: `approved`.

Good:
    - `decision_status`: `external_provider_approved`.

Fix: use one of the statuses listed in the message, or declare the new one in
`[tool.sot-lint.decision] statuses`.
"""

from __future__ import annotations

from collections.abc import Iterator

from sot_lint.config import Config
from sot_lint.finding import Finding, Severity
from sot_lint.parse.document import Document
from sot_lint.rules.base import MARKDOWN, Meta, first, shown, state_fields

META = Meta("SOT202", "invalid-decision-status", Severity.ERROR)
KINDS = MARKDOWN


def check(doc: Document, config: Config) -> Iterator[Finding]:
    status = first(state_fields(doc, config) or (), "decision_status")
    if status is None or status.is_empty or status.value in config.statuses:
        return
    choices = ", ".join(config.statuses)
    yield META.at(doc, status.line, f"'decision_status' {shown(status.value)} is not one of: {choices}", status.column)
