"""A frontmatter key that no rule knows is reported (warning).

Why: an unknown key is most often a typo of a known one (`last_reveiwed`),
which leaves the real key missing or stale while the record looks complete.
Keys listed as required, allowed-value, date or `optional` keys are known.

Bad:
    last_reveiwed: 2026-05-31

Good:
    last_reviewed: 2026-05-31

Fix: correct the key's spelling, or declare it in
`[tool.sot-lint.frontmatter] optional = [...]`.
"""

from __future__ import annotations

from collections.abc import Iterator

from sot_lint.config import Config
from sot_lint.finding import Finding, Severity
from sot_lint.parse.document import Document
from sot_lint.rules.base import MARKDOWN, Meta, shown

META = Meta("SOT106", "unknown-key", Severity.WARNING)
KINDS = MARKDOWN


def check(doc: Document, config: Config) -> Iterator[Finding]:
    if doc.frontmatter is None:
        return
    known = {*config.required_keys, *config.optional_keys, *config.allowed_values, *config.date_keys}
    for name, entry in doc.frontmatter.keys.items():
        if name not in known:
            yield META.at(doc, entry.line, f"unknown frontmatter key {shown(name)}")
