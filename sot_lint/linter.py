"""Documents -> rules -> findings. Reads files only through the workspace."""

from __future__ import annotations

import concurrent.futures
import hashlib
import multiprocessing
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sot_lint import __version__, suppress
from sot_lint.config import Config
from sot_lint.finding import Finding, Result, Severity
from sot_lint.leaks import Leak, Scanner
from sot_lint.leaks.redact import label, scrub
from sot_lint.parse.document import Document
from sot_lint.repo.cache import ResultStore
from sot_lint.repo.discover import relative
from sot_lint.repo.revision import BaseRevision
from sot_lint.repo.workspace import Workspace
from sot_lint.rules import BASE_RULES, CROSS_FILE_RULES, DOCUMENT_RULES, RULES
from sot_lint.selection import Selection

PARALLEL_FROM = 200  # below this many files, starting workers costs more than it saves
WHOLE_RUN_FROM = 50  # below this many files, per-file results are as quick as storing the whole run
LEAK_CODES = tuple(code for code in RULES if code.startswith("SOT3"))


def _leak_finding(doc: Document, leak: Leak) -> Finding:
    what = {"SOT301": "secret", "SOT305": "value", "SOT307": leak.kind}.get(leak.code, leak.kind)
    finding = RULES[leak.code].META.at(doc, leak.line, f"{what} found: {label(leak.kind, leak.value)}", leak.column)
    return finding._replace(severity=Severity.WARNING) if leak.warning else finding


@dataclass(frozen=True)
class _Chunk:
    files: int
    findings: list[Finding]
    entries: list[tuple[str, Any]]  # new result-cache entries, written by the parent process


_FORKED: Linter | None = None  # the parent's linter, inherited by forked workers


def _check_in_worker(paths: list[Path]) -> _Chunk:
    assert _FORKED is not None
    findings = [finding for path in paths for finding in _FORKED.check(path)]
    entries, _FORKED.entries = _FORKED.entries, []
    return _Chunk(len(paths), findings, entries)


Reads = dict[str, str | None]  # what checks read: path or listing -> digest (Workspace.tracking)


def _merged(union: Reads | None, reads: Reads) -> Reads | None:
    """`reads` added to `union`; None when they disagree (a file changed during the run)."""
    if union is None:
        return None
    for key, digest in reads.items():
        if union.setdefault(key, digest) != digest:
            return None
    return union


def _finding(item: list[Any]) -> Finding:
    path, line, column, end_line, code, name, severity, message = item
    return Finding(  # paths and codes repeat across thousands of stored findings: share them
        sys.intern(str(path)),
        int(line),
        int(column),
        int(end_line),
        sys.intern(str(code)),
        sys.intern(str(name)),
        Severity(severity),
        str(message),
    )


