"""The frontmatter must be valid YAML and a mapping of unique keys.

Why: invalid YAML makes every frontmatter key unreadable, and a duplicated key
silently keeps only its last value, so a reviewer may read one `status` while
tools read another. Loading is safe-only; impossible dates do not abort it.

Bad:
    ---
    title: [unclosed
    status: draft
    status: active
    ---

Good:
    ---
    title: CTO Case Provider Decision Record
    status: active
    ---

Fix: correct the YAML at the reported line; keep each key once.
"""

from __future__ import annotations

from collections.abc import Iterable

from sot_lint.config import Config
from sot_lint.finding import Finding, Severity
from sot_lint.parse.document import Document
from sot_lint.rules.base import MARKDOWN, Meta, problems

META = Meta("SOT003", "frontmatter-invalid", Severity.ERROR)
KINDS = MARKDOWN


def check(doc: Document, config: Config) -> Iterable[Finding]:
    return problems(doc, META)
