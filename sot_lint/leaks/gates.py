"""Gates: what a line needs before a detect-secrets plugin can report anything on it.

detect-secrets' own file scan runs every plugin and every filter on every
line. Here each plugin has a *gate*: the regexes without which it cannot
match (a regex plugin's own denylist, the keyword plugin's own assignment
regexes, a high-entropy plugin's quoted-string regex with a length and
distinct-character bound). Each gate scans the whole text once in C, and a
plugin runs only on the lines its gate let through, so recall is the same as
running it on every line. Gates for the pinned detect-secrets ship with the
package (a test keeps them equal to the built ones), so a file with no
candidate line never imports detect-secrets at all.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import itertools
import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sot_lint import __version__
from sot_lint.leaks import prefilter
from sot_lint.repo.cache import Cache

LEFT_TO_SOT303 = frozenset({"IPPublicDetector"})  # sot-lint's SOT303 knows private and tailnet ranges too

# The names lines are scanned under: the keyword plugin's rules depend on the
# file type (frontmatter is YAML, the body markdown, admission files JSON).
FRONTMATTER_AS = ("front.yaml", "front.md")
MARKDOWN_AS = ("doc.md",)
JSON_AS = ("doc.json",)
SCANNED_AS = (*FRONTMATTER_AS, *MARKDOWN_AS, *JSON_AS)


def _defer_requests() -> None:
    """Let detect-secrets `import requests` without paying for it.

    detect-secrets imports `requests` (about a third of its import time) only
    to verify secrets over the network, which sot-lint never does. A lazily
    loaded module (importlib's own LazyLoader) defers the real import to the
    first attribute access, which then never comes.
    """
    import importlib.util
    import sys

    if "requests" in sys.modules:
        return
    spec = importlib.util.find_spec("requests")
    if spec is None or spec.loader is None:
        return
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules["requests"] = module
    spec.loader.exec_module(module)


@functools.cache
def plugins() -> dict[str, Any]:
    """Every detect-secrets plugin but the public-IP one, configured in transient settings."""
    _defer_requests()
    from detect_secrets.core.plugins.util import get_mapping_from_secret_type_to_class
    from detect_secrets.settings import get_plugins, transient_settings

    classes: list[Any] = list(get_mapping_from_secret_type_to_class().values())
    used = [{"name": cls.__name__} for cls in classes if cls.__name__ not in LEFT_TO_SOT303]
    with transient_settings({"plugins_used": used, "filters_used": []}):
        return {type(plugin).__name__: plugin for plugin in get_plugins()}


Source = tuple[str, int]  # a regex and its flags, compiled when a line first needs it


def _sources(patterns: Sequence[re.Pattern[str]]) -> tuple[Source, ...]:
    return tuple((p.pattern, p.flags) for p in patterns)


@dataclass(frozen=True)
class Gate:
    """What a line needs before a plugin can report anything on it.

    `runs` and `distinct` serve the high-entropy plugins: the plugin's own
    quoted-string regex, and the fewest distinct characters a string needs to
    reach the entropy limit (Shannon entropy is at most log2 of that count).
    Regexes are compiled on first use: a hook run on a record without any
    candidate line compiles none of a stemmed gate's.
    """

    plugin: str
    sources: tuple[Source, ...]
    runs_source: Source | None = None
    distinct: int = 0
    needs: tuple[prefilter.Requirements, ...] = ()  # per pattern, see prefilter
    stems: tuple[str, ...] = ()  # one of these is in any line a pattern can match; () = no prefilter
    screens: tuple[prefilter.Requirements, ...] = ()  # per pattern: checked before its regex, or ()

    @functools.cached_property
    def patterns(self) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(pattern, flags) for pattern, flags in self.sources)

    @functools.cached_property
    def runs(self) -> re.Pattern[str] | None:
        return re.compile(*self.runs_source) if self.runs_source is not None else None

    def line_matches(self, line: str, folded: str) -> bool:
        if len(self.screens) != len(self.sources):
            return any(p.search(line) for p in self.patterns)
        return any(
            (not n or prefilter.satisfied(n, folded)) and p.search(line)
            for p, n in zip(self.patterns, self.screens, strict=True)
        )

    def prepared(self) -> Gate:
        """With stems and screens derived from `needs`."""
        return replace(self, stems=_stems(self.needs, len(self.sources)), screens=_screens(self.needs))

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
        }

    @classmethod
    def from_description(cls, data: Any) -> Gate:
        runs = data["runs"]
        gate = cls(
            str(data["plugin"]),
            tuple((str(p), int(f)) for p, f in data["patterns"]),
            (str(runs[0]), int(runs[1])) if runs is not None else None,
            int(data["distinct"]),
            tuple(tuple(frozenset(str(s) for s in strings) for strings in required) for required in data["needs"]),
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
    if len(needs) != patterns:
        return ()
    found: set[str] = set()
    for required in needs:
        strongest = prefilter.best(required)
        if strongest is None or min(len(s) for s in strongest) < 2:
            return ()
        found |= strongest
    return tuple(sorted(found))


def _pattern_order(pattern: re.Pattern[str]) -> tuple[str, int]:
    return (pattern.pattern, pattern.flags)  # not str(): a pattern's repr is cut at 200 characters


def _multiline(patterns: Sequence[re.Pattern[str]]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p.pattern, p.flags | re.MULTILINE) for p in patterns)


def _gate(plugin: Any) -> Gate:
    gate = _gate_patterns(plugin)
    return replace(gate, needs=tuple(prefilter.requirements(p) for p in gate.patterns)).prepared()


def _gate_patterns(plugin: Any) -> Gate:
    from detect_secrets.plugins.base import RegexBasedDetector
    from detect_secrets.plugins.high_entropy_strings import HighEntropyStringsPlugin
    from detect_secrets.plugins.keyword import (
        QUOTES_REQUIRED_DENYLIST_REGEX_TO_GROUP,
        REGEX_BY_FILETYPE,
        KeywordDetector,
    )
    from detect_secrets.util.filetype import determine_file_type

    name = type(plugin).__name__
    if isinstance(plugin, HighEntropyStringsPlugin):
        distinct = max(1, math.ceil(2 ** float(plugin.entropy_limit)))
        charset = re.escape(plugin.charset)
        coarse = re.compile(rf"""(['"])[{charset}]{{{distinct},}}\1""", re.MULTILINE)
        return Gate(name, _sources([coarse]), (plugin.regex.pattern, plugin.regex.flags), distinct)
    if isinstance(plugin, RegexBasedDetector):
        return Gate(name, _sources(_multiline(list(plugin.denylist))))
    if isinstance(plugin, KeywordDetector):  # only the tables of the file types sot-lint scans as
        default = QUOTES_REQUIRED_DENYLIST_REGEX_TO_GROUP
        tables = [REGEX_BY_FILETYPE.get(determine_file_type(scanned), default) for scanned in SCANNED_AS]
        keyword = sorted({regex for table in tables for regex in table}, key=_pattern_order)
        return Gate(name, _sources(_multiline(keyword)))
    return Gate(name, (("^", re.MULTILINE),))  # a plugin we cannot gate sees every line


def _installed() -> tuple[str, str] | None:
    """(location, version) of the installed detect-secrets, found without importing it."""
    import importlib.util

    spec = importlib.util.find_spec("detect_secrets")
    if spec is None or spec.origin is None:
        return None
    try:
        text = (Path(spec.origin).parent / "__version__.py").read_text("utf-8")
    except OSError:
        return None
    match = re.search(r"""VERSION\s*=\s*['"]([^'"]+)['"]""", text)
    return (spec.origin, match.group(1)) if match else None


def _gate_key(installed: tuple[str, str]) -> str:
    """Names the gate cache entry after the installed detect-secrets."""
    origin, version = installed
    try:
        stamp = (Path(origin).parent / "plugins").stat().st_mtime_ns
    except OSError:
        stamp = 0
    return "gates-" + hashlib.sha256(f"{__version__}|{origin}|{version}|{stamp}".encode()).hexdigest()[:16] + ".json"


SHIPPED = "gates.json"  # gates for the detect-secrets version pinned in pyproject.toml, next to this module


def shipped_gates() -> dict[str, Any] | None:
    """The gates shipped with sot-lint: {"detect_secrets": version, "gates": [...]}, or None."""
    import json

    try:
        data = json.loads((Path(__file__).parent / SHIPPED).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def built_gates() -> list[dict[str, Any]]:
    """Gates built from the installed detect-secrets (imports it), as stored."""
    return [_gate(plugin).describe() for plugin in plugins().values()]


def _described(stored: Any, trusted: bool = False) -> tuple[Gate, ...] | None:
    """Gates from their stored description; None when it is missing or unusable.

    The shipped gates are `trusted` (a test keeps them equal to the built
    ones) and compile as lines need them; cached ones are compiled here.
    """
    if not isinstance(stored, list):
        return None
    try:
        gates = tuple(Gate.from_description(item) for item in stored)
        if not trusted:
            for gate in gates:
                _ = (gate.patterns, gate.runs)
        return gates
    except (TypeError, ValueError, KeyError, IndexError, re.error):
        return None


def load_gates(cache: Cache) -> tuple[Gate, ...]:
    """Shipped gates when they fit the installed detect-secrets, else cached ones, else built.

    The shipped file spares every hook run importing detect-secrets and
    walking its regexes; a test keeps it equal to what `built_gates` gives.
    """
    installed = _installed()
    shipped = shipped_gates()
    if installed is not None and shipped is not None and shipped.get("detect_secrets") == installed[1]:
        gates = _described(shipped.get("gates"), trusted=True)
        if gates is not None:
            return gates
    key = _gate_key(installed) if installed is not None else None
    gates = _described(cache.read(key)) if key is not None else None
    if gates is not None:
        return gates
    described = built_gates()
    if key is not None:
        cache.write(key, described)
    return tuple(Gate.from_description(item) for item in described)


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
    folded = text.casefold()
    aligned = len(folded) == len(text)
    wanted: dict[int, list[str]] = {}
    for gate in gates:
        stems = gate.stems
        if stems and aligned:
            near = prefilter.lines_holding(stems, folded, starts)
            hit_lines = {i for i in near if gate.line_matches(stripped[i], stripped[i].casefold())}
        else:
            hit_lines = {index for pattern in gate.patterns for index in _candidate_lines(pattern, text, starts)}
        for index in sorted(hit_lines):
            if gate.admits(stripped[index]):
                wanted.setdefault(index, []).append(gate.plugin)
    return wanted
