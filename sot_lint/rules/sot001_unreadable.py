"""A SOT file must be readable UTF-8 text.

Why: a file sot-lint cannot decode is a file no rule can check; letting it
pass would be a silent pass. Binary content (NUL bytes) and invalid UTF-8 are
reported at the first offending byte; a BOM is accepted.

Bad:
    a record saved as UTF-16, or with a stray Latin-1 byte such as 0xE9

Good:
    the same record saved as UTF-8

Fix: re-save the file as UTF-8 (`iconv -f latin1 -t utf-8`), or move binary
evidence out of the `.sot` tree.
"""

from __future__ import annotations

from collections.abc import Iterable

from sot_lint.config import Config
from sot_lint.finding import Finding, Severity
from sot_lint.parse.document import Document
from sot_lint.rules.base import ANY_FILE, Meta, problems

META = Meta("SOT001", "unreadable-file", Severity.ERROR)
KINDS = ANY_FILE


def check(doc: Document, config: Config) -> Iterable[Finding]:
    return problems(doc, META)
