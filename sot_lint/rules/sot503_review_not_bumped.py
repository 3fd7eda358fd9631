"""Changing provider, model, fallback or credential source needs a new review date.

Why: these fields decide what runs and with which credentials. Changing one
without moving `last_reviewed` forward records a change nobody reviewed.
Checked against the base revision; the fields are
`[tool.sot-lint.decision] review-fields`.

Bad:
    model changed from `qwen3.6-35b-a3b` to `qwen3.7-72b`; last_reviewed still 2026-05-31

Good:
    the same change with last_reviewed: 2026-06-02

Fix: review the change and move `last_reviewed` to today's date.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from sot_lint.config import Config
from sot_lint.finding import Finding, Severity
from sot_lint.parse.document import Document
from sot_lint.rules.base import Meta, first, parse_date, state_fields, state_text

META = Meta("SOT503", "review-not-bumped", Severity.ERROR)


def _reviewed(doc: Document) -> datetime.date | None:
    if doc.frontmatter is None or "last_reviewed" not in doc.frontmatter.keys:
        return None
    return parse_date(doc.frontmatter.keys["last_reviewed"].value)


def check(doc: Document, base: Document, config: Config) -> Iterator[Finding]:
    changed = [k for k in config.review_fields if state_text(doc, config, k) != state_text(base, config, k)]
    if not changed or state_fields(base, config) is None:
        return
    before, now = _reviewed(base), _reviewed(doc)
    if before is not None and now is not None and now > before:
        return
    field = first(state_fields(doc, config) or (), changed[0])
    reviewed = doc.frontmatter.keys.get("last_reviewed") if doc.frontmatter is not None else None
    anchor = field or reviewed
    line, column = (anchor.line, anchor.column) if anchor is not None else (1, 1)
    names = ", ".join(f"'{k}'" for k in changed)
    yield META.at(doc, line, f"{names} changed but 'last_reviewed' did not move forward", column)
