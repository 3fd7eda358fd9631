"""A status may forbid fields: `not_decided` means no provider or model may run.

Why: a `not_decided` record that still names a `provider`, `model` or
fallback reads as if something were admitted; a runtime or a reader may act
on it. Undecided means nothing is named.

Bad:
    - `decision_status`: `not_decided`.
    - `provider`: `qwen-local`.

Good:
    - `decision_status`: `not_decided`.

Fix: remove the field, or record the decision with a decided status; the
forbidden sets are `[tool.sot-lint.decision.forbidden-when]` in the config.
"""

from __future__ import annotations

from collections.abc import Iterator

from sot_lint.config import Config
from sot_lint.finding import Finding, Severity
from sot_lint.parse.document import Document
from sot_lint.rules.base import MARKDOWN, Meta, first, state_fields

META = Meta("SOT204", "forbidden-field", Severity.ERROR)
KINDS = MARKDOWN


def check(doc: Document, config: Config) -> Iterator[Finding]:
    fields = state_fields(doc, config) or ()
    status = first(fields, "decision_status")
    if status is None or not isinstance(status.value, str):
        return
    forbidden = config.forbidden_when.get(status.value, ())
    for field in fields:
        if field.key in forbidden:
            yield META.at(doc, field.line, f"'{status.value}' forbids the field '{field.key}'", field.column)
