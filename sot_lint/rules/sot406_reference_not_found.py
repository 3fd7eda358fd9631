"""A referenced SOT document should exist (warning).

Why: `evidence_sources` and prose references are how a reviewer checks a
decision. A reference to a `.md` or `.json` file that is not in the
repository is evidence nobody can read. References are resolved against the
record's directory, the directory holding `.sot`, and the repository root.

Bad:
    - `evidence_sources`: `CTO-CASE-PROVIDER-DECISION-PACKET-PRD.md`.   (no such file)

Good:
    the referenced file committed next to the record, or the reference removed

Fix: commit the referenced document, correct its path, or drop the reference.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from sot_lint.config import Config
from sot_lint.finding import Finding, Severity
from sot_lint.parse.document import Document
from sot_lint.repo.index import Index
from sot_lint.rules.base import MARKDOWN, Meta

META = Meta("SOT406", "reference-not-found", Severity.WARNING)
KINDS = MARKDOWN


def check(doc: Document, path: Path, config: Config, index: Index) -> Iterator[Finding]:
    for reference in doc.references:
        if index.is_admission(reference.target):
            continue  # SOT405's concern
        if index.resolve(reference.target, path) is None:
            message = f"referenced document '{reference.target}' does not exist"
            yield META.at(doc, reference.line, message, reference.column)
