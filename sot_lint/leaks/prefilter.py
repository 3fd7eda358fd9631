"""Literal strings a regex cannot match without: a prefilter, as RE2 and code search use.

Python's `re` has no literal-prefix optimisation for patterns that start
with alternations or lookbehinds, so detect-secrets' regexes crawl through
prose. From a compiled pattern's parse tree, `requirements` gives sets of
strings such that every match holds one string of *each* set (a line that
fails them cannot match), and `anchor` the strings every match starts with
(so `match` at their occurrences finds what `search` finds). `Literals`
finds the strings of many patterns in one pass over a text.
"""

from __future__ import annotations

import bisect
import itertools
import re
import sys
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from typing import Any, Protocol

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
        once = _sequence(body) if low >= 1 else []
        if low >= 2 and len(once) == 1 and len(once[0]) <= 8 and all(len(c) == 1 for c in once[0]):
            return [frozenset(a + b for a in once[0] for b in once[0])]  # `[!=]{2,3}` holds `==`, `!=`, ...
        return once
    if op is _constants.IN and argument and all(item[0] is _constants.LITERAL for item in argument):
        return [frozenset(chr(item[1]) for item in argument)]
    return []  # other classes, anchors, lookarounds, back-references: no literal requirement


def requirements(pattern: re.Pattern[str], fold: bool = True) -> Requirements:
    """String sets every match hits one string of each (case-folded unless `fold` is off); () when unknown.

    Leave `fold` on for a pattern that ignores case.
    """
    if _parser is None or _constants is None:
        return ()
    try:
        found = _sequence(_parser.parse(pattern.pattern, pattern.flags))
    except Exception:  # noqa: BLE001 - an unparseable pattern just gets no prefilter
        return ()
    kept = {frozenset(s.casefold() if fold else s for s in strings) for strings in found if strings and all(strings)}
    return tuple(sorted(kept, key=sorted))


def satisfied(required: Requirements, line: str) -> bool:
    """Whether `line` (case-folded when the requirements are) holds one string of each set."""
    return all(any(s in line for s in strings) for strings in required)


# ---------------------------------------------------------------- anchors

Anchor = tuple[tuple[str, ...], bool]  # strings every match starts with; whether compared case-folded
_MOST_ANCHORS = 64
_LONG_ENOUGH = 3  # a literal start this long is rare enough: extending it only adds strings to find
_MOST_EXTENSIONS = 8  # more ways to go on than this, and the short start is kept as it is
_ZERO_WIDTH = ("AT", "ASSERT", "ASSERT_NOT")


def _leading(items: list[Any], depth: int = 0) -> set[str] | None:
    """Literal strings one of which starts every match of `items`; None when unknown or unbounded."""
    if not items or depth > 40:
        return None  # a match could be empty here, or the pattern is too deep to follow
    op, argument = items[0]
    rest = items[1:]
    found: set[str] | None
    if op is _constants.LITERAL:
        # `re` factors a common start out of an alternation (`AKIA|ASIA` is `A` then a branch):
        # carry the run into what follows when that has literal starts too.
        run = "".join(chr(code) for _, code in itertools.takewhile(lambda i: i[0] is _constants.LITERAL, items))
        following = _leading(items[len(run) :], depth + 1) if len(run) < _LONG_ENOUGH else None
        if following is None or len(following) > _MOST_EXTENSIONS:
            return {run}
        return {run + string for string in following}
    if op in tuple(getattr(_constants, name) for name in _ZERO_WIDTH):
        return _leading(rest, depth + 1)
    if op is _constants.SUBPATTERN:
        _, added, removed, body = argument
        return None if added or removed else _leading([*body, *rest], depth + 1)
    if op is _constants.BRANCH:
        found = set()
        for branch in argument[1]:
            leading = _leading([*branch, *rest], depth + 1)
            if leading is None:
                return None
            found |= leading
        return found if len(found) <= _MOST_ANCHORS else None
    if op in (_constants.MAX_REPEAT, _constants.MIN_REPEAT, _constants.POSSESSIVE_REPEAT):
        low, _, body = argument
        found = _leading([*body, *rest], depth + 1)
        if low == 0 and found is not None:
            skipped = _leading(rest, depth + 1)
            found = None if skipped is None else found | skipped
        return found if found is not None and len(found) <= _MOST_ANCHORS else None
    if op is _constants.IN and argument and all(item[0] is _constants.LITERAL for item in argument):
        return {chr(item[1]) for item in argument}
    return None  # any character, classes, back-references: no literal start


