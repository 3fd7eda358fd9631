"""Gates: what a line needs before a detect-secrets plugin can report anything on it.

detect-secrets' own file scan runs every plugin and every filter on every
line. Here each plugin has a *gate*: the regexes without which it cannot
match (a regex plugin's own denylist, the keyword plugin's own assignment
regexes, a high-entropy plugin's quoted-string regex with a length and
distinct-character bound). A gate finds its lines from whole-text scans at
C speed, and a plugin runs only on the lines its gate let through, so recall
is the same as running it on every line. Where gates come from (the shipped
file, the cache, detect-secrets itself) is `plugins.py`'s business.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sot_lint.leaks import prefilter

Source = tuple[str, int]  # a regex and its flags, compiled when a line first needs it

# The names lines are scanned under: the keyword plugin's rules depend on the
# file type (frontmatter is YAML, the body markdown, admission files JSON).
FRONTMATTER_AS = ("front.yaml", "front.md")
MARKDOWN_AS = ("doc.md",)
JSON_AS = ("doc.json",)
SCANNED_AS = (*FRONTMATTER_AS, *MARKDOWN_AS, *JSON_AS)


@dataclass(frozen=True)
class Gate:
    """What a line needs before a plugin can report anything on it.

    Each pattern is tried one of two ways. An *anchored* one (`anchors[i]`
    set: the strings every match starts with) is matched only where those
    strings occur. The others are *screened*: a line must hold one of the
    `stems` (the strongest requirement of each screened pattern, merged)
    before the patterns are searched on it, and a pattern whose requirements
    are long (`screens`) checks them first. `runs` and `distinct` serve the
    high-entropy plugins: the plugin's own quoted-string regex, and the fewest
    distinct characters a string needs to reach the entropy limit (Shannon
    entropy is at most log2 of that count). Regexes compile on first use: a
    hook run on a record without any candidate line compiles few of them.
    """

    plugin: str
    sources: tuple[Source, ...]
    runs_source: Source | None = None
    distinct: int = 0
    needs: tuple[prefilter.Requirements, ...] = ()  # per pattern, see prefilter
    anchors: tuple[prefilter.Anchor | None, ...] = ()  # per pattern; () = none anchored
    stems: tuple[str, ...] = ()  # one of these is in any line a screened pattern can match; () = no prefilter
    screens: tuple[prefilter.Requirements, ...] = ()  # per screened pattern: checked before its regex, or ()

    @functools.cached_property
    def patterns(self) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(pattern, flags) for pattern, flags in self.sources)

    @functools.cached_property
    def runs(self) -> re.Pattern[str] | None:
        return re.compile(*self.runs_source) if self.runs_source is not None else None

    @functools.cached_property
    def _anchored(self) -> dict[prefilter.Anchor, tuple[re.Pattern[str], ...]]:
        """The anchored patterns, grouped by anchor: one scan for the starts a group shares."""
        groups: dict[prefilter.Anchor, list[re.Pattern[str]]] = {}
        for pattern, anchor in zip(self.patterns, self._per_pattern_anchors, strict=True):
            if anchor is not None:
                groups.setdefault(anchor, []).append(pattern)
        return {anchor: tuple(patterns) for anchor, patterns in groups.items()}

    @functools.cached_property
    def _screened(self) -> tuple[re.Pattern[str], ...]:
        return tuple(p for p, a in zip(self.patterns, self._per_pattern_anchors, strict=True) if a is None)

    @property
    def _per_pattern_anchors(self) -> tuple[prefilter.Anchor | None, ...]:
        return self.anchors or (None,) * len(self.sources)

    def hit_lines(self, lines: Sequence[str], text: str, folded: str | None, starts: Sequence[int]) -> set[int]:
        """Indexes of `lines` some pattern matches; `folded` is `text` case-folded, None when that changes lengths."""
        hits: set[int] = set()
        for (strings, caseless), patterns in self._anchored.items():
            searched = (folded if caseless else text) or None
            if searched is None:  # folding changed lengths: offsets would not line up
                hits |= {i for p in patterns for i in _candidate_lines(p, text, starts)}
            else:
                hits |= prefilter.anchored_lines(patterns, strings, searched, starts, lines, known=hits)
        screened = self._screened
        if not screened:
            return hits
        if self.stems and folded is not None:
            near = prefilter.lines_holding(self.stems, folded, starts) - hits
            return hits | {i for i in near if self._screened_match(lines[i])}
        return hits | {index for pattern in screened for index in _candidate_lines(pattern, text, starts)}

    def _screened_match(self, line: str) -> bool:
        if len(self.screens) != len(self._screened):
            return any(p.search(line) for p in self._screened)
        folded = line.casefold()
        return any(
            (not n or prefilter.satisfied(n, folded)) and p.search(line)
            for p, n in zip(self._screened, self.screens, strict=True)
        )

    def prepared(self) -> Gate:
        """With stems and screens derived from the screened patterns' `needs`."""
        anchors = self._per_pattern_anchors
        if len(self.needs) != len(self.sources):
            return replace(self, stems=(), screens=())
        needs = [n for n, a in zip(self.needs, anchors, strict=True) if a is None]
        return replace(self, stems=_stems(needs, len(needs)), screens=_screens(needs))

    def admits(self, line: str) -> bool:
        if self.runs is None:
            return True
        return any(len(set(run)) >= self.distinct for _, run, _ in self.runs.findall(line))

    def describe(self) -> dict[str, Any]:
        return {
            "plugin": self.plugin,
            "patterns": [list(source) for source in self.sources],
            "runs": list(self.runs_source) if self.runs_source is not None else None,
            "distinct": self.distinct,
            "needs": [[sorted(strings) for strings in required] for required in self.needs],
            "anchors": [None if a is None else [list(a[0]), a[1]] for a in self._per_pattern_anchors],
        }

    @classmethod
    def from_description(cls, data: Any) -> Gate:
        runs = data["runs"]
        anchors = tuple(
            None if a is None else (tuple(str(s) for s in a[0]), bool(a[1])) for a in data["anchors"]
        )
        gate = cls(
            str(data["plugin"]),
            tuple((str(p), int(f)) for p, f in data["patterns"]),
            (str(runs[0]), int(runs[1])) if runs is not None else None,
            int(data["distinct"]),
            tuple(tuple(frozenset(str(s) for s in strings) for strings in required) for required in data["needs"]),
            anchors if len(anchors) == len(data["patterns"]) else (),
        )
        return gate.prepared()


