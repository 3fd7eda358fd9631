"""One register row per decision record, read from the document the check parsed.

A row holds only what the record and its admission file say; the age of the
review, the open findings and the history are joined in when the register is
shown (`Entry`), so a stored row stays valid however old it gets. Every shown
cell keeps the line it came from: a cell on a line the check flagged as a leak
is shown as that finding's label, never as itself.
"""

from __future__ import annotations

import dataclasses
import datetime
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sot_lint.config import Config
from sot_lint.finding import Finding, Severity
from sot_lint.leaks import Leak
from sot_lint.leaks.redact import label
from sot_lint.parse.body import Field
from sot_lint.parse.document import Document
from sot_lint.repo.discover import relative
from sot_lint.repo.index import Index
from sot_lint.rules import sot402_admission_mismatch
from sot_lint.rules.base import parse_date, state_fields

ADMISSION_STATES = ("ok", "missing", "mismatch", "not-needed")
_ADMISSION_OR_NONE = (*ADMISSION_STATES, None)
STATE_KEYS = ("decision_status", "provider", "model", "fallback_provider", "fallback_model")
FRONT_KEYS = ("title", "status", "last_reviewed")
CELLS = FRONT_KEYS + STATE_KEYS
_STATE_KEYS = frozenset(STATE_KEYS)
_INPUT_CODES = ("SOT001", "SOT002", "SOT003", "SOT005")  # the document could not be read as a record
_CANONICAL_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_LABEL = re.compile(r"\[redacted [^\]]*\]")


@dataclass(frozen=True)
class Change:
    """One change of `decision_status` in git: `before` is None where the record first appears."""

    commit: str
    date: str
    before: str | None
    after: str | None


