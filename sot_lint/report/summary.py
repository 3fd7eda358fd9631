"""Counts shared by every reporter's summary, and `--statistics`."""

from __future__ import annotations

from collections import Counter
from typing import NamedTuple, TextIO

from sot_lint.finding import Finding, Severity


class Summary(NamedTuple):
    files: int
    findings: int
    errors: int
    warnings: int
    files_with_findings: int


def summarize(findings: tuple[Finding, ...], files: int) -> Summary:
    levels = Counter(f.severity for f in findings)
    touched = len({f.path for f in findings})
    return Summary(files, len(findings), levels[Severity.ERROR], levels[Severity.WARNING], touched)


def statistics(findings: tuple[Finding, ...], stream: TextIO) -> None:
    """`--statistics`: the count of findings per code, most specific first by code."""
    counts = Counter((f.code, f.name) for f in findings)
    for (code, name), count in sorted(counts.items()):
        stream.write(f"{count:5d}  {code}  {name}\n")