# `re` tries a long alternation of keywords at every position of a line, which costs
# more than testing the keywords with `in` first; shorter requirements are not worth it.
SCREEN_FROM = 8


def _screens(needs: Sequence[prefilter.Requirements]) -> tuple[prefilter.Requirements, ...]:
    """Per pattern, its requirements when they are worth checking before the regex, else ()."""
    return tuple(n if len(prefilter.best(n) or ()) >= SCREEN_FROM else () for n in needs)


def _stems(needs: Sequence[prefilter.Requirements], patterns: int) -> tuple[str, ...]:
    """The strongest requirement of every pattern, merged; () when one pattern has none worth using."""
    if len(needs) != patterns or not needs:
        return ()
    found: set[str] = set()
    for required in needs:
        strongest = prefilter.best(required)
        if strongest is None or min(len(s) for s in strongest) < 2:
            return ()
        found |= strongest
    return tuple(sorted(found))


def _candidate_lines(pattern: re.Pattern[str], text: str, starts: Sequence[int]) -> Iterator[int]:
    """0-based indexes of the lines where `pattern` can match, one C-level scan of `text`.

    After a hit the search resumes at the next line's start, so a match that
    spans lines never hides a match that starts on a later line.
    """
    position = 0
    while position <= len(text):
        match = pattern.search(text, position)
        if match is None:
            return
        index = bisect.bisect_right(starts, match.start()) - 1
        yield index
        if index + 1 >= len(starts):
            return
        position = starts[index + 1]


def gate_lines(stripped: Sequence[str], gates: Sequence[Gate]) -> dict[int, list[str]]:
    """Line index -> names of the plugins whose gate that line passes (a superset, never less)."""
    text = "\n".join(stripped)
    starts = list(itertools.accumulate((len(line) + 1 for line in stripped[:-1]), initial=0))
    folded: str | None = text.casefold()
    if folded is not None and len(folded) != len(text):
        folded = None  # a character whose folding is longer: positions would not line up
    wanted: dict[int, list[str]] = {}
    for gate in gates:
        for index in sorted(gate.hit_lines(stripped, text, folded, starts)):
            if gate.admits(stripped[index]):
                wanted.setdefault(index, []).append(gate.plugin)
    return wanted
