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

from sot_lint.leaks import hyper, prefilter

Source = tuple[str, int]  # a regex and its flags, compiled when a line first needs it
Needs = tuple[prefilter.Requirements, bool]  # a pattern's requirements; whether they are case-folded

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
    stems (the strongest requirement of each screened pattern, merged; exact
    for a pattern that minds case) before a pattern's other requirements and
    then its regex are tried on it. `runs` and `distinct` serve the
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
    stems: tuple[str, ...] = ()  # one of these (case-folded) or of `exact_stems` is in any line a screened
    exact_stems: tuple[str, ...] = ()  # pattern can match; both () = no prefilter

    @property
    def patterns(self) -> tuple[re.Pattern[str], ...]:
        return tuple(self._pattern(index) for index in range(len(self.sources)))

    @functools.cached_property
    def _compiled(self) -> list[re.Pattern[str] | None]:
        return [None] * len(self.sources)

    def _pattern(self, index: int) -> re.Pattern[str]:
        """Pattern `index`, compiled the first time a line needs it: a hook run compiles few."""
        compiled = self._compiled[index]
        if compiled is None:
            compiled = self._compiled[index] = re.compile(*self.sources[index])
        return compiled

    @functools.cached_property
    def runs(self) -> re.Pattern[str] | None:
        return re.compile(*self.runs_source) if self.runs_source is not None else None

    @functools.cached_property
    def _anchored(self) -> dict[prefilter.Anchor, tuple[int, ...]]:
        """The anchored patterns' indexes, grouped by anchor: the starts a group shares."""
        groups: dict[prefilter.Anchor, list[int]] = {}
        for index, anchor in enumerate(self._per_pattern_anchors):
            if anchor is not None:
                groups.setdefault(anchor, []).append(index)
        return {anchor: tuple(indexes) for anchor, indexes in groups.items()}

    @functools.cached_property
    def _screened_indexes(self) -> tuple[int, ...]:
        return tuple(index for index, anchor in enumerate(self._per_pattern_anchors) if anchor is None)

    @property
    def _screened(self) -> tuple[re.Pattern[str], ...]:
        return tuple(self._pattern(index) for index in self._screened_indexes)

    @property
    def _per_pattern_anchors(self) -> tuple[prefilter.Anchor | None, ...]:
        return self.anchors or (None,) * len(self.sources)

    @functools.cached_property
    def _needs(self) -> tuple[Needs, ...]:
        """Per pattern: its requirements, and whether they are case-folded (as the pattern ignores case)."""
        needs = self.needs if len(self.needs) == len(self.sources) else ((),) * len(self.sources)
        return tuple((n, bool(flags & re.IGNORECASE)) for n, (_, flags) in zip(needs, self.sources, strict=True))

    @functools.cached_property
    def _screened_needs(self) -> tuple[Needs, ...]:
        return tuple(n for n, a in zip(self._needs, self._per_pattern_anchors, strict=True) if a is None)

    def literals(self) -> tuple[set[str], set[str]]:
        """(case-folded, exact) strings whose occurrences `hit_lines` reads."""
        caseless: set[str] = set(self.stems)
        exact: set[str] = set(self.exact_stems)
        for strings, folded in self._anchored:
            (caseless if folded else exact).update(strings)
        return caseless, exact

    def hit_lines(
        self, lines: Sequence[str], text: str, folded: str | None, starts: Sequence[int], found: prefilter.Occurrences
    ) -> set[int]:
        """Indexes of `lines` some pattern matches.

        `folded` is `text` case-folded (None when that changes lengths), and
        `found` where each string of `literals()` occurs in them.
        """
        hits: set[int] = set()
        for (strings, caseless), indexes in self._anchored.items():
            if caseless and folded is None:  # folding changed lengths: offsets would not line up
                patterns = [self._pattern(i) for i in indexes]
                hits |= {line for p in patterns for line in _candidate_lines(p, text, starts)}
                continue
            positions = list(itertools.chain.from_iterable(found.get((s, caseless), ()) for s in strings))
            if positions:
                lazy = [_Lazy(self, i) for i in indexes]  # compiled only where a line's requirements allow it
                needs = [self._needs[i] for i in indexes]
                hits |= prefilter.anchored_lines(lazy, positions, starts, lines, known=hits, screens=needs)
        if not self._screened_indexes:
            return hits
        if (self.stems or self.exact_stems) and (folded is not None or not self.stems):
            held = itertools.chain(
                *(found.get((s, True), ()) for s in self.stems), *(found.get((s, False), ()) for s in self.exact_stems)
            )
            near = {bisect.bisect_right(starts, position) - 1 for position in held} - hits
            return hits | {i for i in near if self._screened_match(lines[i])}
        return hits | {index for pattern in self._screened for index in _candidate_lines(pattern, text, starts)}

    def _screened_match(self, line: str) -> bool:
        """A screened pattern matches `line`; its requirements, checked first, are cheaper than its regex."""
        folded = line.casefold()
        return any(
            prefilter.satisfied(needs, folded if caseless else line) and self._pattern(index).search(line)
            for index, (needs, caseless) in zip(self._screened_indexes, self._screened_needs, strict=True)
        )

    def prepared(self) -> Gate:
        """With stems derived from the screened patterns' `needs`."""
        if len(self.needs) != len(self.sources):
            return replace(self, stems=(), exact_stems=())
        stems, exact = _stems(self._screened_needs)
        return replace(self, stems=stems, exact_stems=exact)

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
        anchors = tuple(None if a is None else (tuple(str(s) for s in a[0]), bool(a[1])) for a in data["anchors"])
        gate = cls(
            str(data["plugin"]),
            tuple((str(p), int(f)) for p, f in data["patterns"]),
            (str(runs[0]), int(runs[1])) if runs is not None else None,
            int(data["distinct"]),
            tuple(tuple(frozenset(str(s) for s in strings) for strings in required) for required in data["needs"]),
            anchors if len(anchors) == len(data["patterns"]) else (),
        )
        return gate.prepared()


