"""A large audit's forked workers: which files each takes, and what each hands back.

Workers are forked from the parent after it has loaded every detector and
compiled the automaton, so they share them; each checks a batch with the
parent's own linter and returns findings, the cache entries to write (the
parent writes them) and the stat signatures worth remembering.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from sot_lint import collector
from sot_lint.finding import Finding
from sot_lint.repo.index import Index


class Checker(Protocol):
    """What a worker uses of the linter it inherited."""

    entries: list[tuple[str, Any]]
    unkeyed: int
    index: Index

    def check(self, path: Path) -> list[Finding]: ...


@dataclass(frozen=True)
class Chunk:
    files: int
    findings: list[Finding]
    entries: list[tuple[str, Any]]  # new result-cache entries, written by the parent process
    unkeyed: int = 0  # files checked without a cache key (unreadable): their reads cannot be told
    hashed: list[tuple[str, str, str]] = field(default_factory=list)  # stat signatures worth remembering


_FORKED: Checker | None = None  # the parent's linter, inherited by forked workers


# What a worker sends back: a chunk whose findings are plain tuples. Pickling a NamedTuple
# calls back into Python for each one, which cost the workers as much as all the rest they send.
_Sent = tuple[int, list[tuple[Any, ...]], list[tuple[str, Any]], int, list[tuple[str, str, str]]]


def _check_in_worker(paths: list[Path]) -> _Sent:
    assert _FORKED is not None
    findings = [tuple(finding) for path in paths for finding in _FORKED.check(path)]
    entries, _FORKED.entries = _FORKED.entries, []
    unkeyed, _FORKED.unkeyed = _FORKED.unkeyed, 0
    hashed, _FORKED.index.tracker.hashed = _FORKED.index.tracker.hashed, []
    return len(paths), findings, entries, unkeyed, hashed


def _received(sent: _Sent) -> Chunk:
    files, findings, entries, unkeyed, hashed = sent
    return Chunk(files, list(map(Finding._make, findings)), entries, unkeyed, hashed)


def batches(ordered: Sequence[Path], jobs: int) -> list[list[Path]]:
    """Consecutive runs of paths, each an eighth of what is left per worker, down to 16 files.

    Large at first (a folder's records and admission files mostly share a
    batch, and are parsed once), small at the end, so no worker idles long
    while another finishes (guided scheduling, as OpenMP calls it).
    """
    found = []
    start = 0
    while start < len(ordered):
        size = max(16, (len(ordered) - start) // (jobs * 8))
        found.append(list(ordered[start : start + size]))
        start += size
    return found


def can_fork() -> bool:
    import multiprocessing  # only an audit large enough to fork pays for this import

    return "fork" in multiprocessing.get_all_start_methods()


def forked(linter: Checker, ordered: Sequence[Path], jobs: int) -> Iterator[Chunk]:
    """The chunks of `jobs` forked workers checking `ordered` with `linter`, in order."""
    global _FORKED
    _FORKED = linter
    try:
        import concurrent.futures
        import multiprocessing

        context = multiprocessing.get_context("fork")
        with collector.frozen(), concurrent.futures.ProcessPoolExecutor(jobs, mp_context=context) as pool:
            yield from map(_received, pool.map(_check_in_worker, batches(ordered, jobs)))
    finally:
        _FORKED = None
