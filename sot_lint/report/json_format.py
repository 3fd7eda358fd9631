"""One JSON object: tool, version, findings, summary (SPEC §4)."""

from __future__ import annotations

from json.encoder import encode_basestring_ascii
from typing import TextIO

from sot_lint import __version__
from sot_lint.finding import Finding, Result
from sot_lint.report import jsontext
from sot_lint.report.summary import summarize


def _lines(findings: tuple[Finding, ...]) -> list[jsontext.Raw]:
    """Each finding as a JSON object, formatted directly: audits print tens of thousands.

    Paths, codes, names and severities repeat across findings: each is encoded once.
    """
    encoded: dict[str, str] = {}

    def text(value: str) -> str:
        known = encoded.get(value)
        if known is None:
            known = encoded[value] = encode_basestring_ascii(value)  # json.dumps' own, with ensure_ascii
        return known

    return [
        jsontext.Raw(
            f'{{"path": {text(f.path)}, "line": {f.line:d}, "column": {f.column:d}, '
            f'"end_line": {f.end_line:d}, "code": {text(f.code)}, "name": {text(f.name)}, '
            f'"severity": {text(f.severity)}, "message": {encode_basestring_ascii(f.message)}}}'
        )
        for f in findings
    ]


def report(result: Result, stream: TextIO, colour: bool) -> None:
    document = {
        "tool": "sot-lint",
        "version": __version__,
        "findings": _lines(result.findings),
        "summary": summarize(result.findings, result.files)._asdict(),
    }
    jsontext.dump(document, stream, depth=2)  # a finding: one line
