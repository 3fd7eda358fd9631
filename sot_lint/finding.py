"""The one record every rule produces and every reporter consumes."""

from __future__ import annotations

import enum
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple


class Severity(enum.StrEnum):
    """How bad a finding is; `--fail-on` compares against this order."""

    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return 0 if self is Severity.WARNING else 1


class Finding(NamedTuple):
    """One problem at one place. Immutable: reporters never edit findings.

    `message` must never hold a detected secret or endpoint value.
    """

    path: str
    line: int
    column: int
    end_line: int
    code: str
    name: str
    severity: Severity
    message: str

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.code)


def findings_from_json(items: Iterable[Any]) -> list[Finding]:
    """Stored findings; a malformed one raises TypeError, KeyError or ValueError (the entry is then ignored).

    One loop for a whole entry: a warm audit decodes tens of thousands.
    """
    intern = sys.intern  # paths and codes repeat across thousands of stored findings: share them
    severities = _SEVERITIES
    found: list[Finding] = []
    append = found.append
    for path, line, column, end_line, code, name, severity, message in items:
        if not (type(path) is type(code) is type(name) is type(message) is str):
            raise TypeError("a stored finding's text is not text")
        if not (type(line) is type(column) is type(end_line) is int):
            raise TypeError("a stored finding's position is not a number")
        append(
            Finding._make(
                (intern(path), line, column, end_line, intern(code), intern(name), severities[severity], message)
            )
        )
    return found


_SEVERITIES = {severity.value: severity for severity in Severity}  # a dict lookup; an enum call costs more


@dataclass(frozen=True)
class Result:
    """What a run found, sorted by path, line, column, code.

    `paths` are the display paths of the files checked; `base` is the current
    directory relative to the repository root, for reports that need
    root-relative URIs (SARIF, GitLab); `fail_on` is the lowest severity that
    fails the run, for reports that mark failures (JUnit).
    """

    findings: tuple[Finding, ...]
    paths: Sequence[str]
    base: str = ""
    fail_on: Severity = Severity.ERROR

    @property
    def files(self) -> int:
        return len(self.paths)
