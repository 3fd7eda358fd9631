"""Rows and findings from one run of the check's own linter.

`RegisterLinter` is the `Linter` the check uses, which also turns each record
into its row right after checking it, while the parsed document is still in
the workspace: a cold register costs the audit and almost nothing more. Rows
are a second kind of entry in the check's result store (key prefix
`status`), each with the files it read, so an unchanged tree answers from the
store like a warm audit does.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sot_lint import __version__
from sot_lint.config import Config
from sot_lint.finding import Finding, Result
from sot_lint.leaks import Scanner
from sot_lint.linter import Linter
from sot_lint.parse.document import kind_of
from sot_lint.register.model import Row, build, redact
from sot_lint.repo.cache import Cache, KnownDigests, ResultStore
from sot_lint.repo.discover import discover, relative
from sot_lint.repo.workspace import Workspace
from sot_lint.selection import Selection


class RegisterLinter(Linter):
    """The check's linter, keeping one register row per record it checks."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows: dict[str, Row | None] = {}
        # What a row depends on: the config, and the leak detection its redaction follows.
        self._row_fingerprint = repr((self.config, self.selection, self.scanner.fingerprint))

    def check(self, path: Path) -> list[Finding]:
        findings = super().check(path)
        if kind_of(path.name) == "markdown":
            self.row(path, findings)
        return findings

    def _row_key(self, path: Path) -> str | None:
        """Content, location, configuration and tool version, like the check's own keys."""
        digest = self.workspace.digest(path)
        if digest is None or self.store is None:
            return None
        parts = ("status", __version__, self._row_fingerprint, str(self.workspace.cwd), str(path), digest)
        return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogateescape")).hexdigest()

    def row(self, path: Path, findings: Sequence[Finding]) -> Row | None:
        """The row of a markdown file (None: no record), from the store while nothing it read changed.

        `findings` are the check's for the file: cells on lines they flag as
        leaks are stored and shown as labels.
        """
        name = str(path)
        if name in self.rows:
            return self.rows[name]
        key = self._row_key(path)
        if key is not None and self.store is not None:
            entry = self.store.get(key)
            reads = entry.get("reads") if isinstance(entry, dict) else None
            if isinstance(entry, dict) and isinstance(reads, dict) and self.workspace.unchanged(reads):
                try:
                    stored = entry["row"]
                    self.rows[name] = None if stored is None else Row.from_json(stored)
                    return self.rows[name]
                except (TypeError, ValueError, KeyError, AttributeError):
                    pass
        with self.workspace.tracking() as read:
            found = build(self.workspace.load(path), path, self.config, self.workspace)
        found = redact(found, findings) if found is not None else None
        if key is not None:
            self.entries.append((key, {"reads": read, "row": found.to_json() if found is not None else None}))
        self.rows[name] = found
        return found


@dataclass(frozen=True)
class Collected:
    rows: tuple[Row, ...]
    result: Result


def collect(
    settings: Config,
    arguments: Sequence[str],
    cwd: Path,
    *,
    use_cache: bool = True,
    jobs: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> Collected:
    """Discover as the check does, run its linter, and read every record's row."""
    selection = Selection(
        select=settings.select,
        ignore=settings.ignore,
        per_file_ignores=settings.per_file_ignores,
    )
    cache = Cache(settings.root if use_cache else None)
    scanner = Scanner.from_config(settings, frozenset(), cache, os.environ)
    paths = discover(arguments, settings)
    store = ResultStore(cache) if cache.directory is not None else None
    workspace = Workspace(settings, cwd, known_digests=KnownDigests(store) if store is not None else None)
    linter = RegisterLinter(settings, selection, scanner, workspace, store=store)
    result = linter.run(paths, progress, jobs)
    hashed = len(workspace.hashed)
    by_path: dict[str, list[Finding]] = {}
    for finding in result.findings:
        by_path.setdefault(finding.path, []).append(finding)
    rows = [
        linter.row(path, by_path.get(relative(path, cwd), [])) for path in paths if kind_of(path.name) == "markdown"
    ]
    if store is not None:
        for key, value in linter.entries:
            store.put(key, value)
        linter.entries = []
        store.put_digests(workspace.hashed[hashed:])
        store.flush()
    return Collected(tuple(row for row in rows if row is not None), result)
