"""GitLab Code Quality JSON: the merge-request widget and the diff annotations.

An array of issues with the fields GitLab documents as required: description,
check_name, fingerprint (the SARIF result's, so both reports name a finding
alike), severity (error -> major, warning -> minor) and location.path (relative
to the repository root) with location.lines.begin.
"""

from __future__ import annotations

import json
from typing import TextIO

from sot_lint.finding import Result, Severity
from sot_lint.report import jsontext
from sot_lint.report.sarif import located

SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor"}


def report(result: Result, stream: TextIO, colour: bool) -> None:
    issues = jsontext.RawItems(
        json.dumps(
            {
                "description": f"{f.code} {f.message}",
                "check_name": f.code,
                "fingerprint": fingerprint,
                "severity": SEVERITY[f.severity],
                "location": {"path": uri, "lines": {"begin": f.line}},
            }
        )
        for f, uri, fingerprint in located(result)
    )
    jsontext.dump(issues, stream, depth=1)  # an issue: one line
