"""Inline suppression directives, and the findings for those that match nothing.

    <!-- sot-lint: disable-next-line SOT303 -->
    <!-- sot-lint: disable SOT303, SOT304 --> ... <!-- sot-lint: enable SOT303 -->

In frontmatter, the YAML comment form `# sot-lint: disable-next-line SOT106`
works the same. A directive with no code covers every code.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from sot_lint.errors import UsageError
from sot_lint.finding import Finding
from sot_lint.rules import RULES
from sot_lint.rules.sot009_unused_suppression import META as UNUSED

_DIRECTIVE = re.compile(
    r"(?:<!--|#)[ \t]*sot-lint:[ \t]*(disable-next-line|disable|enable)\b((?:[ \t,]+SOT\d*)*)[ \t]*(?:-->|$)"
)
_MARKER = "sot-lint:"


@dataclass(frozen=True)
class Suppression:
    """One code (or every code, when None) silenced over lines first..last."""

    line: int
    code: str | None
    first: int
    last: int

    def covers(self, finding: Finding) -> bool:
        in_range = self.first <= finding.line <= self.last
        return in_range and (self.code is None or finding.code.startswith(self.code))


def parse(lines: Sequence[str]) -> list[Suppression]:
    """All suppressions written in `lines`; an open `disable` runs to the end of file."""
    found: list[Suppression] = []
    open_ranges: dict[str | None, tuple[int, int]] = {}  # code -> (directive line, first line)
    for index, text in enumerate(lines):
        if _MARKER not in text:
            continue
        match = _DIRECTIVE.search(text)
        if match is None:
            continue
        line = index + 1
        action = match.group(1)
        codes: list[str | None] = [*re.findall(r"SOT\d*", match.group(2))] or [None]
        for code in codes:
            if action == "disable-next-line":
                found.append(Suppression(line, code, line + 1, line + 1))
            elif action == "disable":
                open_ranges.setdefault(code, (line, line))
            elif code in open_ranges:
                start_line, first = open_ranges.pop(code)
                found.append(Suppression(start_line, code, first, line))
            elif code is None:
                for open_code, (start_line, first) in list(open_ranges.items()):
                    found.append(Suppression(start_line, open_code, first, line))
                open_ranges.clear()
    for code, (start_line, first) in open_ranges.items():
        found.append(Suppression(start_line, code, first, len(lines)))
    return found


def _known(code: str) -> bool:
    return any(rule.startswith(code) for rule in RULES)


def apply(
    findings: Iterable[Finding],
    suppressions: Sequence[Suppression],
    path: str,
    enabled: Callable[[str], bool],
) -> list[Finding]:
    """Drop suppressed findings; add SOT009 for suppressions that silenced nothing."""
    kept: list[Finding] = []
    used: set[int] = set()
    for finding in findings:
        hits = [n for n, s in enumerate(suppressions) if finding.code != UNUSED.code and s.covers(finding)]
        used.update(hits)
        if not hits:
            kept.append(finding)
    if not enabled(UNUSED.code):
        return kept
    for number, suppression in enumerate(suppressions):
        if number in used:
            continue
        code = suppression.code
        if code is not None and not _known(code):
            message = f"suppression names '{code}', which is no rule code"
        elif code is None or any(enabled(rule) for rule in RULES if rule.startswith(code)):
            message = f"suppression of {code or 'every code'} matches no finding"
        else:
            continue
        kept.append(
            Finding(path, suppression.line, 1, suppression.line, UNUSED.code, UNUSED.name, UNUSED.severity, message)
        )
    return kept


def load_baseline(path: str) -> frozenset[tuple[str, str]]:
    """(file, hashed secret) pairs of a detect-secrets baseline (`detect-secrets scan`)."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
        results = data["results"]
        return frozenset(
            (filename.replace("\\", "/"), str(entry["hashed_secret"]))
            for filename, entries in results.items()
            for entry in entries
        )
    except OSError as error:
        raise UsageError(f"{path}: cannot read baseline: {error.strerror}") from None
    except (ValueError, KeyError, TypeError, AttributeError):
        raise UsageError(f"{path}: not a detect-secrets baseline (expected a 'results' mapping)") from None
