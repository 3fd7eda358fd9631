"""A SOT file must stay under the size limit (`max-file-size`, default 1 MiB).

Why: governance records are short prose. A huge file is almost always a
pasted log, dump or generated artefact, which is where secrets and endpoints
leak from; it would also slow every commit. The file is not parsed further.

Bad:
    a decision record with a 40 MB runtime log pasted into it

Good:
    a record that names the log's location and keeps the log out of the tree

Fix: move the bulk content out of the `.sot` tree, or raise `max-file-size`
in `[tool.sot-lint]` if the file truly belongs there.
"""

from __future__ import annotations

from collections.abc import Iterable

from sot_lint.config import Config
from sot_lint.finding import Finding, Severity
from sot_lint.parse.document import Document
from sot_lint.rules.base import ANY_FILE, Meta, problems

META = Meta("SOT005", "file-too-large", Severity.ERROR)
KINDS = ANY_FILE


def check(doc: Document, config: Config) -> Iterable[Finding]:
    return problems(doc, META)
