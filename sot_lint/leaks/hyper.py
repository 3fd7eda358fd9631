"""Many regexes in one C pass per line (Hyperscan, where it is installed): which of them may match it.

Python's `re` walks a line once per pattern; Hyperscan compiles every
pattern into one automaton and walks it once for all of them. Compiled in
its *prefilter* mode, a pattern may report a line where Python's regex does
not match (lookbehinds and back-references are approximated) but never
misses one, so callers confirm each candidate with the real regex and the
result is exactly Python's. Only lines of printable ASCII and tabs are
screened this way: there the two dialects read `\\s`, `\\w`, `\\d`, `\\v`,
case and line ends alike. Other lines get None, and callers try every
pattern on them as before.

Compiling takes a few hundred milliseconds, so only a large audit, which
warms its scanner before it forks, pays for it; a hook run never does.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from sot_lint.leaks.memo import LineMemo

Source = tuple[str, int]  # a regex and its `re` flags

_SCREENED = re.compile(r"[\t\x20-\x7e]*")  # the lines both dialects read alike


def available() -> bool:
    try:
        import hyperscan  # noqa: F401
    except ImportError:
        return False
    return True


class Apart:
    """`screen(sources)` compiled by a forked child while this process goes on (a cold audit walks its tree).

    `result` waits for the child; where there is no fork or no Hyperscan,
    or the child failed, it compiles here. `close` stops a child whose
    screen is not wanted after all (a small or stored audit).
    """

    def __init__(self, sources: Sequence[Source]) -> None:
        self.sources = sources
        self._child = 0
        self._path = ""
        if not available() or not hasattr(os, "fork"):
            return
        import tempfile

        try:
            handle, self._path = tempfile.mkstemp(prefix="sot-lint-screen-")
            os.close(handle)
            self._child = os.fork()
        except OSError:  # no temporary folder to write in, no process to spare: compile here when asked
            self.close()
            return
        if self._child == 0:  # pragma: no cover - the child's work is seen through its file
            code = 1
            try:
                import hyperscan

                with open(self._path, "wb") as out:
                    out.write(hyperscan.dumpb(Screen(sources)._database))
                code = 0
            finally:
                os._exit(code)

    def result(self) -> Screen | None:
        compiled = None
        if self._child:
            try:
                if os.waitstatus_to_exitcode(os.waitpid(self._child, 0)[1]) == 0:
                    with open(self._path, "rb") as data:
                        compiled = Screen.loaded(data.read())
            except Exception:  # noqa: BLE001 - whatever went wrong there, compiling here still answers
                compiled = None
            self._child = 0
            self.close()
        return compiled if compiled is not None else screen(self.sources)

    def close(self) -> None:
        if self._child:
            with contextlib.suppress(OSError):
                os.kill(self._child, signal.SIGKILL)
                os.waitpid(self._child, 0)
            self._child = 0
        if self._path:
            with contextlib.suppress(OSError):
                os.unlink(self._path)
            self._path = ""


def screen(sources: Sequence[Source]) -> Screen | None:
    """`sources` in one automaton; None where Hyperscan is not installed or does not take them all."""
    if not available():
        return None
    try:
        return Screen(sources)
    except Exception:  # noqa: BLE001 - whatever the library refuses, the regexes alone still answer
        return None


class Screen:
    """`sources` compiled into one prefilter automaton; `candidates` runs it over lines.

    Several detector sets share one automaton (their sources concatenated),
    and each line is scanned once however many of them ask about it.
    """

    def __init__(self, sources: Sequence[Source]) -> None:
        import hyperscan

        flags = [_flags(hyperscan, source_flags) for _, source_flags in sources]
        database: Any = hyperscan.Database()
        database.compile(
            expressions=[pattern.encode() for pattern, _ in sources],
            ids=list(range(len(sources))),
            elements=len(sources),
            flags=flags,
        )
        self._start(database)

    def _start(self, database: Any) -> None:
        import hyperscan

        self._memo: LineMemo[frozenset[int] | None] = LineMemo()
        self._database = database
        self._scratch: Any = hyperscan.Scratch(database)

    @classmethod
    def loaded(cls, data: bytes) -> Screen:
        """A screen from its serialized automaton (see `Apart`)."""
        import hyperscan

        loaded = cls.__new__(cls)
        loaded._start(hyperscan.loadb(data, hyperscan.HS_MODE_BLOCK))
        return loaded

    def candidates(self, lines: Sequence[str]) -> list[frozenset[int] | None]:
        """Per line: the indexes of the sources that may match it, or None for a line not screened here."""
        return self._memo.answers(lines, self._scan)

    def _scan(self, lines: Sequence[str]) -> list[frozenset[int] | None]:
        found: list[frozenset[int] | None] = []
        current: set[int] = set()

        def hit(source: int, _start: int, _end: int, _flags: int, _context: object) -> int:
            current.add(source)
            return 0

        scan, scratch = self._database.scan, self._scratch
        for line in lines:
            if _SCREENED.fullmatch(line) is None:
                found.append(None)
                continue
            scan(line.encode("ascii"), match_event_handler=hit, scratch=scratch)
            found.append(frozenset(current) if current else _NONE)
            current.clear()
        return found


_NONE: frozenset[int] = frozenset()


def _flags(hs: Any, source_flags: int) -> int:
    """Hyperscan's flags for a pattern with `re` flags `source_flags`: prefiltered, reported once per line."""
    flags = hs.HS_FLAG_PREFILTER | hs.HS_FLAG_SINGLEMATCH | hs.HS_FLAG_ALLOWEMPTY
    if source_flags & re.IGNORECASE:
        flags |= hs.HS_FLAG_CASELESS
    if source_flags & re.MULTILINE:
        flags |= hs.HS_FLAG_MULTILINE
    if source_flags & re.DOTALL:
        flags |= hs.HS_FLAG_DOTALL
    return int(flags)


Answer = TypeVar("Answer")


def unscreened(
    possible: Sequence[frozenset[int] | None],
    lines: Sequence[str],
    fallback: Callable[[list[str]], dict[int, Answer]],
) -> dict[int, Answer]:
    """`fallback`'s answers for the lines the automaton left to Python (None in `possible`), by index in `lines`."""
    indexes = [index for index, ids in enumerate(possible) if ids is None]
    found = fallback([lines[index] for index in indexes]) if indexes else {}
    return {indexes[index]: answer for index, answer in found.items()}
