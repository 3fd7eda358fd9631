"""Literal strings a regex cannot match without: a prefilter, as RE2 and code search use.

Python's `re` has no literal-prefix optimisation for patterns that start
with alternations or lookbehinds, so detect-secrets' regexes crawl through
prose. `requirements` walks a compiled pattern's parse tree and returns sets
of strings such that every match contains at least one string of *each* set
(compared case-folded: a superset of what the regex accepts). A line that
fails them cannot match, and `str.find` / `in` skip it at memory speed.
"""

from __future__ import annotations

import bisect
import re
import sys
from collections.abc import Iterable, Sequence
from typing import Any

Strings = frozenset[str]
Requirements = tuple[Strings, ...]

# The parser `re` itself uses. It is private, so any failure below only means
# "no prefilter for this pattern": the regex then runs on every line.
_parser: Any = sys.modules.get("re._parser")
_constants: Any = sys.modules.get("re._constants")


def _quality(strings: Strings) -> tuple[int, int]:
    """Prefer sets whose shortest string is longest, then smaller sets."""
    return (min(len(s) for s in strings), -len(strings))


def best(requirements: Requirements) -> Strings | None:
    return max(requirements, key=_quality, default=None)


def _sequence(items: Any) -> list[Strings]:
    """Every set a match of this sequence must hit (adjacent literals joined)."""
    required: list[Strings] = []
    run: list[str] = []
    for op, argument in items:
        if op is _constants.LITERAL:
            run.append(chr(argument))
            continue
        if run:
            required.append(frozenset({"".join(run)}))
            run = []
        required.extend(_node(op, argument))
    if run:
        required.append(frozenset({"".join(run)}))
    return required


def _node(op: Any, argument: Any) -> list[Strings]:
    if op is _constants.SUBPATTERN:
        return _sequence(argument[-1])
    if op is _constants.ATOMIC_GROUP:
        return _sequence(argument)
    if op is _constants.BRANCH:
        branches = [best(tuple(_sequence(branch))) for branch in argument[1]]
        if not branches or any(b is None for b in branches):
            return []
        return [frozenset().union(*(b for b in branches if b is not None))]
    if op in (_constants.MAX_REPEAT, _constants.MIN_REPEAT, _constants.POSSESSIVE_REPEAT):
        low, _, body = argument
        return _sequence(body) if low >= 1 else []
    if op is _constants.IN and argument and all(item[0] is _constants.LITERAL for item in argument):
        return [frozenset(chr(item[1]) for item in argument)]
    return []  # other classes, anchors, lookarounds, back-references: no literal requirement


def requirements(pattern: re.Pattern[str]) -> Requirements:
    """Case-folded string sets every match hits one string of each; () when unknown."""
    if _parser is None or _constants is None:
        return ()
    try:
        found = _sequence(_parser.parse(pattern.pattern, pattern.flags))
    except Exception:  # noqa: BLE001 - an unparseable pattern just gets no prefilter
        return ()
    folded = {frozenset(s.casefold() for s in strings) for strings in found if strings and all(strings)}
    return tuple(sorted(folded, key=sorted))


def satisfied(required: Requirements, folded_line: str) -> bool:
    return all(any(s in folded_line for s in strings) for strings in required)


def lines_holding(literals: Iterable[str], folded: str, starts: Sequence[int]) -> set[int]:
    """Indexes of the lines of `folded` text (line `i` starts at `starts[i]`) that hold one of `literals`.

    One `str.find` per occurrence, and a hit skips to the next line.
    """
    found: set[int] = set()
    for literal in literals:
        position = folded.find(literal)
        while position >= 0:
            index = bisect.bisect_right(starts, position) - 1
            found.add(index)
            following = starts[index + 1] if index + 1 < len(starts) else len(folded)
            position = folded.find(literal, following)
    return found
