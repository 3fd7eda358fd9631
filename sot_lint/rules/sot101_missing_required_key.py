"""Every required frontmatter key must be present.

Why: `owner`, `status`, `created`, `last_reviewed` and the other required keys
are what makes a record governable: who answers for it, whether it is in
force, when it was last checked. A record without them cannot be audited.
The default list follows the CTO decision record; `[tool.sot-lint.frontmatter]
required` changes it.

Bad:
    ---
    title: CTO Case Provider Decision Record
    status: draft
    ---                      (no owner, created, last_reviewed, ...)

Good:
    ---
    title: CTO Case Provider Decision Record
    status: draft
    lifecycle_classification: sot
    owner: jp
    created: 2026-05-31
    last_reviewed: 2026-05-31
    core_promotion_status: not-promoted
    route: cto
    ---

Fix: add the missing key with its real value.
"""

from __future__ import annotations

from collections.abc import Iterator

from sot_lint.config import Config
from sot_lint.finding import Finding, Severity
from sot_lint.parse.document import Document
from sot_lint.rules.base import MARKDOWN, Meta, metadata

META = Meta("SOT101", "missing-required-key", Severity.ERROR)
KINDS = MARKDOWN


def check(doc: Document, config: Config) -> Iterator[Finding]:
    keys = metadata(doc, config)
    if keys is None:
        return
    for key in config.required_keys:
        if key not in keys:
            where = "key" if key not in config.section_keys and key not in config.line_keys else "value"
            yield META.at(doc, 1, f"required {_origin(key, config)} {where} '{key}' is missing")


def _origin(key: str, config: Config) -> str:
    if key in config.section_keys:
        return f"'{config.section_keys[key]}' section"
    if key in config.line_keys:
        return f"'{config.line_keys[key]}:' line"
    return "frontmatter"
