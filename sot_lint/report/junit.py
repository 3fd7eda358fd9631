"""JUnit XML: one test case per file checked, one failure per finding (GitLab, Jenkins)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict
from typing import TextIO

from sot_lint.finding import Finding, Result
from sot_lint.report.escape import printable


def report(result: Result, stream: TextIO, colour: bool) -> None:
    by_path: dict[str, list[Finding]] = defaultdict(list)
    for finding in result.findings:
        by_path[printable(finding.path)].append(finding._replace(message=printable(finding.message)))
    paths = sorted({*(printable(path) for path in result.paths), *by_path})
    failures = sum(1 for path in paths if by_path[path])
    suites = ET.Element("testsuites", name="sot-lint", tests=str(len(paths)), failures=str(failures))
    suite = ET.SubElement(suites, "testsuite", name="sot-lint", tests=str(len(paths)), failures=str(failures))
    suite.set("errors", "0")
    for path in paths:
        case = ET.SubElement(suite, "testcase", classname="sot-lint", name=path, file=path)
        for f in by_path[path]:
            failure = ET.SubElement(case, "failure", type=f"{f.code} {f.name}", message=f"{f.code} {f.message}")
            failure.text = f"{path}:{f.line}:{f.column}: {f.code} {f.message} ({f.severity.value})"
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(suites, encoding="unicode"))
    stream.write("\n")
