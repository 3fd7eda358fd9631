"""One JSON object: tool, version, findings, summary (SPEC §4)."""

from __future__ import annotations

from typing import TextIO

from sot_lint import __version__
from sot_lint.linter import Result
from sot_lint.report import jsontext
from sot_lint.report.summary import summarize


def report(result: Result, stream: TextIO, colour: bool) -> None:
    document = {
        "tool": "sot-lint",
        "version": __version__,
        "findings": [finding._asdict() for finding in result.findings],
        "summary": summarize(result.findings, result.files)._asdict(),
    }
    stream.write(jsontext.dumps(document, depth=2) + "\n")  # a finding: one line