@dataclass(frozen=True)
class Row:
    """What one decision record states, with the line of every shown cell.

    `admission` is None only for a record that could not be read (`error`).
    """

    path: str
    cells: Mapping[str, str | None]
    admission: str | None
    admission_path: str | None
    sections: tuple[tuple[str, str, int], ...]  # dated sections: title, ISO date, line
    error: str | None
    lines: Mapping[str, int] = field(default_factory=dict)

    def to_json(self) -> list[Any]:
        """A compact list (a warm register decodes thousands), cells in `CELLS` order.

        Lines are left out: a row is stored only after `redact`, their one use.
        """
        cells = [self.cells.get(key) for key in CELLS]
        return [self.path, cells, self.admission, self.admission_path, [list(s) for s in self.sections], self.error]

    @classmethod
    def from_json(cls, value: Any, trusted: bool = False) -> Row:
        """A row stored by `to_json`; raises TypeError or ValueError on anything else.

        `trusted`: made by `to_json` in this run, so its shape needs no check.
        """
        path, cells, admission, admission_path, sections, error = value
        if not trusted:
            if len(cells) != len(CELLS) or admission not in _ADMISSION_OR_NONE:
                raise ValueError("not a stored row")
            for item in (path, admission_path, error, *cells):
                if item is not None and type(item) is not str:
                    raise TypeError(type(item).__name__)
            for title, date, line in sections:
                if type(title) is not str or type(date) is not str or type(line) is not int:
                    raise TypeError("not a dated section")
        dated = tuple(map(tuple, sections))
        return cls(path, dict(zip(CELLS, cells, strict=True)), admission, admission_path, dated, error)


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, tuple):
        return ", ".join(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def build(doc: Document, path: Path, config: Config, index: Index) -> Row | None:
    """The row of `doc`, or None when it is no decision record and reads fine.

    A markdown file that could not be read as a record (unreadable, no or
    invalid frontmatter) is a row with its error: it may be a record, and a
    register that silently dropped it would look complete when it is not.
    Built once per record of every cold register: each cell is read once.
    """
    if doc.kind != "markdown":
        return None
    problems = [p for p in doc.problems if p.code in _INPUT_CODES] if doc.problems else []
    fields = state_fields(doc, config) if not problems or doc.readable else None
    if fields is None and not problems:
        return None
    error = "; ".join(f"{p.code} {p.message} (line {p.line})" for p in problems) or None
    cells: dict[str, str | None] = dict.fromkeys(CELLS)
    lines: dict[str, int] = {}
    if doc.frontmatter is not None:
        keys = doc.frontmatter.keys
        for key in FRONT_KEYS:
            item = keys.get(key)
            if item is not None:
                cells[key] = item.value if type(item.value) is str else _text(item.value)
                lines[key] = item.line
        reviewed = cells["last_reviewed"]
        if reviewed and not _canonical_date(reviewed):  # a quoted date, or one with a time
            parsed = parse_date(keys["last_reviewed"].value)
            if parsed is not None:
                cells["last_reviewed"] = parsed.isoformat()
    status: Field | None = None
    for state in fields or ():
        key = state.key
        if key in _STATE_KEYS and key not in lines:  # the first field of a key counts, as `first` reads it
            cells[key] = state.value if type(state.value) is str else _text(state.value)
            lines[key] = state.line
            if key == "decision_status":
                status = state
    sections = tuple([(s.title, s.date.isoformat(), s.line) for s in doc.sections if s.date is not None])
    admission, admission_path = (None, None) if fields is None else _admission(fields, status, path, config, index)
    return Row(doc.path, cells, admission, admission_path, sections, error, lines)


def _admission(
    fields: tuple[Field, ...], status: Field | None, path: Path, config: Config, index: Index
) -> tuple[str, str | None]:
    """ok / missing / mismatch / not-needed, and the admission file's display path.

    `fields`: the record's state; `status`: its decision_status among them.
    """
    if status is None or not isinstance(status.value, str) or status.value not in config.required_when:
        return "not-needed", None
    found = index.admission_for(path)
    if found is None:
        expected = index.expected_admission(index.summary(os.path.abspath(path)), path)
        return "missing", relative(expected, index.cwd) if expected is not None else None
    admitted = index.load(found)
    agrees = sot402_admission_mismatch.agrees(fields, admitted, config)
    return ("ok" if agrees else "mismatch"), admitted.path  # the index names a document as `relative` does


def _canonical_date(text: str) -> bool:
    """`YYYY-MM-DD` in ASCII digits: parsing gives it back, or nothing (an impossible date stays as written)."""
    return _CANONICAL_DATE.fullmatch(text) is not None


def redact(row: Row, findings: Iterable[Finding], leaks: Iterable[Leak] = ()) -> Row:
    """`row` with every cell and dated heading on a line holding a leak replaced by its label.

    The label is that of the first leak finding on the line; a line whose
    leak is not reported (suppressed, not selected, in the baseline) takes
    the leak's own label: a leak is redacted whatever is reported, as in
    every other output. Rows are stored in the cache, which must never hold a
    detected value; a file name made from a flagged provider or model is
    dropped for the same reason.
    """
    # Most flagged lines hold no shown cell: only the lines that do are looked at.
    shown = {row.lines[key] for key, value in row.cells.items() if value and key in row.lines}
    shown.update(line for _, _, line in row.sections)
    first: dict[int, Finding | Leak] = {}  # shown line -> its first leak finding, else its first leak
    for finding in findings:
        line = finding.line
        if line in shown and line not in first and finding.code.startswith("SOT3") and finding.path == row.path:
            first[line] = finding
    for leak in leaks:
        if leak.line in shown and leak.line not in first:
            first[leak.line] = leak
    if not first:
        return row
    flagged = {line: _label(item) for line, item in first.items()}  # line -> the label shown there
    cells = dict(row.cells)
    for key, value in row.cells.items():
        at = row.lines.get(key)
        if value and at in flagged:
            cells[key] = flagged[at]
    sections = tuple((flagged.get(line, title), date, line) for title, date, line in row.sections)
    if cells == row.cells and sections == row.sections:
        return row
    renamed = any(cells[key] != row.cells[key] for key in ("provider", "model"))
    return dataclasses.replace(
        row, cells=cells, sections=sections, admission_path=None if renamed else row.admission_path
    )


def _label(item: Finding | Leak) -> str:
    """What a flagged cell shows: a finding's redaction label, or an unreported leak's own."""
    if isinstance(item, Leak):
        return label(item.kind, item.value)
    found = _LABEL.search(item.message)
    return found.group(0) if found else "[redacted]"


@dataclass(frozen=True)
class Entry:
    """A row as the register shows it: its age, its open findings and its history."""

    row: Row
    review_age_days: int | None
    stale: bool
    findings: tuple[Finding, ...]
    errors: int
    warnings: int
    history: tuple[Change, ...] = ()

    def cell(self, key: str) -> str | None:
        """A cell as stored: rows are redacted (`redact`) before they are kept or shown."""
        return self.row.cells.get(key)


def entries(
    rows: Iterable[Row],
    counts: Mapping[str, tuple[int, int]],
    config: Config,
    today: datetime.date,
    history: Mapping[str, tuple[Change, ...]] | None = None,
    *,
    findings: Iterable[Finding] = (),
) -> list[Entry]:
    """Rows joined with their age and open findings (the record's and its admission file's).

    `counts` gives (errors, warnings) by displayed path; `findings` are
    listed with their rows only where a format shows each one (HTML).
    """
    by_path: dict[str, list[Finding]] = {}
    for finding in findings:
        by_path.setdefault(finding.path, []).append(finding)
    ages: dict[str | None, int | None] = {}  # by review date: thousands of records share a few hundred
    joined = []
    for row in rows:
        errors, warnings = counts.get(row.path, (0, 0))
        mine = by_path.get(row.path, []) if by_path else []
        if row.admission_path is not None and row.admission_path != row.path:
            more_errors, more_warnings = counts.get(row.admission_path, (0, 0))
            errors, warnings = errors + more_errors, warnings + more_warnings
            if by_path:
                mine = mine + by_path.get(row.admission_path, [])
        text = row.cells.get("last_reviewed")
        if text not in ages:
            reviewed = parse_date(text)
            ages[text] = (today - reviewed).days if reviewed is not None else None
        age = ages[text]
        stale = age is not None and age > config.review_max_age_days
        changes = (history or {}).get(row.path, ())
        joined.append(Entry(row, age, stale, tuple(mine), errors, warnings, changes))
    return joined


def tally(findings: Iterable[Finding]) -> dict[str, tuple[int, int]]:
    """(errors, warnings) by displayed path: all the register's table shows of the findings."""
    counts: dict[str, list[int]] = {}
    for finding in findings:
        count = counts.get(finding.path)
        if count is None:
            count = counts[finding.path] = [0, 0]
        count[finding.severity is not Severity.ERROR] += 1
    return {path: (errors, warnings) for path, (errors, warnings) in counts.items()}


def sort(items: list[Entry], order: str, statuses: tuple[str, ...]) -> list[Entry]:
    """By path; by age (oldest review first, unknown ages first: they need a look most); by decision status."""
    by_path = sorted(items, key=lambda e: e.row.path)
    if order == "age":
        return sorted(by_path, key=lambda e: -(e.review_age_days if e.review_age_days is not None else 10**9))
    if order == "status":
        rank = {name: index for index, name in enumerate(statuses)}
        return sorted(by_path, key=lambda e: rank.get(e.row.cells.get("decision_status") or "", len(rank)))
    return by_path
