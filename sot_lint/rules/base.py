"""What a rule is, and the small helpers rules share."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from sot_lint import echo
from sot_lint.config import Config
from sot_lint.finding import Finding, Severity
from sot_lint.parse.body import Field, calendar_date
from sot_lint.parse.document import Document, Kind
from sot_lint.parse.front import FrontKey

if TYPE_CHECKING:
    from sot_lint.repo.index import Index

MARKDOWN: frozenset[Kind] = frozenset({"markdown"})
ANY_FILE: frozenset[Kind] = frozenset({"markdown", "json"})
JSON: frozenset[Kind] = frozenset({"json"})

# YAML 1.1 timestamps: a date, then optionally a time (`T`, `t` or spaces), a
# fraction, and a zone that may follow after spaces (`10:00:00.5 -05:00`).
_ISO_DATE = re.compile(
    r"(\d{4}-\d{2}-\d{2})(?:(?:[Tt]|[ \t]+)\d{1,2}:\d{2}:\d{2}(?:\.\d*)?(?:[ \t]*(?:Z|[+-]\d{1,2}(?::?\d{2})?))?)?"
)


@dataclass(frozen=True)
class Meta:
    """A rule's stable identity: code, kebab-case name, default severity."""

    code: str
    name: str
    severity: Severity

    def at(self, doc: Document, line: int, message: str, column: int = 1) -> Finding:
        return Finding(doc.path, line, column, line, self.code, self.name, self.severity, message)


class Rule(Protocol):
    """Any rule of the catalog; its module docstring is what `sot-lint rule` prints."""

    META: Meta


class DocumentRule(Rule, Protocol):
    """A rule that looks at one document at a time."""

    KINDS: frozenset[Kind]

    def check(self, doc: Document, config: Config) -> Iterable[Finding]: ...


class CrossFileRule(Rule, Protocol):
    """A rule that asks the per-run index about the files related to a document."""

    KINDS: frozenset[Kind]

    def check(self, doc: Document, path: Path, config: Config, index: Index) -> Iterable[Finding]: ...


class LeakRule(Rule, Protocol):
    """A leak code (SOT3xx): the linter runs the detectors; the rule words the finding."""

    def message(self, kind: str, label: str) -> str: ...


class BaseRule(Rule, Protocol):
    """A rule that compares a decision record with its state at the base revision."""

    def check(self, doc: Document, base: Document, config: Config) -> Iterable[Finding]: ...


def state_text(doc: Document, config: Config, key: str) -> str | tuple[str, ...] | None:
    """The value of `key` in the current decision state, or None."""
    field = first(state_fields(doc, config) or (), key)
    return field.value if field is not None else None


def is_decided(doc: Document, config: Config) -> bool:
    """A decision record whose status requires fields, i.e. lets something run."""
    status = first(state_fields(doc, config) or (), "decision_status")
    return status is not None and isinstance(status.value, str) and status.value in config.required_when


def problems(doc: Document, meta: Meta) -> Iterator[Finding]:
    """Findings for the input problems the parser recorded under this rule's code."""
    for problem in doc.problems:
        if problem.code == meta.code:
            yield meta.at(doc, problem.line, problem.message, problem.column)


def shown(value: object) -> str:
    """A value quoted for a message when it is plainly a word, else a placeholder.

    Messages must never carry a secret or an endpoint: the one echo policy
    (`leaks.echo`) decides.
    """
    return echo.quoted(value, "(value not shown)")


def parse_date(value: object) -> datetime.date | None:
    """An ISO date (quoted or not, optionally with a time), or None."""
    if isinstance(value, datetime.date):
        return value if not isinstance(value, datetime.datetime) else value.date()
    if not isinstance(value, str):
        return None
    match = _ISO_DATE.fullmatch(value.strip())
    return calendar_date(match.group(1)) if match is not None else None


def state_fields(doc: Document, config: Config) -> tuple[Field, ...] | None:
    """Fields of the current decision state, or None when `doc` is no decision record."""
    if doc.section(config.state_section) is None:
        return None
    return doc.fields_in(config.state_section)


def first(fields: Iterable[Field], key: str) -> Field | None:
    return next((f for f in fields if f.key == key), None)


def starts_a_block(doc: Document) -> bool:
    """The file opens a frontmatter block (`---` on line 1), whether it parsed or not."""
    return bool(doc.lines) and doc.lines[0].rstrip().startswith("---")


def metadata(doc: Document, config: Config) -> Mapping[str, FrontKey] | None:
    """The record's keys: its frontmatter, plus keys the config reads from body text (Nygard).

    None when there is nothing to check: no frontmatter where one is required,
    or a block that did not parse (SOT002/SOT003 already say why).
    """
    front = doc.frontmatter
    if not config.section_keys and not config.line_keys:
        if front is None and config.frontmatter_block == "optional" and not starts_a_block(doc):
            return {}
        return front.keys if front is not None else None
    if front is None and (config.frontmatter_block == "required" or starts_a_block(doc)):
        return None
    from sot_lint.parse.sections import text_keys

    body_start = front.end_line + 1 if front is not None else 1
    found = text_keys(doc.lines, doc.sections, body_start, config.section_keys, config.line_keys)
    return {**found, **front.keys} if front is not None else found


def is_decision_record(doc: Document, config: Config) -> bool:
    """A document the decision rules apply to: one with the state section, or any record."""
    return config.decision_records == "all" or doc.section(config.state_section) is not None
