"""Answers of line-local checks, remembered per distinct line for the run.

Records are written from templates: the same headings, constraint bullets
and boilerplate sentences recur across a repository, so most lines of an
audit have been seen before. A check whose answer depends on the line alone
runs once per distinct line; the memory is bounded and simply starts over
when full.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

Answer = TypeVar("Answer")


class LineMemo(Generic[Answer]):
    def __init__(self, limit: int = 65_536) -> None:
        self.limit = limit
        self._known: dict[str, Answer] = {}

    def answers(self, lines: Sequence[str], decide: Callable[[list[str]], list[Answer]]) -> list[Answer]:
        """The answer for each of `lines`; `decide` answers, in order, the distinct lines not yet known."""
        known = self._known
        fresh = list(dict.fromkeys(line for line in lines if line not in known))
        if not fresh:
            return [known[line] for line in lines]
        decided = dict(zip(fresh, decide(fresh), strict=True))
        answers = [decided[line] if line in decided else known[line] for line in lines]
        if len(known) + len(decided) > self.limit:
            known.clear()
        known.update(decided)
        return answers
