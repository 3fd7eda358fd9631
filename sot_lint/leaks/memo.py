"""Answers of line-local checks, remembered per distinct line for the run.

Records are written from templates: the same headings, constraint bullets
and boilerplate sentences recur across a repository, so most lines of an
audit have been seen before. A check whose answer depends on the line alone
runs once per distinct line. Memory is bounded by two generations: when the
young one fills, the old one is dropped and the young one becomes old, so
the lines that keep recurring survive and a large tree never thrashes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

Answer = TypeVar("Answer")


class LineMemo(Generic[Answer]):
    def __init__(self, limit: int = 65_536) -> None:
        self.limit = limit  # lines per generation
        self._young: dict[str, Answer] = {}
        self._old: dict[str, Answer] = {}

    def answers(self, lines: Sequence[str], decide: Callable[[list[str]], list[Answer]]) -> list[Answer]:
        """The answer for each of `lines`; `decide` answers, in order, the distinct lines not yet known."""
        young, old = self._young, self._old
        found: dict[str, Answer] = {}
        fresh: dict[str, None] = {}
        for line in lines:
            if line in found or line in fresh:
                continue
            if line in young:
                found[line] = young[line]
            elif line in old:
                found[line] = young[line] = old[line]  # still in use: carried into the young generation
            else:
                fresh[line] = None
        if fresh:
            decided = dict(zip(fresh, decide(list(fresh)), strict=True))
            found.update(decided)
            young.update(decided)
        if len(young) > self.limit:
            self._old, self._young = young, {}
        return [found[line] for line in lines]
