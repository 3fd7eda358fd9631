"""The frontmatter `title` must match the document's H1 heading.

Why: indexes list records by `title`, readers see the H1. When they drift
apart, a search for one does not find the other, and two records can appear
to be one.

Bad:
    title: CTO Case Provider Decision Record
    ...
    # CTO Provider Decision

Good:
    title: CTO Case Provider Decision Record
    ...
    # CTO Case Provider Decision Record

Fix: make the two identical (usually by updating the stale one).
"""

from __future__ import annotations

from collections.abc import Iterator

from sot_lint.config import Config
from sot_lint.finding import Finding, Severity
from sot_lint.parse.document import Document
from sot_lint.rules.base import MARKDOWN, Meta

META = Meta("SOT105", "title-mismatch", Severity.ERROR)
KINDS = MARKDOWN


def check(doc: Document, config: Config) -> Iterator[Finding]:
    if doc.frontmatter is None or "title" not in doc.frontmatter.keys:
        return
    title = doc.frontmatter.keys["title"]
    heading = next((s for s in doc.sections if s.level == 1), None)
    written = title.value.strip() if isinstance(title.value, str) else None
    if heading is not None and written != heading.title:
        yield META.at(doc, title.line, f"'title' differs from the H1 heading on line {heading.line}", title.column)
