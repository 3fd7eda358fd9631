"""Documents -> rules -> findings. No I/O beyond reading the files it lints."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sot_lint import document, suppress
from sot_lint.config import Config
from sot_lint.discover import relative
from sot_lint.document import Document
from sot_lint.finding import Finding
from sot_lint.rules import DOCUMENT_RULES
from sot_lint.selection import Selection
from sot_lint.source import Problem


@dataclass(frozen=True)
class Result:
    """What a run found, sorted by path, line, column, code."""

    findings: tuple[Finding, ...]
    files: int


def read(path: Path, display: str, config: Config) -> Document:
    """Load one file without ever raising: unreadable files become SOT001 documents."""
    kind = document.kind_of(path.name) or "markdown"
    if path.is_symlink() and not path.resolve().is_relative_to(config.root.resolve()):
        return Document(
            display, kind, (), (Problem("SOT001", 1, 1, "symlink leads outside the repository; not followed"),)
        )
    try:
        with path.open("rb") as handle:
            data = handle.read(config.max_file_size + 1)
    except OSError as error:
        reason = error.strerror or type(error).__name__
        return Document(display, kind, (), (Problem("SOT001", 1, 1, f"cannot read file: {reason}"),))
    return document.parse(display, kind, data, config.max_file_size)


def check_document(doc: Document, config: Config, selection: Selection, rel: str) -> list[Finding]:
    """Run every enabled document rule on `doc`, then apply its suppressions."""
    findings: list[Finding] = []
    for code, rule in DOCUMENT_RULES.items():
        if doc.kind in rule.KINDS and selection.enabled_for(code, rel):
            findings.extend(rule.check(doc, config))
    if doc.kind != "markdown":
        return findings
    return suppress.apply(findings, suppress.parse(doc.lines), doc.path, lambda c: selection.enabled_for(c, rel))


def lint(paths: Sequence[Path], config: Config, selection: Selection, cwd: Path) -> Result:
    findings: list[Finding] = []
    for path in paths:
        doc = read(path, relative(path, cwd), config)
        findings.extend(check_document(doc, config, selection, relative(path, config.root)))
    return Result(tuple(sorted(findings, key=Finding.sort_key)), len(paths))
