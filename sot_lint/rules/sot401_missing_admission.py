"""A decided record needs the admission JSON for its provider and model.

Why: the runtime admits a provider/model only through its admission file. A
record that says `local_provider_required` for `qwen-local` /
`qwen3.6-35b-a3b` but has no `CTO-CASE-MODEL-PROVIDER-ADMISSION.qwen-local-
qwen3.6-35b-a3b.json` beside it (the name follows `[tool.sot-lint.admission]
template`) is a decision nobody can execute, and a changed model without a new
admission file is the classic drift.

Bad:
    - `model`: `qwen3.7-72b`.     (no ...ADMISSION.qwen-local-qwen3.7-72b.json)

Good:
    the record and CTO-CASE-MODEL-PROVIDER-ADMISSION.qwen-local-qwen3.6-35b-a3b.json
    side by side, with the same provider and model

Fix: write the admission JSON for the record's provider and model (or correct
the record if the model change was not intended).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from sot_lint.config import Config
from sot_lint.finding import Finding, Severity
from sot_lint.parse.document import Document
from sot_lint.repo.index import Index
from sot_lint.rules.base import MARKDOWN, Meta, first, is_decided, state_fields

META = Meta("SOT401", "missing-admission", Severity.ERROR)
KINDS = MARKDOWN


def check(doc: Document, path: Path, config: Config, index: Index) -> Iterator[Finding]:
    if not is_decided(doc, config):
        return
    expected = index.expected_admission(index.summary(str(path)), path)
    if expected is None or index.admission_for(path) is not None:
        return
    anchor = first(state_fields(doc, config) or (), "model") or first(state_fields(doc, config) or (), "provider")
    line, column = (anchor.line, anchor.column) if anchor is not None else (1, 1)
    yield META.at(
        doc, line, f"no admission file '{os.path.basename(expected)}' for the record's provider and model", column
    )
