"""Rows and findings from one run of the check's own linter.

`RegisterLinter` is the `Linter` the check uses, which also turns each record
into its row right after checking it, while the parsed document is still in
the index: a cold register costs the audit and almost nothing more. A row is
kept in its file's check entry (`row`, beside `findings`), so it costs no key,
lookup or write of its own and is valid exactly as long as the findings are
(the entry's reads include what the row read). A row hides every leak the
check's scan found in its file (`Linter._scanned`), reported or not. The whole
register is one more entry (`rows`), so an unchanged tree answers from the
store with one lookup: its rows and the count of findings by path (all that
the table shows); the findings themselves are one more entry, read only for
the format that lists them (HTML).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sot_lint import __version__, collector
from sot_lint.config import Config
from sot_lint.finding import Finding, Result, findings_from_json
from sot_lint.leaks import Leak, Scanner
from sot_lint.linter import Linter
from sot_lint.parse.document import Document, kind_of
from sot_lint.register.model import Row, build, redact, tally
from sot_lint.repo.cache import Cache, KnownDigests, ResultStore
from sot_lint.repo.discover import discover, relative
from sot_lint.repo.files import Seen
from sot_lint.repo.index import Index
from sot_lint.repo.tracking import Reads
from sot_lint.selection import Selection


class RowStore(ResultStore):
    """The check's result store, remembering the check entries this run wrote or read.

    Rows built in forked workers reach the parent inside the entries the
    linter writes here, and rows of files answered from the store come with
    the entries it read: the register takes both from memory instead of
    hashing the file or reading the entry a second time.
    """

    def __init__(self, cache: Cache) -> None:
        super().__init__(cache)
        self.fresh: dict[str, Any] = {}  # path -> the stored row of a check entry written this run
        self.seen: dict[str, dict[str, Any]] = {}  # key -> check entry read this run (its reads not yet trusted)

    def put(self, key: str, value: Any) -> None:
        if isinstance(value, dict) and "row" in value:
            path = value.pop("path", None)  # it says whose row this is, here; the key already does in the store
            if isinstance(path, str):
                self.fresh[path] = value["row"]  # only the row: the entry's findings need not stay alive
        super().put(key, value)

    def get(self, key: str) -> Any:
        value = super().get(key)
        if isinstance(value, dict) and "findings" in value and "reads" in value:
            self.seen[key] = value
        return value


class RegisterLinter(Linter):
    """The check's linter, keeping one register row per record it checks."""

    keeps_whole = False  # the register keeps its own whole entry (`whole`), rows and findings

    def __init__(self, *args: Any, listed: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.listed = listed  # a format lists each finding (HTML); the others only count them
        self._scanned_last: tuple[Document, list[Leak]] | None = None  # the document in check and all its leaks
        self._built: tuple[Path, Any] | None = None  # the row `_check` just built, for `check` to store
        # What the whole register depends on besides the checks' reads: the config and leak detection.
        self._row_fingerprint = repr((self.config, self.selection, self.scanner.fingerprint))

    def check(self, path: Path) -> list[Finding]:
        """The check's findings; a record checked afresh also gets its row, in the entry about to be stored.

        The row travels only in that entry (to the store, and from a worker to
        the parent, where `RowStore.fresh` keeps it): a worker keeps no row, so
        its heap, and every garbage collection over it, stays the check's.
        """
        before = len(self.entries)
        findings = super().check(path)
        built, self._built = self._built, None
        if built is not None and built[0] is path and len(self.entries) > before:
            entry = self.entries[-1][1]
            entry["row"] = built[1]
            entry["path"] = str(path)
        return findings

    def _check(self, path: Path) -> list[Finding]:
        """The check of one file, then the row of a record, read while the check's reads are still recorded.

        The row's reads join the entry's as they are made: no tracking of its own.
        """
        findings = super()._check(path)
        scanned, self._scanned_last = self._scanned_last, None
        if scanned is not None and scanned[0].kind == "markdown":
            self._built = (path, self._stored_row(path, findings, *scanned))
        return findings

    def result(self, findings: Iterable[Finding], paths: Sequence[Path]) -> Result:
        """The check's Result when the findings are listed; else only the findings, in the order found.

        A format that counts findings by path needs them neither sorted nor
        beside the display path of every file checked.
        """
        if self.listed:
            return super().result(findings, paths)
        return Result(tuple(findings), ())

    def _scanned(self, doc: Document, leaks: list[Leak]) -> None:
        self._scanned_last = (doc, leaks)

    def _stored_row(
        self, path: Path, findings: Sequence[Finding], doc: Document | None = None, leaks: list[Leak] | None = None
    ) -> Any:
        """The stored form of the row of `path` (None: no record), hiding every leak in the file.

        `doc` and `leaks`: the document the check just parsed and every leak it
        found; loaded and scanned again when it was not checked in this process.
        """
        if doc is None or leaks is None:  # its row still hides every leak, reported or not
            doc = self.index.load(path)
            leaks = self.scanner.scan(doc, relative(path, self.config.root))
        found = build(doc, path, self.config, self.index)
        return redact(found, findings, leaks).to_json() if found is not None else None

    def _keep(self, path: Path, findings: Sequence[Finding], entry: dict[str, Any]) -> Any:
        """Build the row of `path` into its check `entry` (the row, the path, what the row read); its stored form."""
        with self.index.tracker.tracking() as read:
            stored = self._stored_row(path, findings)
        reads: Reads = entry["reads"]
        reads.update(read)
        entry["row"] = stored
        entry["path"] = str(path)
        return stored

    def _key(self, *parts: str) -> str:
        """Tool version, configuration and place, like the check's own keys, then `parts`."""
        text = "\0".join(("status", __version__, self._row_fingerprint, str(self.index.cwd), *parts))
        return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()

    def row(self, path: Path, findings_of: Callable[[str], Sequence[Finding]]) -> tuple[Row | None, Any]:
        """The row of a markdown file whose check this run did not make (None: no record), and its stored form.

        Kept by its check entry, or built now; `findings_of` gives the check's
        findings of a displayed path: cells on lines they flag as leaks are
        stored and shown as labels.
        """
        entry: dict[str, Any] | None = None
        key: str | None = None
        if isinstance(self.store, RowStore):
            key = self._cache_key(path)
            entry = self.store.seen.get(key) if key is not None else None
            if entry is not None and not self.index.tracker.unchanged(entry["reads"]):
                entry = None
            if entry is not None and "row" in entry:
                try:
                    stored = entry["row"]
                    return (None if stored is None else Row.from_json(stored)), stored
                except (TypeError, ValueError, KeyError):
                    pass
        findings = findings_of(relative(path, self.index.cwd))
        if entry is None or key is None:  # not stored: built from scratch, its reads still join the union
            kept: dict[str, Any] = {"reads": {}}
        else:  # a check entry without its row (stored by `check`): store it again, with the row
            kept = {"reads": dict(entry["reads"]), "findings": entry["findings"]}
            self.entries.append((key, kept))
        stored = self._keep(path, findings, kept)
        self._read(kept["reads"])
        return _trusted(stored), stored

    def whole(self, paths: Sequence[Path]) -> Collected | None:
        """The register of an unchanged tree from its one whole entry; its findings (a second entry) only when listed.

        Valid while the file list is the same and everything the rows and the
        checks read is unchanged; then the linter need not run at all, so a
        warm register costs one lookup and one stat per file.
        """
        if self.store is None:
            return None
        entry = self.store.get(self._key("register"))
        if not isinstance(entry, dict) or entry.get("paths") != _digest(paths):
            return None
        reads = entry.get("reads")
        if not isinstance(reads, dict) or not self.index.tracker.unchanged(reads):
            return None
        try:
            rows = tuple(Row.from_json(item) for item in entry["rows"])
            counts = {str(path): (int(errors), int(warnings)) for path, (errors, warnings) in entry["counts"].items()}
            findings: tuple[Finding, ...] = ()
            if self.listed:
                kept = self.store.get(self._key("register findings"))
                if kept.get("stamp") != entry["stamp"]:  # written by another run than the rows
                    return None
                findings = tuple(findings_from_json(kept["findings"]))
        except (TypeError, ValueError, KeyError, AttributeError):
            return None
        return Collected(rows, len(paths), counts, findings)

    def register(self, paths: Sequence[Path], findings: Sequence[Finding], counts: Mapping[str, Any]) -> list[Row]:
        """The rows of every markdown file in `paths`, after `run`; kept whole for an unchanged tree.

        `counts` is `tally(findings)`, kept in the whole entry for the table;
        the findings are kept (a second entry) only by a run that lists them:
        no other format reads them back.
        """
        grouped: dict[str, list[Finding]] | None = None

        def findings_of(shown: str) -> Sequence[Finding]:  # grouped only when a row must be built here
            nonlocal grouped
            if grouped is None:
                grouped = {}
                for finding in findings:
                    grouped.setdefault(finding.path, []).append(finding)
            return sorted(grouped.get(shown, ()), key=Finding.sort_key)  # as reported: a line's first leak labels it

        found: list[Row] = []
        stored: list[Any] = []
        fresh = self.store.fresh if isinstance(self.store, RowStore) else {}
        for path in paths:
            name = str(path)
            if name in fresh:  # built this run, by this code: no need to hash the file or check it
                kept = fresh[name]
                row = _trusted(kept)
            elif kind_of(name) == "markdown":
                row, kept = self.row(path, findings_of)
            else:
                continue
            if row is not None:
                found.append(row)
                stored.append(kept)
        # Every row was built or taken with its check's entry, whose reads are in the run's union.
        if self.read_union is not None and self.store is not None and self.store.cache.directory is not None:
            stamp = os.urandom(8).hex()  # pairs the two entries, whatever else writes between them
            whole = {"paths": _digest(paths), "reads": self.read_union, "rows": stored, "counts": counts}
            self.entries.append((self._key("register"), {**whole, "stamp": stamp}))
            if self.listed:  # the findings, sorted as the check reports them, apart: read only by a format listing them
                self.entries.append((self._key("register findings"), {"stamp": stamp, "findings": findings}))
        return found


def _trusted(stored: Any) -> Row | None:
    """A row this run built and stored: decoded without the checks a row read from the cache needs."""
    return None if stored is None else Row.from_json(stored, trusted=True)


def _digest(paths: Sequence[Path]) -> str:
    """The file list as one digest: the whole entry is valid only for the same files, in the same order."""
    return hashlib.sha256("\0".join(map(str, paths)).encode("utf-8", "surrogateescape")).hexdigest()


@dataclass(frozen=True)
class Collected:
    """The register's rows and what it shows of the check's findings: counts, and the findings when listed."""

    rows: tuple[Row, ...]
    files: int  # files checked
    counts: Mapping[str, tuple[int, int]]  # displayed path -> (errors, warnings)
    findings: tuple[Finding, ...]  # sorted as the check reports them; () unless asked for (`listed`)


def collect(
    settings: Config,
    arguments: Sequence[str],
    cwd: Path,
    *,
    use_cache: bool = True,
    jobs: int = 1,
    listed: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> Collected:
    """Discover as the check does, run its linter, and read every record's row.

    Without `listed` (a format that only counts findings), an unchanged
    tree's findings are not even decoded.
    """
    selection = Selection.of(settings)
    cache = Cache(settings.root if use_cache else None)
    scanner = Scanner.from_config(settings, frozenset(), cache, os.environ)
    # Without a cache directory the store is memory only: rows built in workers still reach this process.
    store = RowStore(cache)
    cache.prepare()  # before the walk, as the check does: what it sees of the root is what later runs see
    if jobs > 1 and store.empty():
        scanner.compile_ahead()  # nothing stored: every file will be scanned, so compile while walking
    try:
        seen: Seen = {}
        paths = discover(arguments, settings, seen)
        known = KnownDigests(store) if cache.directory is not None else None
        index = Index.open(settings, cwd, known_digests=known, seen=seen)  # the walk's folders: not listed again
        linter = RegisterLinter(settings, selection, scanner, index, store=store, listed=listed)
        with collector.acyclic():
            kept = linter.whole(paths)
        if kept is not None:
            return kept
        result = linter.run(paths, progress, jobs)
    finally:
        scanner.settle()
    with collector.acyclic():
        hashed = len(index.tracker.hashed)
        counts = tally(result.findings)
        rows = linter.register(paths, result.findings, counts)
        for key, value in linter.entries:
            store.put(key, value)
        linter.entries = []
        store.put_digests(index.tracker.hashed[hashed:])
        store.flush()
    return Collected(tuple(rows), len(paths), counts, result.findings if listed else ())
