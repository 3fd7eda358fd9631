"""A record must not reference an admission file that does not exist.

Why: the record points readers and tools to its admission evidence; a
dangling path (a typo, a renamed model, a file never committed) means the
evidence is not where the record says.

Bad:
    - The admission JSON is `.sot/03-PROTOCOLS/CTO-CASE-MODEL-PROVIDER-ADMISSION.qwen-local-qwen3.6-35b.json`.

Good:
    the same sentence, naming the file that exists

Fix: correct the path, or commit the admission file it names. References are
resolved against the record's directory, the directory holding `.sot`, and the
repository root.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from sot_lint.config import Config
from sot_lint.finding import Finding, Severity
from sot_lint.parse.document import Document
from sot_lint.repo.index import Index
from sot_lint.rules.base import MARKDOWN, Meta

META = Meta("SOT405", "admission-not-found", Severity.ERROR)
KINDS = MARKDOWN


def check(doc: Document, path: Path, config: Config, index: Index) -> Iterator[Finding]:
    for reference in doc.references:
        name = reference.target.rsplit("/", 1)[-1]
        if index.is_admission(name) and index.resolve(reference.target, path) is None:
            yield META.at(doc, reference.line, f"admission file '{name}' does not exist", reference.column)
