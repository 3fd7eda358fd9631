"""SARIF 2.1.0 for code scanning: every rule in tool.driver.rules, root-relative URIs."""

from __future__ import annotations

import hashlib
import inspect
import posixpath
from collections import Counter
from collections.abc import Iterator
from typing import Any, TextIO

from sot_lint import __version__
from sot_lint.finding import Finding, Result, Severity
from sot_lint.report import jsontext
from sot_lint.report.escape import printable
from sot_lint.rules import RULES

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
HELP_URI = "https://pypi.org/project/sot-lint/"


def _level(severity: Severity) -> str:
    return "error" if severity is Severity.ERROR else "warning"


def _rules() -> list[dict[str, Any]]:
    described = []
    for code, rule in RULES.items():
        doc = inspect.getdoc(rule) or code
        described.append(
            {
                "id": code,
                "name": "".join(part.capitalize() for part in rule.META.name.split("-")),
                "shortDescription": {"text": doc.splitlines()[0]},
                "fullDescription": {"text": doc},
                "help": {"text": doc, "markdown": doc},
                "helpUri": HELP_URI,
                "defaultConfiguration": {"level": _level(rule.META.severity)},
                "properties": {"tags": ["sot-lint", rule.META.name]},
            }
        )
    return described


def located(result: Result) -> Iterator[tuple[Finding, str, str]]:
    """Each finding with its repository-relative URI and its fingerprint.

    The fingerprint leaves the line out, so a finding keeps it while lines
    move above it; the same finding repeated in a file is told apart by count.
    GitLab's code-quality report uses the same fingerprint.
    """
    seen: Counter[str] = Counter()
    for f in result.findings:
        path = printable(f.path)
        uri = posixpath.normpath(posixpath.join(result.base, path)) if not path.startswith("/") else path
        message = printable(f.message)
        key = f"{f.code}|{uri}|{message}"
        seen[key] += 1
        yield f, uri, hashlib.sha256(f"{key}|{seen[key]}".encode()).hexdigest()[:32]


def report(result: Result, stream: TextIO, colour: bool) -> None:
    index = {code: n for n, code in enumerate(RULES)}
    results = []
    for f, uri, fingerprint in located(result):
        region = {"startLine": f.line, "startColumn": f.column, "endLine": max(f.end_line, f.line)}
        results.append(
            {
                "ruleId": f.code,
                "ruleIndex": index[f.code],
                "level": _level(f.severity),
                "message": {"text": printable(f.message)},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"},
                            "region": region,
                        }
                    }
                ],
                "partialFingerprints": {"sotLint/v1": fingerprint},
            }
        )
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "sot-lint",
                        "version": __version__,
                        "informationUri": HELP_URI,
                        "rules": _rules(),
                    }
                },
                "results": results,
                "columnKind": "unicodeCodePoints",
            }
        ],
    }
    jsontext.dump(log, stream, depth=4)  # a result, a rule: one line each
