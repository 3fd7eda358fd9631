"""`last_reviewed` should not be older than the newest dated section (warning).

Why: a section such as `## Provider Policy Update - 2026-06-01` records a
change made on that date. If `last_reviewed` still shows an earlier date, the
change was never reviewed, or the date was not bumped when it was.

Bad:
    last_reviewed: 2026-05-31
    ...
    ## Provider Policy Update - 2026-06-01

Good:
    last_reviewed: 2026-06-01

Fix: review the dated change and move `last_reviewed` to that date or later.
"""

from __future__ import annotations

from collections.abc import Iterator

from sot_lint.config import Config
from sot_lint.finding import Finding, Severity
from sot_lint.parse.document import Document
from sot_lint.rules.base import MARKDOWN, Meta, parse_date

META = Meta("SOT107", "stale-review", Severity.WARNING)
KINDS = MARKDOWN


def check(doc: Document, config: Config) -> Iterator[Finding]:
    if doc.frontmatter is None or "last_reviewed" not in doc.frontmatter.keys:
        return
    entry = doc.frontmatter.keys["last_reviewed"]
    reviewed = parse_date(entry.value)
    dated = [s for s in doc.sections if s.date is not None]
    if reviewed is None or not dated:
        return
    newest = max(dated, key=lambda s: (s.date, -s.line))
    if newest.date is not None and newest.date > reviewed:
        yield META.at(
            doc,
            entry.line,
            f"'last_reviewed' {reviewed} is older than the section dated {newest.date} on line {newest.line}",
            entry.column,
        )
