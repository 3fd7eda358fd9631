"""`sot-lint history [REV-RANGE]`: leaks in every line past commits added (SOT504).

Lines stream from one `git log -p` process and are scanned one commit and
file at a time, so memory stays flat on long histories. Each hit is reported
under SOT504 with the commit id, path and line; values are redacted as
everywhere else.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import groupby
from pathlib import Path

from sot_lint.config import Config
from sot_lint.finding import Finding
from sot_lint.leaks import Scanner
from sot_lint.leaks.redact import label
from sot_lint.parse import document
from sot_lint.parse.document import Document
from sot_lint.repo import git
from sot_lint.repo.discover import included, relative
from sot_lint.rules import RULES
from sot_lint.rules.sot504_leak_in_history import META


def scan(root: Path, config: Config, scanner: Scanner, revisions: Sequence[str], cwd: Path) -> Iterator[Finding]:
    """SOT504 findings for leaks in lines added by the commits of `revisions`."""
    if not git.has_commits(root):
        return
    lines = git.added_lines(root, revisions or ["HEAD"])
    for (commit, path), group in groupby(lines, key=lambda added: (added.commit, added.path)):
        kind = document.kind_of(path)
        added = list(group)
        if kind is None or not included(config, root / path):
            continue
        pseudo = Document(path, kind, tuple(a.text for a in added))
        display = relative(root / path, cwd)
        for leak in scanner.scan(pseudo, path):
            if leak.hidden:
                continue
            original = added[leak.line - 1]
            message = f"{leak.kind} added in commit {commit[:12]}: {label(leak.kind, leak.value)}"
            severity = RULES[leak.code].META.severity  # a local path stays a warning in history too
            yield Finding(display, original.line, leak.column, original.line, META.code, META.name, severity, message)
