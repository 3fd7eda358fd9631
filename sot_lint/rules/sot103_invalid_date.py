"""Date keys (`created`, `last_reviewed`) must hold real ISO dates.

Why: review and expiry checks compare these dates. A value such as
`2026-02-30`, `31/05/2026` or `soon` cannot be compared, so a stale record
would never be flagged. Quoted and unquoted dates are both accepted.

Bad:
    last_reviewed: 2026-02-30

Good:
    last_reviewed: 2026-02-28

Fix: write the date as YYYY-MM-DD.
"""

from __future__ import annotations

from collections.abc import Iterator

from sot_lint.config import Config
from sot_lint.finding import Finding, Severity
from sot_lint.parse.document import Document
from sot_lint.rules.base import MARKDOWN, Meta, metadata, parse_date

META = Meta("SOT103", "invalid-date", Severity.ERROR)
KINDS = MARKDOWN


def check(doc: Document, config: Config) -> Iterator[Finding]:
    keys = metadata(doc, config)
    if keys is None:
        return
    for key in config.date_keys:
        entry = keys.get(key)
        if entry is not None and parse_date(entry.value) is None:
            yield META.at(doc, entry.line, f"'{key}' is not a valid date (expected YYYY-MM-DD)", entry.column)
