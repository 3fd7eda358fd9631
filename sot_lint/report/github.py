"""GitHub Actions workflow commands: one annotation per finding.

GitHub shows at most 10 annotations per level per step, so this is the quick
view; the SARIF upload is the complete one.
"""

from __future__ import annotations

from typing import TextIO

from sot_lint.finding import Result, Severity
from sot_lint.report.escape import printable


def _data(text: str) -> str:
    """GitHub's own escapes for `%`, CR and LF; any other control character as `\\xNN`."""
    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def report(result: Result, stream: TextIO, colour: bool) -> None:
    for f in result.findings:
        level = "error" if f.severity is Severity.ERROR else "warning"
        properties = f"file={_property(f.path)},line={f.line},col={f.column},endLine={f.end_line}"
        stream.write(f"::{level} {properties},title={_property(f.code)}::{_data(f.message)}\n")
