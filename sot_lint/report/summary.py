"""Counts shared by every reporter's summary."""

from __future__ import annotations

from collections import Counter
from typing import NamedTuple

from sot_lint.finding import Finding, Severity


class Summary(NamedTuple):
    files: int
    findings: int
    errors: int
    warnings: int


def summarize(findings: tuple[Finding, ...], files: int) -> Summary:
    levels = Counter(f.severity for f in findings)
    return Summary(files, len(findings), levels[Severity.ERROR], levels[Severity.WARNING])
