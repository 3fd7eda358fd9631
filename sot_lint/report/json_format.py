"""One JSON object: tool, version, findings, summary (SPEC §4)."""

from __future__ import annotations

from json.encoder import encode_basestring_ascii
from typing import TextIO

from sot_lint import __version__
from sot_lint.finding import Finding, Result
from sot_lint.report import jsontext
from sot_lint.report.summary import summarize


def _lines(findings: tuple[Finding, ...]) -> jsontext.RawItems:
    """Each finding as a JSON object, formatted directly: audits print tens of thousands.

    Findings come sorted by path: a path is encoded once for its run of
    findings, and the code, name and severity once per combination.
    """
    text = encode_basestring_ascii  # what json.dumps uses for strings, with its default ensure_ascii
    lines = jsontext.RawItems()
    path: str | None = None
    head = ""
    middles: dict[tuple[str, str, str], str] = {}
    for f in findings:
        if f.path != path:
            path = f.path
            head = f'{{"path": {text(path)}, "line": '
        middle = middles.get((f.code, f.name, f.severity))
        if middle is None:
            middle = f', "code": {text(f.code)}, "name": {text(f.name)}, "severity": {text(f.severity)}, "message": '
            middles[(f.code, f.name, f.severity)] = middle
        lines.append(f'{head}{f.line:d}, "column": {f.column:d}, "end_line": {f.end_line:d}{middle}{text(f.message)}}}')
    return lines


def report(result: Result, stream: TextIO, colour: bool) -> None:
    document = {
        "tool": "sot-lint",
        "version": __version__,
        "findings": _lines(result.findings),
        "summary": summarize(result.findings, result.files)._asdict(),
    }
    jsontext.dump(document, stream, depth=2)  # a finding: one line
