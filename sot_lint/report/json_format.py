"""One JSON object: tool, version, findings, summary (SPEC §4)."""

from __future__ import annotations

from json.encoder import encode_basestring_ascii
from typing import TextIO

from sot_lint import __version__
from sot_lint.finding import Finding, Result
from sot_lint.report import jsontext
from sot_lint.report.summary import summarize


def _line(finding: Finding) -> jsontext.Raw:
    """One finding as a JSON object, formatted directly: audits print tens of thousands."""
    text = encode_basestring_ascii  # what json.dumps uses for strings, with its default ensure_ascii
    return jsontext.Raw(
        f'{{"path": {text(finding.path)}, "line": {finding.line:d}, "column": {finding.column:d}, '
        f'"end_line": {finding.end_line:d}, "code": {text(finding.code)}, "name": {text(finding.name)}, '
        f'"severity": {text(finding.severity)}, "message": {text(finding.message)}}}'  # a StrEnum: its text
    )


def report(result: Result, stream: TextIO, colour: bool) -> None:
    document = {
        "tool": "sot-lint",
        "version": __version__,
        "findings": [_line(finding) for finding in result.findings],
        "summary": summarize(result.findings, result.files)._asdict(),
    }
    jsontext.dump(document, stream, depth=2)  # a finding: one line
