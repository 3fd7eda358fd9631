"""JUnit XML: one test case per file checked (GitLab, Jenkins).

A finding at or above the run's failing severity (`--fail-on`) is a
`<failure>`; one below it is listed in the case's `<system-out>`, so a green
run with warnings shows no failed test.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict
from typing import TextIO

from sot_lint.finding import Finding, Result
from sot_lint.report.escape import printable


def _line(f: Finding) -> str:
    return f"{f.path}:{f.line}:{f.column}: {f.code} {f.message} ({f.severity.value})"


def report(result: Result, stream: TextIO, colour: bool) -> None:
    by_path: dict[str, list[Finding]] = defaultdict(list)
    for finding in result.findings:
        by_path[printable(finding.path)].append(
            finding._replace(path=printable(finding.path), message=printable(finding.message))
        )
    paths = sorted({*(printable(path) for path in result.paths), *by_path})

    def failing(path: str) -> list[Finding]:
        return [f for f in by_path[path] if f.severity.rank >= result.fail_on.rank]

    failures = sum(1 for path in paths if failing(path))
    suites = ET.Element("testsuites", name="sot-lint", tests=str(len(paths)), failures=str(failures))
    suite = ET.SubElement(suites, "testsuite", name="sot-lint", tests=str(len(paths)), failures=str(failures))
    suite.set("errors", "0")
    for path in paths:
        case = ET.SubElement(suite, "testcase", classname="sot-lint", name=path, file=path)
        for f in failing(path):
            failure = ET.SubElement(case, "failure", type=f"{f.code} {f.name}", message=f"{f.code} {f.message}")
            failure.text = _line(f)
        passing = [f for f in by_path[path] if f.severity.rank < result.fail_on.rank]
        if passing:
            ET.SubElement(case, "system-out").text = "\n".join(_line(f) for f in passing)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(suites, encoding="unicode"))
    stream.write("\n")
