"""One finding per span, in SPEC §8's order, and detect-secrets' allowlist comments.

Several detectors may agree on one stretch of a line (a GitHub token under a
secret-named field); the most specific code wins and the others are only
redacted.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from typing import Protocol, TypeVar

ORDER = {"SOT301": 0, "SOT307": 1, "SOT305": 2, "SOT302": 3, "SOT304": 4, "SOT303": 5, "SOT306": 6}


_PRAGMA = re.compile(r"pragma:\s*allowlist[ -]secret", re.IGNORECASE)
_PRAGMA_NEXT = re.compile(r"pragma:\s*allowlist[ -]nextline[ -]secret", re.IGNORECASE)


def allowlisted(lines: Sequence[str], line: int) -> bool:
    """detect-secrets' own comments, honoured for sot-lint's secrets too: on the line, or `nextline` above it."""
    return bool(
        (0 < line <= len(lines) and _PRAGMA.search(lines[line - 1]))
        or (1 < line <= len(lines) + 1 and _PRAGMA_NEXT.search(lines[line - 2]))
    )


class _Spanned(Protocol):
    @property
    def code(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


Spanned = TypeVar("Spanned", bound=_Spanned)


def one_per_span(candidates: Iterable[Spanned]) -> list[Spanned]:
    """Non-overlapping hits, the higher code of SPEC §8 first, then the longest; sorted by start."""
    ranked = sorted(candidates, key=lambda hit: (ORDER.get(hit.code, 9), -(hit.end - hit.start), hit.start))
    chosen: list[Spanned] = []  # kept sorted by start; never overlapping, so ends are sorted too
    starts: list[int] = []
    for hit in ranked:
        index = bisect.bisect_left(starts, hit.start)
        before_ok = index == 0 or chosen[index - 1].end <= hit.start
        after_ok = index == len(chosen) or hit.end <= chosen[index].start
        if before_ok and after_ok:
            chosen.insert(index, hit)
            starts.insert(index, hit.start)
    return chosen
