"""`path:line:col: CODE message` lines, the form editors and problem matchers read, then a summary."""

from __future__ import annotations

from typing import TextIO

from sot_lint.finding import Result, Severity
from sot_lint.report.escape import printable
from sot_lint.report.summary import summarize

_RED, _YELLOW, _BOLD, _RESET = "\033[31m", "\033[33m", "\033[1m", "\033[0m"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def report(result: Result, stream: TextIO, colour: bool, *, quiet: bool = False) -> None:
    """Every finding; then, unless `quiet`, the counts of findings, files checked and files with findings."""
    for f in result.findings:
        code = f.code
        if colour and not quiet:
            tint = _RED if f.severity is Severity.ERROR else _YELLOW
            code = f"{_BOLD}{tint}{code}{_RESET}"
        suffix = " (warning)" if f.severity is Severity.WARNING and not quiet else ""
        stream.write(f"{printable(f.path)}:{f.line}:{f.column}: {code} {printable(f.message)}{suffix}\n")
    if quiet:
        return
    summary = summarize(result.findings, result.files)
    checked = _plural(summary.files, "file")
    if not summary.findings:
        stream.write(f"All checks passed ({checked} checked).\n")
        return
    stream.write(
        f"Found {_plural(summary.findings, 'finding')} "
        f"({_plural(summary.errors, 'error')}, {_plural(summary.warnings, 'warning')}) "
        f"in {summary.files_with_findings} of {checked} checked.\n"
    )
