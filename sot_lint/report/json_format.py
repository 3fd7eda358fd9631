"""One JSON object: tool, version, findings, summary (SPEC §4)."""

from __future__ import annotations

import json
from typing import TextIO

from sot_lint import __version__
from sot_lint.linter import Result
from sot_lint.report.summary import summarize


def report(result: Result, stream: TextIO, colour: bool) -> None:
    document = {
        "tool": "sot-lint",
        "version": __version__,
        "findings": [finding._asdict() for finding in result.findings],
        "summary": summarize(result.findings, result.files)._asdict(),
    }
    json.dump(document, stream, indent=2)
    stream.write("\n")
