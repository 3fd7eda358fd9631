"""A decision record carries its required sections (warning).

Why: the decision state alone does not say what it means, how it was reached
or what must never happen. `Meaning`, `Decision History` and `Safety
Constraints` (by default) keep that context next to the state.

Bad:
    ## Current Decision State
    ...                         (no Decision History section)

Good:
    ## Current Decision State
    ...
    ## Meaning
    ...
    ## Decision History
    ...
    ## Safety Constraints
    ...

Under the `madr` and `nygard` presets every record is a decision record
(`decision.records = "all"`) and the sections are MADR's or Nygard's; there a
missing section is an error (`[tool.sot-lint.severity]`).

Fix: add the missing section heading and its content; the list is
`[tool.sot-lint.decision] required-sections` in the config.
"""

from __future__ import annotations

from collections.abc import Iterator

from sot_lint.config import Config
from sot_lint.finding import Finding, Severity
from sot_lint.parse.document import Document
from sot_lint.rules.base import MARKDOWN, Meta, is_decision_record

META = Meta("SOT209", "missing-section", Severity.WARNING)
KINDS = MARKDOWN


def check(doc: Document, config: Config) -> Iterator[Finding]:
    if not is_decision_record(doc, config):
        return
    state = doc.section(config.state_section)
    anchor = state or next((s for s in doc.sections if s.level == 1), None)
    for title in config.required_sections:
        if doc.section(title) is None:
            yield META.at(doc, anchor.line if anchor is not None else 1, f"decision record has no '{title}' section")
