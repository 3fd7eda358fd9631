"""Documents -> rules -> findings. Reads files only through the per-run index."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

from sot_lint import __version__, collector, suppress, workers
from sot_lint.config import Config
from sot_lint.finding import Finding, Result, Severity, findings_from_json
from sot_lint.leaks import Leak, Scanner
from sot_lint.leaks.redact import Redactor, label
from sot_lint.parse.document import Document
from sot_lint.repo.cache import ResultStore
from sot_lint.repo.discover import relative
from sot_lint.repo.index import Index
from sot_lint.repo.tracking import Reads
from sot_lint.rules import BASE_RULES, CROSS_FILE_RULES, DOCUMENT_RULES, RULES
from sot_lint.selection import Selection

if TYPE_CHECKING:  # only `--staged`/`--base` runs make one; a plain check never imports git
    from sot_lint.repo.revision import BaseRevision

PARALLEL_FROM = 200  # below this many files, starting workers costs more than it saves
WHOLE = "whole:"  # the key prefix of a large audit's one whole answer (see `Linter._whole_key`)
LEAK_CODES = tuple(code for code in RULES if code.startswith("SOT3"))


def _leak_finding(doc: Document, leak: Leak) -> Finding:
    """A leak as a finding of its code, worded by its rule module; its class may lower it to a warning."""
    from sot_lint.rules import LEAK_RULES

    rule = LEAK_RULES[leak.code]
    finding = rule.META.at(doc, leak.line, rule.message(leak.kind, label(leak.kind, leak.value)), leak.column)
    return finding._replace(severity=Severity.WARNING) if leak.warning else finding


class Linter:
    """One run: configuration, selection, leak scanner and index, shared by every file."""

    def __init__(
        self,
        config: Config,
        selection: Selection,
        scanner: Scanner,
        index: Index,
        *,
        base: BaseRevision | None = None,
        store: ResultStore | None = None,
    ) -> None:
        self.config = config
        self.selection = selection
        self.scanner = scanner
        self.index = index
        self.base = base
        self.store = store
        self.entries: list[tuple[str, Any]] = []  # results to store once the run is done
        # Everything the run's results read (stored or fresh), for a consumer that keeps a whole
        # answer (the register); None when that cannot be told (a file without a cache key).
        self.read_union: Reads | None = {} if store is not None and base is None else None
        self.unkeyed = 0  # files this process checked without a cache key, since the last chunk
        # False while `run` checks the files it found no stored result for (and in the workers it
        # forks): `check` need not ask the store again (on an empty store, `run` asked nothing).
        self.looks_up = True
        self._fingerprint = repr((config, selection, scanner.fingerprint))

    keeps_whole = True  # a large audit keeps its whole answer; the register keeps one of its own

    def _stored(self, key: str | None) -> tuple[list[Finding], Reads] | None:
        """Findings stored under `key`, with what their check read, while all of that is unchanged."""
        if key is None or self.store is None:
            return None
        entry = self.store.get(key)
        reads = entry.get("reads") if isinstance(entry, dict) else None
        if not isinstance(reads, dict) or not self.index.tracker.unchanged(reads):
            return None
        try:
            return findings_from_json(entry["findings"]), reads
        except (TypeError, ValueError, KeyError):
            return None

    def _whole_key(self, paths: Sequence[Path]) -> str | None:
        """The key of a large audit's one whole answer, for exactly these files; None when none is kept.

        Only the last is kept (`put_sole`): a hook run never displaces it.
        """
        if not self.keeps_whole or self.store is None or self.base is not None or len(paths) < PARALLEL_FROM:
            return None
        parts = ("check", __version__, self._fingerprint, str(self.index.cwd), *map(str, paths))
        return WHOLE + hashlib.sha256("\0".join(parts).encode("utf-8", "surrogateescape")).hexdigest()

    def _read(self, reads: object) -> None:
        """Add one result's reads to the run's union; None once it cannot be told (see `read_union`)."""
        if self.read_union is None:
            return
        if not isinstance(reads, dict):
            self.read_union = None
            return
        for key, digest in reads.items():
            if self.read_union.setdefault(key, digest) != digest:
                self.read_union = None  # a file changed during the run
                return

    def check(self, path: Path) -> list[Finding]:
        """Findings of one file, from the result cache while nothing it read has changed."""
        key = self._cache_key(path)
        stored = self._stored(key) if self.looks_up else None
        if stored is not None:
            return stored[0]
        if key is None or self.store is None:
            self.unkeyed += 1
            return self._check(path)
        reads: Reads
        with self.index.tracker.tracking() as reads:
            findings = self._check(path)
        self.entries.append((key, {"reads": reads, "findings": [list(f) for f in findings]}))
        return findings

    def _cache_key(self, path: Path) -> str | None:
        """Content, location, configuration and tool version; None disables the cache."""
        if self.store is None or self.base is not None:
            return None
        digest = self.index.tracker.digest(path)
        if digest is None:
            return None
        parts = (__version__, self._fingerprint, str(self.index.cwd), str(path), digest)
        return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogateescape")).hexdigest()

    def _check(self, path: Path) -> list[Finding]:
        """Every enabled rule on one file, leaked values redacted, suppressions applied."""
        doc = self.index.load(path)
        rel = relative(path, self.config.root)

        enabled = self.selection.for_path(rel)
        findings: list[Finding] = []
        for code, rule in DOCUMENT_RULES.items():
            if doc.kind in rule.KINDS and enabled(code):
                findings.extend(rule.check(doc, self.config))
        if doc.readable:
            for code, cross in CROSS_FILE_RULES.items():
                if doc.kind in cross.KINDS and enabled(code):
                    findings.extend(cross.check(doc, path, self.config, self.index))
        if self.base is not None and doc.section(self.config.state_section) is not None:
            before = self.base.load(path)
            if before is not None:
                for code, base_rule in BASE_RULES.items():
                    if enabled(code):
                        findings.extend(base_rule.check(doc, before, self.config))
        # Every detector runs whatever is selected, ignored, suppressed or in the baseline:
        # those choose what is reported, never what is redacted.
        leaks = self.scanner.scan(doc, rel)
        self._scanned(doc, leaks)
        findings.extend(_leak_finding(doc, leak) for leak in leaks if not leak.hidden and enabled(leak.code))
        if doc.kind == "markdown":
            findings = suppress.apply(findings, suppress.parse(doc.lines), doc.path, enabled)
        if leaks:
            redact = Redactor({leak.value: label(leak.kind, leak.value) for leak in leaks})
            findings = [f._replace(message=redact(f.message)) for f in findings]
        if self.config.severity:  # `[tool.sot-lint.severity]`: MADR and Nygard make SOT209 an error
            findings = [f._replace(severity=self.config.severity_of(f.code, f.severity)) for f in findings]
        return findings

    def _scanned(self, doc: Document, leaks: list[Leak]) -> None:
        """Every leak in `doc`, reported or not (a subclass redacts more output by them)."""

    def _chunks(self, paths: Sequence[Path], jobs: int) -> Iterator[workers.Chunk]:
        """Check paths here, or in `jobs` forked processes for a large audit.

        Paths are kept in directory order, so a record and its admission file
        usually land in the same chunk and are parsed once.
        """
        if len(paths) >= PARALLEL_FROM:
            self.scanner.warm()  # a large audit: worth loading every detector, and their automaton, up front
        if jobs <= 1 or len(paths) < PARALLEL_FROM or not workers.can_fork():
            for path in paths:
                findings = self.check(path)
                entries, self.entries = self.entries, []
                unkeyed, self.unkeyed = self.unkeyed, 0
                yield workers.Chunk(1, findings, entries, unkeyed)
            return
        ordered = sorted(paths)
        self.index.prepare(ordered)
        yield from workers.forked(self, ordered, jobs)

    def run(self, paths: Sequence[Path], progress: Callable[[int, int], None] | None = None, jobs: int = 1) -> Result:
        """Check every path; duplicate findings (a pair checked from both sides) appear once.

        Stored results are looked up here first, so only the files that
        changed (or read something that changed) are worth forking for.
        """
        with collector.few_collections():
            try:
                return self._run(paths, progress, jobs)
            finally:
                self.looks_up = True

    def _run(self, paths: Sequence[Path], progress: Callable[[int, int], None] | None, jobs: int) -> Result:
        findings: dict[Finding, None] = {}
        done = 0
        unknown: list[Path] = []
        # An empty store (a cold audit) holds nothing to look up: the workers digest the files they
        # check, instead of this process reading and hashing every file first.
        cold = self.store is None or self.store.empty()
        whole = self._whole_key(paths)
        # An unchanged tree: one lookup and one stat per file read, not a key, lookup and check per file.
        kept = self._stored(whole) if whole is not None and not cold else None
        if kept is not None:
            self.read_union = kept[1]
            if progress is not None:
                progress(len(paths), len(paths))
            self._remember_digests()  # a file touched but not changed: its new signature saves the next run a read
            return self.result(kept[0], paths)
        keys = [] if cold else [self._cache_key(path) for path in paths]
        if keys and self.store is not None:
            self.store.prefetch([key for key in keys if key is not None])
        for index, path in enumerate(paths):
            if cold:
                unknown.append(path)
                continue
            key = keys[index]
            stored = self._stored(key)
            if key is None:
                self.read_union = None
            if stored is None:
                unknown.append(path)
                continue
            findings.update(dict.fromkeys(stored[0]))
            self._read(stored[1])
            done += 1
            if progress is not None:
                progress(done, len(paths))
        self.looks_up = False  # every path in `unknown` has no stored result
        for chunk in self._chunks(unknown, jobs):
            findings.update(dict.fromkeys(chunk.findings))
            if chunk.unkeyed and self.store is not None:
                self.read_union = None
            self.index.tracker.hashed.extend(chunk.hashed)  # digests a forked worker computed
            if self.store is not None:
                for key, value in chunk.entries:
                    self.store.put(key, value)
                    self._read(value.get("reads") if isinstance(value, dict) else None)
            done += chunk.files
            if progress is not None:
                progress(done, len(paths))
        result = self.result(findings, paths)
        if self.store is not None and whole is not None and self.read_union is not None:
            answer = {"reads": self.read_union, "findings": [list(f) for f in result.findings]}
            self.store.put_sole(whole, answer)
        self._remember_digests()
        return result

    def _remember_digests(self) -> None:
        """Store the stat signatures this run hashed behind, and commit the run's entries."""
        if self.store is not None:
            self.store.put_digests(self.index.tracker.hashed)
            self.store.flush()

    def result(self, findings: Iterable[Finding], paths: Sequence[Path]) -> Result:
        """The run's Result: findings sorted, paths as displayed, the current folder below the root."""
        displayed = Displayed(paths, self.index.cwd)
        base = relative(self.index.cwd, self.config.root)
        return Result(tuple(sorted(findings, key=Finding.sort_key)), displayed, "" if base == "." else base)


class Displayed(Sequence[str]):
    """The display paths of the files checked, made when first read.

    Every report counts them, one (JUnit) lists them: a large audit does not
    make thousands of strings to count them.
    """

    def __init__(self, paths: Sequence[Path], cwd: Path) -> None:
        self._paths = paths
        self._cwd = cwd
        self._shown: tuple[str, ...] | None = None

    def __len__(self) -> int:
        return len(self._paths)

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...
    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        if self._shown is None:
            self._shown = tuple(relative(path, self._cwd) for path in self._paths)
        return self._shown[index]