def _shortest(strings: set[str]) -> tuple[str, ...]:
    """The strings no other one is a prefix of: an occurrence of a longer one is one of its prefix too."""
    kept = [s for s in strings if not any(o != s and s.startswith(o) for o in strings)]
    return tuple(sorted(kept))


def anchor(pattern: re.Pattern[str]) -> Anchor | None:
    """Strings a match of `pattern` must start with, for `match` at their occurrences instead of `search`.

    Python's `re` tries a leading alternation at every position of a line;
    `str.find` of its literal starts runs at memory speed and leaves a few
    positions to try. None when a match may start anywhere.
    """
    if _parser is None or _constants is None:
        return None
    try:
        leading = _leading(list(_parser.parse(pattern.pattern, pattern.flags)))
    except Exception:  # noqa: BLE001 - an unparseable pattern just gets no anchor
        return None
    if not leading or not all(leading):
        return None
    folded = bool(pattern.flags & re.IGNORECASE)
    strings = {s.casefold() for s in leading} if folded else leading
    return _shortest(strings), folded


class Matcher(Protocol):
    """A compiled pattern, or one that compiles when first asked to match."""

    def match(self, string: str, pos: int, /) -> object: ...


def anchored_lines(
    patterns: Sequence[Matcher],
    positions: Iterable[int],
    starts: Sequence[int],
    lines: Sequence[str],
    *,
    known: AbstractSet[int] = frozenset(),
    screens: Sequence[tuple[Requirements, bool]] = (),
) -> set[int]:
    """Indexes of `lines` (not in `known`) where one of `patterns` would `search`, trying `match` at `positions`.

    `positions` are offsets in the lines joined by newlines (line `i` starts
    at `starts[i]`) where one of the strings every match starts with occurs:
    so these are exactly the lines `search` finds. `screens` gives each
    pattern's requirements (and whether they are case-folded): a line that
    fails them is never tried, however many positions it holds.
    """
    found: set[int] = set()
    tried: dict[int, list[Matcher]] = {}  # line -> the patterns its requirements allow
    for position in positions:
        index = bisect.bisect_right(starts, position) - 1
        if index in found or index in known:
            continue
        line = lines[index]
        allowed = tried.get(index)
        if allowed is None:
            allowed = tried[index] = _allowed(patterns, screens, line)
        offset = position - starts[index]
        if any(pattern.match(line, offset) for pattern in allowed):
            found.add(index)
    return found


def _allowed(patterns: Sequence[Matcher], screens: Sequence[tuple[Requirements, bool]], line: str) -> list[Matcher]:
    if len(screens) != len(patterns):
        return list(patterns)
    folded = line.casefold()
    return [
        p
        for p, (needs, caseless) in zip(patterns, screens, strict=True)
        if satisfied(needs, folded if caseless else line)
    ]


Occurrences = dict[tuple[str, bool], list[int]]  # (string, case-folded?) -> where it starts in the text


class Literals:
    """Many literal strings found in one pass over a text (Aho-Corasick, in C).

    Dozens of detectors each need a few strings before their regexes are
    worth running; one `str.find` loop per string walks the text dozens of
    times, one automaton walks it once.
    """

    def __init__(self, caseless: Iterable[str], exact: Iterable[str]) -> None:
        self._automata = [
            (automaton, folded)
            for automaton, folded in ((_automaton(caseless), True), (_automaton(exact), False))
            if automaton is not None
        ]

    def find(self, text: str, folded: str | None) -> Occurrences:
        """Start positions of every string; the case-folded ones in `folded` (skipped when None)."""
        found: Occurrences = {}
        for automaton, caseless in self._automata:
            searched = folded if caseless else text
            if searched is None:
                continue
            for end, string in automaton.iter(searched):
                found.setdefault((string, caseless), []).append(end - len(string) + 1)
        return found


def _automaton(strings: Iterable[str]) -> Any:
    import ahocorasick

    unique = sorted(set(strings))
    if not unique:
        return None
    automaton = ahocorasick.Automaton()
    for string in unique:
        automaton.add_word(string, string)
    automaton.make_automaton()
    return automaton