class _Lazy:
    """Pattern `index` of a gate, compiled the first time it is asked to match."""

    __slots__ = ("gate", "index")

    def __init__(self, gate: Gate, index: int) -> None:
        self.gate = gate
        self.index = index

    def match(self, string: str, pos: int, /) -> re.Match[str] | None:
        return self.gate._pattern(self.index).match(string, pos)


def _stems(needs: Sequence[tuple[prefilter.Requirements, bool]]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The strongest requirement of every pattern, merged: (case-folded, exact); () when one has none worth using."""
    folded: set[str] = set()
    exact: set[str] = set()
    for required, caseless in needs:
        strongest = prefilter.best(required)
        if strongest is None or min(len(s) for s in strongest) < 2:
            return (), ()
        (folded if caseless else exact).update(strongest)
    return tuple(sorted(folded)), tuple(sorted(exact))


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


def literals_of(gates: Sequence[Gate]) -> prefilter.Literals:
    """One finder for the strings of all `gates`: a text is walked once, not once per string."""
    caseless: set[str] = set()
    exact: set[str] = set()
    for gate in gates:
        folded, plain = gate.literals()
        caseless |= folded
        exact |= plain
    return prefilter.Literals(caseless, exact)


class Screened:
    """The gates' patterns (`sources(gates)`) in a Hyperscan automaton from its source `first` on: a large audit."""

    def __init__(self, gates: Sequence[Gate], screen: hyper.Screen, first: int = 0) -> None:
        self.gates = tuple(gates)
        self.firsts = list(itertools.accumulate((len(g.sources) for g in gates), initial=first))
        self.screen = screen

    @staticmethod
    def sources(gates: Sequence[Gate]) -> list[hyper.Source]:
        return [source for gate in gates for source in gate.sources]

    def gate_lines(self, stripped: Sequence[str], literals: prefilter.Literals) -> dict[int, list[str]]:
        """As `gate_lines`: candidates from the automaton, confirmed by each pattern's own regex."""
        possible = self.screen.candidates(stripped)
        wanted = hyper.unscreened(possible, stripped, lambda rest: gate_lines(rest, self.gates, literals))
        low, high = self.firsts[0], self.firsts[-1]
        for index, ids in enumerate(possible):
            if not ids or not any(low <= i < high for i in ids):
                continue
            line = stripped[index]
            for number, gate in enumerate(self.gates):
                first = self.firsts[number]
                mine = [i - first for i in ids if first <= i < self.firsts[number + 1]]
                if any(gate._pattern(i).search(line) for i in sorted(mine)) and gate.admits(line):
                    wanted.setdefault(index, []).append(gate.plugin)
        return wanted


def gate_lines(
    stripped: Sequence[str], gates: Sequence[Gate], literals: prefilter.Literals | None = None
) -> dict[int, list[str]]:
    """Line index -> names of the plugins whose gate that line passes (a superset, never less).

    `literals` is `literals_of(gates)`, made once by a caller that gates many texts.
    """
    text = "\n".join(stripped)
    starts = list(itertools.accumulate((len(line) + 1 for line in stripped[:-1]), initial=0))
    folded: str | None = text.casefold()
    if folded is not None and len(folded) != len(text):
        folded = None  # a character whose folding is longer: positions would not line up
    found = (literals or literals_of(gates)).find(text, folded)
    wanted: dict[int, list[str]] = {}
    for gate in gates:
        for index in sorted(gate.hit_lines(stripped, text, folded, starts, found)):
            if gate.admits(stripped[index]):
                wanted.setdefault(index, []).append(gate.plugin)
    return wanted
