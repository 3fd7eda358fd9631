"""A decided status requires the fields that make the decision executable.

Why: `external_provider_approved` or `local_provider_required` lets a
provider run. The runtime then needs to know exactly which `provider` and
`model`, who approved it (`approval_source`), the credential and network
classes, when to review it again and what evidence backs it. A decision
without them cannot be enforced.

Bad:
    - `decision_status`: `local_provider_required`.
    - `provider`: `qwen-local`.         (no model, approval source, ...)

Good:
    - `decision_status`: `local_provider_required`.
    - `provider`: `qwen-local`.
    - `model`: `qwen3.6-35b-a3b`.
    - `approval_source`: JP chat approval on 2026-05-31.
    - ... every field the message lists

Fix: add each missing field to `Current Decision State`; the required sets
are `[tool.sot-lint.decision.required-when]` in the config.
"""

from __future__ import annotations

from collections.abc import Iterator

from sot_lint.config import Config
from sot_lint.finding import Finding, Severity
from sot_lint.parse.document import Document
from sot_lint.rules.base import MARKDOWN, Meta, first, state_fields

META = Meta("SOT203", "missing-required-field", Severity.ERROR)
KINDS = MARKDOWN


def check(doc: Document, config: Config) -> Iterator[Finding]:
    fields = state_fields(doc, config)
    section = doc.section(config.state_section)
    status = first(fields or (), "decision_status")
    if fields is None or section is None or status is None or not isinstance(status.value, str):
        return
    present = {f.key for f in fields}
    for key in config.required_when.get(status.value, ()):
        if key not in present:
            yield META.at(doc, section.line, f"'{status.value}' requires the field '{key}'")
