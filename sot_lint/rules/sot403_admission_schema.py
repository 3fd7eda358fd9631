"""An admission JSON must satisfy the admission schema.

Why: the runtime trusts the file's shape: `schema_version`, the required
keys, class identifiers, and `runtime_env` holding variable *names* only
(`^[A-Z][A-Z0-9_]*$`), never values. Unknown keys are rejected: a misspelt key
is a key the runtime silently ignores. The schema ships with sot-lint;
`[tool.sot-lint.admission] schema` points to a repository's own.

Bad:
    "runtime_env": ["CTO_HARNESS_CASE_LOCAL_BASE_URL=http://..."]

Good:
    "runtime_env": ["CTO_HARNESS_CASE_LOCAL_BASE_URL"]

Fix: correct the key named in the message; `sot-lint` prints the constraint,
never the offending value.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from sot_lint.config import Config
from sot_lint.finding import Finding, Severity
from sot_lint.parse.admission import key_lines, schema_errors
from sot_lint.parse.document import Document
from sot_lint.repo.index import Index
from sot_lint.rules.base import JSON, Meta

META = Meta("SOT403", "admission-schema", Severity.ERROR)
KINDS = JSON


def check(doc: Document, path: Path, config: Config, index: Index) -> Iterator[Finding]:
    if doc.problems or not index.is_admission(path):
        return
    lines = key_lines(doc.lines)
    for key, message in schema_errors(doc.json_value, config.admission_schema):
        line, column = lines.get(key, (1, 1)) if key is not None else (1, 1)
        yield META.at(doc, line, message, column)
