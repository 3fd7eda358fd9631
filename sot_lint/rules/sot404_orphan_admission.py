"""An admission JSON must belong to a record that names it.

Why: an admission file no record calls for still admits a provider/model to
the runtime, without any approved decision behind it. It usually remains after
the record moved to another model.

Bad:
    ADMISSION.qwen-local-qwen3.5-14b.json, while the record now says qwen3.6-35b-a3b

Good:
    only the admission file of the record's current provider and model

Fix: delete the stale admission file, or make its `record` key point to the
record that names it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from sot_lint.config import Config
from sot_lint.finding import Finding, Severity
from sot_lint.parse.admission import key_lines
from sot_lint.parse.document import Document
from sot_lint.repo.index import Index
from sot_lint.rules.base import JSON, Meta

META = Meta("SOT404", "orphan-admission", Severity.ERROR)
KINDS = JSON


def check(doc: Document, path: Path, config: Config, index: Index) -> Iterator[Finding]:
    if doc.problems or not index.is_admission(path) or index.records_for(path):
        return
    line, column = key_lines(doc.lines).get("record", (1, 1))
    yield META.at(doc, line, "no decision record names this admission file", column)
