"""A SOT record starts with a terminated YAML frontmatter block.

Why: the frontmatter carries the record's identity and lifecycle (`status`,
`owner`, `last_reviewed`...). Without the opening `---` on line 1, or without
the closing `---`, none of it can be read and every governance check is void.

Bad:
    # CTO Case Provider Decision Record      (no frontmatter)

Good:
    ---
    title: CTO Case Provider Decision Record
    status: draft
    ---
    # CTO Case Provider Decision Record

Fix: add the block at the very top of the file, or close it with `---`.
"""

from __future__ import annotations

from collections.abc import Iterable

from sot_lint.config import Config
from sot_lint.finding import Finding, Severity
from sot_lint.parse.document import Document
from sot_lint.rules.base import MARKDOWN, Meta, problems, starts_a_block

META = Meta("SOT002", "frontmatter-missing", Severity.ERROR)
KINDS = MARKDOWN


def check(doc: Document, config: Config) -> Iterable[Finding]:
    if config.frontmatter_block == "optional" and not starts_a_block(doc):
        return ()  # no block at all is fine where frontmatter is optional (MADR, Nygard)
    return problems(doc, META)
