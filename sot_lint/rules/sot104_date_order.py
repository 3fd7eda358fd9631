"""`last_reviewed` may not precede `created`, and no date may be in the future.

Why: a review before the record existed, or a date not yet reached, is a
typo or a back-dated record; either way the review history cannot be trusted.

Bad:
    created: 2026-05-31
    last_reviewed: 2026-05-13

Good:
    created: 2026-05-13
    last_reviewed: 2026-05-31

Fix: correct the date that is wrong.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from sot_lint.config import Config
from sot_lint.finding import Finding, Severity
from sot_lint.parse.document import Document
from sot_lint.rules.base import MARKDOWN, Meta, metadata, parse_date

META = Meta("SOT104", "date-order", Severity.ERROR)
KINDS = MARKDOWN


def check(doc: Document, config: Config) -> Iterator[Finding]:
    keys = metadata(doc, config)
    if keys is None:
        return
    today = datetime.date.today()
    for key in config.date_keys:
        entry = keys.get(key)
        when = parse_date(entry.value) if entry is not None else None
        if entry is not None and when is not None and when > today:
            yield META.at(doc, entry.line, f"'{key}' {when} is in the future", entry.column)
    created, reviewed = keys.get("created"), keys.get("last_reviewed")
    if created is None or reviewed is None:
        return
    created_on, reviewed_on = parse_date(created.value), parse_date(reviewed.value)
    if created_on is not None and reviewed_on is not None and reviewed_on < created_on:
        yield META.at(
            doc, reviewed.line, f"'last_reviewed' {reviewed_on} is before 'created' {created_on}", reviewed.column
        )