class Linter:
    """One run: configuration, selection, leak scanner and workspace, shared by every file."""

    def __init__(
        self,
        config: Config,
        selection: Selection,
        scanner: Scanner,
        workspace: Workspace,
        *,
        base: BaseRevision | None = None,
        store: ResultStore | None = None,
    ) -> None:
        self.config = config
        self.selection = selection
        self.scanner = scanner
        self.workspace = workspace
        self.base = base
        self.store = store
        self.entries: list[tuple[str, Any]] = []  # results to store once the run is done
        self._fingerprint = repr((config, selection, scanner.fingerprint))

    def _stored(self, key: str | None, paths: list[str] | None = None) -> tuple[list[Finding], Reads] | None:
        """Findings stored under `key`, with what their checks read, while all of that is unchanged.

        A whole run's entry also lists the files it checked, which must be `paths`.
        """
        if key is None or self.store is None:
            return None
        entry = self.store.get(key)
        if paths is not None and (not isinstance(entry, dict) or entry.get("paths") != paths):
            return None
        reads = entry.get("reads") if isinstance(entry, dict) else None
        if not isinstance(reads, dict) or not self.workspace.unchanged(reads):
            return None
        try:
            return [_finding(item) for item in entry["findings"]], reads
        except (TypeError, ValueError, KeyError):
            return None

    def check(self, path: Path) -> list[Finding]:
        """Findings of one file, from the result cache while nothing it read has changed."""
        key = self._cache_key(path)
        stored = self._stored(key)
        if stored is not None:
            return stored[0]
        if key is None or self.store is None:
            return self._check(path)
        with self.workspace.tracking() as reads:
            findings = self._check(path)
        self.entries.append((key, {"reads": reads, "findings": [list(f) for f in findings]}))
        return findings

    def _cache_key(self, path: Path) -> str | None:
        """Content, location, configuration and tool version; None disables the cache."""
        digest = self.workspace.digest(path)
        if digest is None or self.base is not None:
            return None
        parts = (__version__, self._fingerprint, str(self.workspace.cwd), str(path), digest)
        return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogateescape")).hexdigest()

    def _check(self, path: Path) -> list[Finding]:
        """Every enabled rule on one file, leaked values redacted, suppressions applied."""
        doc = self.workspace.load(path)
        rel = relative(path, self.config.root)

        enabled = self.selection.for_path(rel)
        findings: list[Finding] = []
        for code, rule in DOCUMENT_RULES.items():
            if doc.kind in rule.KINDS and enabled(code):
                findings.extend(rule.check(doc, self.config))
        if doc.readable:
            for code, cross in CROSS_FILE_RULES.items():
                if doc.kind in cross.KINDS and enabled(code):
                    findings.extend(cross.check(doc, path, self.config, self.workspace))
        if self.base is not None and doc.section(self.config.state_section) is not None:
            before = self.base.load(path)
            if before is not None:
                for code, base_rule in BASE_RULES.items():
                    if enabled(code):
                        findings.extend(base_rule.check(doc, before, self.config))
        if doc.readable and any(enabled(code) for code in LEAK_CODES):
            leaks = self.scanner.scan(doc, rel)
            findings.extend(_leak_finding(doc, leak) for leak in leaks if enabled(leak.code))
            labels = {leak.value: label(leak.kind, leak.value) for leak in leaks if len(leak.value) >= 3}
            if labels:
                findings = [f._replace(message=scrub(f.message, labels)) for f in findings]
        if doc.kind != "markdown":
            return findings
        return suppress.apply(findings, suppress.parse(doc.lines), doc.path, enabled)

    def _chunks(self, paths: Sequence[Path], jobs: int) -> Iterator[_Chunk]:
        """Check paths here, or in `jobs` forked processes for a large audit.

        Paths are kept in directory order, so a record and its admission file
        usually land in the same chunk and are parsed once.
        """
        if jobs <= 1 or len(paths) < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
            for path in paths:
                findings = self.check(path)
                entries, self.entries = self.entries, []
                yield _Chunk(1, findings, entries)
            return
        global _FORKED
        ordered = sorted(paths)
        size = max(16, len(ordered) // (jobs * 8))
        batches = [ordered[i : i + size] for i in range(0, len(ordered), size)]
        _FORKED = self
        try:
            context = multiprocessing.get_context("fork")
            with concurrent.futures.ProcessPoolExecutor(jobs, mp_context=context) as pool:
                yield from pool.map(_check_in_worker, batches)
        finally:
            _FORKED = None

    def run(self, paths: Sequence[Path], progress: Callable[[int, int], None] | None = None, jobs: int = 1) -> Result:
        """Check every path; duplicate findings (a pair checked from both sides) appear once.

        The whole run is stored too, with everything its checks read: an audit
        of an unchanged tree then costs one lookup and one stat per file.
        """
        whole = self._run_key(paths)
        listed = [str(path) for path in paths]
        stored = self._stored(whole, listed)
        if stored is not None:
            findings = dict.fromkeys(stored[0])
            if progress is not None:
                progress(len(paths), len(paths))
        else:
            findings = self._run_files(paths, progress, jobs, whole, listed)
        if self.store is not None:
            self.store.put_digests(self.workspace.hashed)
            self.store.flush()
        displayed = tuple(relative(path, self.workspace.cwd) for path in paths)
        base = relative(self.workspace.cwd, self.config.root)
        return Result(tuple(sorted(findings, key=Finding.sort_key)), displayed, "" if base == "." else base)

    def _run_files(
        self,
        paths: Sequence[Path],
        progress: Callable[[int, int], None] | None,
        jobs: int,
        whole: str | None,
        listed: list[str],
    ) -> dict[Finding, None]:
        findings: dict[Finding, None] = {}
        reads: Reads | None = {}  # everything the run read; None once that cannot be told
        done = 0
        unknown: list[Path] = []
        for path in paths:  # stored results first: only the rest may be worth forking for
            key = self._cache_key(path)
            stored = self._stored(key)
            if key is None:
                reads = None  # an unreadable file: its turning readable would go unnoticed
            if stored is None:
                unknown.append(path)
                continue
            findings.update(dict.fromkeys(stored[0]))
            reads = _merged(reads, stored[1])
            done += 1
            if progress is not None:
                progress(done, len(paths))
        for chunk in self._chunks(unknown, jobs):
            findings.update(dict.fromkeys(chunk.findings))
            if self.store is not None:
                for key, value in chunk.entries:
                    self.store.put(key, value)
                    reads = _merged(reads, value["reads"])
            done += chunk.files
            if progress is not None:
                progress(done, len(paths))
        if self.store is not None and whole is not None and reads is not None:
            self.store.put(whole, {"paths": listed, "reads": reads, "findings": [list(f) for f in findings]})
        return findings

    def _run_key(self, paths: Sequence[Path]) -> str | None:
        """The one whole-run entry of this place and configuration, overwritten by each audit.

        Audits only: hooks pass ever-changing lists of a few files. The key
        leaves the file list out (the entry holds it), so adding files over a
        repository's life replaces the entry instead of adding one.
        """
        if self.store is None or self.base is not None or len(paths) < WHOLE_RUN_FROM:
            return None
        parts = (__version__, self._fingerprint, str(self.workspace.cwd), "run")
        return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogateescape")).hexdigest()
