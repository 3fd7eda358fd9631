"""Rows and findings from one run of the check's own linter.

`RegisterLinter` is the `Linter` the check uses, which also turns each record
into its row right after checking it, while the parsed document is still in
the index: a cold register costs the audit and almost nothing more. Rows
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
from sot_lint.linter import Linter, finding_from_json
from sot_lint.parse.document import kind_of
from sot_lint.register.model import Row, build, redact
from sot_lint.repo.cache import Cache, KnownDigests, ResultStore
from sot_lint.repo.discover import discover, relative
from sot_lint.repo.index import Index
from sot_lint.selection import Selection


class RowStore(ResultStore):
    """The check's result store, also keeping in memory the row entries this run wrote.

    Rows built in forked workers reach the parent as new entries, which the
    linter writes here; the register then takes them from memory instead of
    reading back what was just written.
    """

    def __init__(self, cache: Cache) -> None:
        super().__init__(cache)
        self.written: dict[str, Any] = {}
        self.fresh: dict[str, Any] = {}  # path -> row entry built in this run (from its current content)

    def put(self, key: str, value: Any) -> None:
        if isinstance(value, dict) and "row" in value:
            self.written[key] = value
            if isinstance(value.get("path"), str):
                self.fresh[value["path"]] = value
        super().put(key, value)

    def get(self, key: str) -> Any:
        return self.written[key] if key in self.written else super().get(key)


class RegisterLinter(Linter):
    """The check's linter, keeping one register row per record it checks."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows: dict[str, Row | None] = {}
        self.row_reads: dict[str, dict[str, str | None]] = {}  # what each row read, for the whole-register entry
        # What a row depends on: the config, and the leak detection its redaction follows.
        self._row_fingerprint = repr((self.config, self.selection, self.scanner.fingerprint))

    def check(self, path: Path) -> list[Finding]:
        before = len(self.entries)
        findings = super().check(path)
        if kind_of(path.name) == "markdown":
            # A file the check had to read afresh has no stored row worth looking up either.
            self.row(path, findings, lookup=len(self.entries) == before)
        return findings

    def _key(self, *parts: str) -> str:
        """Tool version, configuration and place, like the check's own keys, then `parts`."""
        text = "\0".join(("status", __version__, self._row_fingerprint, str(self.index.cwd), *parts))
        return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()

    def row(self, path: Path, findings: Sequence[Finding], lookup: bool = True) -> Row | None:
        """The row of a markdown file (None: no record), from the store while nothing it read changed.

        `findings` are the check's for the file: cells on lines they flag as
        leaks are stored and shown as labels.
        """
        name = str(path)
        if name in self.rows:
            return self.rows[name]
        built = self.store.fresh.get(name) if isinstance(self.store, RowStore) else None
        if built is not None:  # a worker built it this run: no need to hash the file again here
            self.rows[name] = None if built["row"] is None else Row.from_json(built["row"])
            self.row_reads[name] = built["reads"]
            return self.rows[name]
        digest = self.index.tracker.digest(path)
        key = self._key(name, digest) if digest is not None and self.store is not None else None
        if key is not None and self.store is not None and lookup:
            entry = self.store.get(key)
            reads = entry.get("reads") if isinstance(entry, dict) else None
            if isinstance(entry, dict) and isinstance(reads, dict) and self.index.tracker.unchanged(reads):
                try:
                    stored = entry["row"]
                    self.rows[name] = None if stored is None else Row.from_json(stored)
                    self.row_reads[name] = reads
                    return self.rows[name]
                except (TypeError, ValueError, KeyError):
                    pass
        with self.index.tracker.tracking() as read:
            found = build(self.index.load(path), path, self.config, self.index)
        found = redact(found, findings) if found is not None else None
        if key is not None:
            row = found.to_json() if found is not None else None
            self.entries.append((key, {"reads": read, "row": row, "path": name}))
            self.row_reads[name] = read
        self.rows[name] = found
        return found

    def whole(self, paths: Sequence[Path]) -> tuple[list[Row], list[Finding]] | None:
        """The register of an unchanged tree from its one whole entry: rows and the check's findings.

        Valid while the file list is the same and everything the rows and the
        checks read is unchanged; then the linter need not run at all, so a
        warm register costs one lookup and one stat per file.
        """
        if self.store is None:
            return None
        entry = self.store.get(self._key("register"))
        if not isinstance(entry, dict) or entry.get("paths") != [str(path) for path in paths]:
            return None
        reads = entry.get("reads")
        if not isinstance(reads, dict) or not self.index.tracker.unchanged(reads):
            return None
        try:
            rows = [Row.from_json(item) for item in entry["rows"]]
            return rows, [finding_from_json(item) for item in entry["findings"]]
        except (TypeError, ValueError, KeyError):
            return None

    def register(self, paths: Sequence[Path], findings: Sequence[Finding]) -> list[Row]:
        """The rows of every markdown file in `paths`, after `run`; kept whole for an unchanged tree."""
        by_path: dict[str, list[Finding]] = {}
        for finding in findings:
            by_path.setdefault(finding.path, []).append(finding)
        markdown = [path for path in paths if kind_of(path.name) == "markdown"]
        rows = [(str(path), self.row(path, by_path.get(relative(path, self.index.cwd), []))) for path in markdown]
        union = dict(self.read_union) if self.read_union is not None else None
        for name, _ in rows:
            reads = self.row_reads.get(name)
            if reads is None or union is None:
                union = None
                break
            for read_key, digest in reads.items():
                if union.setdefault(read_key, digest) != digest:
                    union = None  # a file changed while the register was read: do not keep the whole
                    break
        found = [row for _, row in rows if row is not None]
        if union is not None and self.store is not None:
            entry = {
                "paths": [str(path) for path in paths],
                "reads": union,
                "rows": [r.to_json() for r in found],
                "findings": [list(f) for f in findings],
            }
            self.entries.append((self._key("register"), entry))
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
    selection = Selection.of(settings)
    cache = Cache(settings.root if use_cache else None)
    scanner = Scanner.from_config(settings, frozenset(), cache, os.environ)
    paths = discover(arguments, settings)
    store = RowStore(cache) if cache.directory is not None else None
    index = Index.open(settings, cwd, known_digests=KnownDigests(store) if store is not None else None)
    linter = RegisterLinter(settings, selection, scanner, index, store=store)
    kept = linter.whole(paths)
    if kept is not None:
        return Collected(tuple(kept[0]), linter.result(kept[1], paths))
    result = linter.run(paths, progress, jobs)
    hashed = len(index.tracker.hashed)
    rows = linter.register(paths, result.findings)
    if store is not None:
        for key, value in linter.entries:
            store.put(key, value)
        linter.entries = []
        store.put_digests(index.tracker.hashed[hashed:])
        store.flush()
    return Collected(tuple(rows), result)
