"""Screens: which detector families a line needs, from whole-text scans instead of every detector per line.

A line holds a leak only where some detector's need is met: a literal
(`//`, `.local`, a secret-like word, a vendor keyword) or a shape (`1.2`,
`:80`, a 16-character token run). `screened_lines` finds those needs for
many lines at once; `scan_line` then runs only the families a line needs.
For a large audit, `Automaton` answers the same from one Hyperscan pass per
line (`hyper.py`), and runs the name detectors only where one of their own
patterns may match.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Iterator, Sequence

from sot_lint.leaks import formats, hyper, named, prefilter
from sot_lint.leaks.reach import Allowlist, Sensitive

# Something a detector needs on a line (the assignment detector's needs are the
# sensitive names, in Sensitive.trigger; the token formats have their own screen).
# Compiled only for a text whose case folding changes its length: most runs never need it.
_TRIGGER = (
    r"//|\d\.\d|:[0-9A-Fa-f]{0,4}:|[A-Za-z]:\d{2}|@[\w-]+\.|\\\\|\.(?:ts\.net|internal|local|lan|corp|home\.arpa|intranet)"
    r"|/home/|/users/|\\users\\|/root/"
)
# The same need, split for speed: `re` tries a leading alternation at every position, while
# its literal parts are found in one pass with the others' (prefilter.Literals) and each shape
# below starts with a character `re` skips to at C speed. `:\d\d` stands for `[A-Za-z]:\d{2}`.
_TRIGGER_LITERALS = (
    "//", "\\\\", "/home/", "/users/", "\\users\\", "/root/",
    ".ts.net", ".internal", ".local", ".lan", ".corp", ".home.arpa", ".intranet",
)  # fmt: skip
_TRIGGER_SHAPES = (re.compile(r"\d\.\d"), re.compile(r":(?:[0-9A-Fa-f]{0,4}:|\d\d)"), re.compile(r"@[\w-]+\."))
# Shapes the name detectors read that no literal announces: `user:password` in prose, and a
# Kubernetes Secret's `data:` value (named.py's _USER_PASSWORD and _K8S_DATA need these); the
# second is searched after a newline put before the text, so it starts with a literal too.
_INDENTED_KEY = r"[^\S\n]+[\w.-]{1,63}:[^\S\n]"
_NAMED_SHAPES = (re.compile(r":[\"']?[^\s:/'\"`<>()\[\]{};,]{8}"), re.compile(r"\n" + _INDENTED_KEY))
# Which detectors a line's screens call for: each family runs only where its own screen hit.
FORMATS, NAMED, NEAR = 1, 2, 4  # vendor formats; secret-like names; endpoints, paths and assignments
ALL = FORMATS | NAMED | NEAR


@functools.cache
def _literals() -> prefilter.Literals:
    return prefilter.Literals((*_TRIGGER_LITERALS, *named.LITERALS, *_FORMAT_KEYWORDS), ())


_FORMAT_KEYWORDS = tuple(keyword.casefold() for keyword in formats.SPACED_KEYWORDS)


def _shape_lines(pattern: re.Pattern[str], text: str, starts: Sequence[int]) -> Iterator[int]:
    """Indexes of the lines where `pattern` matches `text`; after a hit, search on from the next line.

    `text` may also be the lines joined behind one extra newline: a match starting at the newline
    before line `i` (at `starts[i]` there) counts for line `i`.
    """
    position = 0
    while (match := pattern.search(text, position)) is not None:
        index = bisect.bisect_right(starts, match.start()) - 1
        yield index
        if index + 1 >= len(starts):
            return
        position = starts[index + 1]


def screened_lines(lines: Sequence[str], sensitive: Sensitive, allow: Allowlist | None = None) -> dict[int, int]:
    """0-based index -> the detector families (FORMATS | NAMED | NEAR) its line needs, from whole-text scans.

    Lines not in the result need none.
    """
    text = "\n".join(lines)
    starts = list(itertools.accumulate((len(line) + 1 for line in lines[:-1]), initial=0))
    folded = text.casefold()
    screens: list[tuple[re.Pattern[str], int]] = [(sensitive.trigger, NEAR)]
    if allow is not None and allow.internal_domains:
        screens.append((allow.internal_host, NEAR))
    found: dict[int, int] = {}
    if len(folded) != len(text):  # a character whose folding is longer: literals are compared line by line
        screens += [(re.compile(_TRIGGER, re.IGNORECASE), NEAR), (formats.SCREEN, FORMATS)]
        for index, line in enumerate(lines):
            if any(s in line.casefold() for s in named.LITERALS):
                found[index] = 0
    else:
        screens += [(shape, NEAR) for shape in _TRIGGER_SHAPES] + [(formats.RUN, FORMATS)]
        held = _literals().find(text, folded)
        for strings, family in ((named.LITERALS, 0), (_TRIGGER_LITERALS, NEAR), (_FORMAT_KEYWORDS, FORMATS)):
            for position in itertools.chain.from_iterable(held.get((s, True), ()) for s in strings):
                index = bisect.bisect_right(starts, position) - 1
                found[index] = found.get(index, 0) | family
    for pattern, family in screens:
        for index in _shape_lines(pattern, text, starts):
            found[index] = found.get(index, 0) | family
    for index in (*_shape_lines(_NAMED_SHAPES[0], text, starts), *_shape_lines(_NAMED_SHAPES[1], "\n" + text, starts)):
        found.setdefault(index, 0)
    # The name detectors also read `user:password` pairs and Secret data values, which no literal
    # announces: they run on every line some screen let through.
    return {index: families | NAMED for index, families in found.items()}


class Automaton:
    """`screened_lines` through one Hyperscan automaton (`hyper.Screen`), for a large audit.

    It answers exactly as `screened_lines` does for the lines the automaton
    reads (and asks `screened_lines` for the others), except that the name
    detectors run only where one of `named.LINE_PATTERNS` may match: every
    finding of theirs starts as a match of one.
    """

    def __init__(self, sensitive: Sensitive, allow: Allowlist | None, screen: hyper.Screen, first: int = 0) -> None:
        """`screen` holds `sources(sensitive, allow)` from its source `first` on."""
        self.sensitive, self.allow = sensitive, allow
        self._screen, self._first = screen, first
        self._families = _screens(sensitive, allow)[1]
        self._named_from = first + len(self._families)

    @staticmethod
    def sources(sensitive: Sensitive, allow: Allowlist | None = None) -> list[hyper.Source]:
        """The screens', then the name detectors' patterns."""
        return [*_screens(sensitive, allow)[0], *((p.pattern, p.flags) for p in named.LINE_PATTERNS)]

    def screened(self, lines: Sequence[str]) -> dict[int, int]:
        """0-based index -> the detector families its line needs; lines not in the result need none."""
        possible = self._screen.candidates(lines)
        needs = hyper.unscreened(possible, lines, lambda rest: screened_lines(rest, self.sensitive, self.allow))
        for index, ids in enumerate(possible):
            if not ids:
                continue
            families = 0
            screened = named_possible = False
            for source in ids:
                if source >= self._named_from:
                    named_possible = True
                elif source >= self._first:
                    families |= self._families[source - self._first]
                    screened = True
            families |= NAMED if named_possible else 0
            if screened and families:
                needs[index] = families
        return needs


def _screens(sensitive: Sensitive, allow: Allowlist | None) -> tuple[list[hyper.Source], list[int]]:
    """`screened_lines`' screens as regexes, each with the families it calls for: (sources, families)."""
    screens: list[tuple[str, int, int]] = [(sensitive.trigger.pattern, 0, NEAR)]
    if allow is not None and allow.internal_domains:
        screens.append((allow.internal_host.pattern, allow.internal_host.flags, NEAR))
    screens += [(shape.pattern, 0, NEAR) for shape in _TRIGGER_SHAPES] + [(formats.RUN.pattern, 0, FORMATS)]
    for strings, family in ((named.LITERALS, 0), (_TRIGGER_LITERALS, NEAR), (_FORMAT_KEYWORDS, FORMATS)):
        screens += [(re.escape(string), re.IGNORECASE, family) for string in strings]
    screens += [(_NAMED_SHAPES[0].pattern, 0, 0), ("^" + _INDENTED_KEY, 0, 0)]  # per line, `^` is the newline
    screens = [screen for screen in screens if screen[0] != "(?!)"]  # a name list left empty
    return [(pattern, flags) for pattern, flags, _ in screens], [family for _, _, family in screens]
