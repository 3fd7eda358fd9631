"""JSON files in the SOT tree, admission files above all, must parse.

Why: the runtime reads the admission JSON to decide what may run. A file
that does not parse either blocks the runtime or, worse, is skipped by a
lenient reader. The finding carries the line and column of the parse error.

Bad:
    {"decision_status": "local_provider_required",}

Good:
    {"decision_status": "local_provider_required"}

Fix: correct the JSON at the reported position (`python -m json.tool FILE`).
"""

from __future__ import annotations

from collections.abc import Iterable

from sot_lint.config import Config
from sot_lint.finding import Finding, Severity
from sot_lint.parse.document import Document
from sot_lint.rules.base import JSON, Meta, problems

META = Meta("SOT004", "json-invalid", Severity.ERROR)
KINDS = JSON


def check(doc: Document, config: Config) -> Iterable[Finding]:
    return problems(doc, META)
