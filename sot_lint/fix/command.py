"""`sot-lint check --fix` and `--diff`: write a plan atomically, or print it as a redacted unified diff."""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from sot_lint.config import Config
from sot_lint.fix import FileChange, Plan, Planner
from sot_lint.fix.textfile import TextFile
from sot_lint.leaks import Scanner, redact_text
from sot_lint.leaks.redact import label, scrub
from sot_lint.parse import document
from sot_lint.repo.cache import Cache
from sot_lint.repo.files import write_atomically
from sot_lint.selection import Selection


def run(
    paths: Sequence[Path],
    config: Config,
    selection: Selection,
    scanner: Scanner,
    *,
    diff: bool,
    out: TextIO,
    err: TextIO,
) -> bool:
    """Apply the safe fixes to `paths` (or print them with `diff`); True when there was something to fix."""
    if diff:  # changes nothing, not even the detect-secrets gate cache
        scanner = dataclasses.replace(scanner, cache=Cache(None))
    plan = Planner(config, selection, scanner, Path.cwd()).plan(paths)
    if diff:
        out.write(unified_diff(plan, scanner, config))
    else:
        _apply(plan, err)
    for note in plan.notes:
        err.write(f"sot-lint: {redact_text(note, scanner)}\n")
    return bool(plan.changes)


def _lines(data: bytes | None) -> list[str]:
    text_file = TextFile.decode(data) if data is not None else None
    return list(text_file.lines) if text_file is not None else []


def _labels(change: FileChange, scanner: Scanner, config: Config) -> dict[str, str]:
    """Every value a detector flags in either version of the file, mapped to its label."""
    kind = document.kind_of(change.path.name) or "markdown"
    labels: dict[str, str] = {}
    for data in (change.before, change.after):
        if data is not None:
            doc = document.parse(change.display, kind, data, config.max_file_size)
            for leak in scanner.scan(doc, change.display):
                if len(leak.value) >= 3:
                    labels[leak.value] = label(leak.kind, leak.value)
    return labels


def unified_diff(plan: Plan, scanner: Scanner, config: Config) -> str:
    """The plan as a unified diff; detected values in any line are replaced by their labels."""
    parts = []
    for change in sorted(plan.changes.values(), key=lambda c: c.display):
        before = "/dev/null" if change.before is None else f"a/{change.display}"
        lines = difflib.unified_diff(
            _lines(change.before), _lines(change.after), before, f"b/{change.display}", lineterm=""
        )
        text = "".join(line + "\n" for line in lines)
        parts.append(redact_text(scrub(text, _labels(change, scanner, config)), scanner))
    return "".join(parts)


def write_bytes_atomically(path: Path, data: bytes) -> None:
    """Write through a temporary file beside `path`, keeping its permission bits, then rename over it."""
    write_atomically(path, data)


def _apply(plan: Plan, err: TextIO) -> None:
    written = 0
    for change in plan.changes.values():
        try:
            current = change.path.read_bytes() if change.before is not None else None
        except OSError:
            current = None
        if current != change.before or (change.before is None and change.path.exists()):
            plan.notes.append(f"{change.display}: changed while it was being fixed; left as it is")
            continue
        try:
            write_bytes_atomically(change.path, change.after)
        except OSError as error:
            plan.notes.append(f"{change.display}: cannot write: {error.strerror}")
            continue
        written += 1
        for fix in change.fixes:
            code = fix.code or "field syntax"
            err.write(f"sot-lint: fixed {change.display}:{fix.line}: {code}: {fix.title}\n")
    if written:
        fixes = sum(len(c.fixes) for c in plan.changes.values())
        plural = "es" if fixes != 1 else ""
        err.write(f"sot-lint: applied {fixes} fix{plural} in {written} file{'s' * (written != 1)}\n")
