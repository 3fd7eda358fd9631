"""Gates: which lines detect-secrets' plugins must see. Never fewer than the plugins' own regexes match."""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sot_lint.leaks import gates, plugins, prefilter


def _shipped() -> tuple[gates.Gate, ...]:
    shipped = plugins.shipped_gates()
    assert shipped is not None
    found = plugins._described(shipped["gates"], trusted=True)
    assert found is not None
    return found


GATES = _shipped()
ANCHORED = [(g.plugin, p, a) for g in GATES for p, a in zip(g.patterns, g.anchors, strict=True) if a is not None]
# Pieces lines are built from: every anchor string (in both cases), the characters the
# plugins' patterns care about, and the words of an ordinary record.
PIECES = sorted(
    {s for _, _, (strings, _) in ANCHORED for s in strings}
    | {s.upper() for _, _, (strings, _) in ANCHORED for s in strings}
    | set("\"'`[]=:;!_- .\\/@") | {"Key", "PASSWORD", "token", "AKIA", "ghp_", "0123456789", "abcdefABCDEF", "xyz"}
)


def _starts(lines: list[str]) -> list[int]:
    return list(itertools.accumulate((len(line) + 1 for line in lines[:-1]), initial=0))


def test_most_gate_patterns_are_anchored_and_anchors_are_literal_starts() -> None:
    assert len(ANCHORED) >= 25, "the plugins' literal starts should anchor most patterns"
    for plugin, pattern, (strings, caseless) in ANCHORED:
        assert strings and all(strings), plugin
        assert caseless == bool(pattern.flags & re.IGNORECASE), plugin


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(PIECES), max_size=12).map("".join), min_size=1, max_size=6))
def test_anchored_lines_are_exactly_the_lines_search_matches(lines: list[str]) -> None:
    text = "\n".join(lines)
    folded = text.casefold()
    if len(folded) != len(text):
        return
    starts = _starts(lines)
    for plugin, pattern, (strings, caseless) in ANCHORED:
        expected = {i for i, line in enumerate(lines) if pattern.search(line)}
        searched = folded if caseless else text
        positions = [m.start() for s in strings for m in re.finditer(f"(?={re.escape(s)})", searched)]
        found = prefilter.anchored_lines((pattern,), positions, starts, lines)
        assert found == expected, plugin


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_literals_find_every_occurrence_of_every_string_overlaps_included(text: str) -> None:
    caseless = {s.casefold() for s in PIECES if len(s) > 1}
    exact = {s for s in PIECES if len(s) > 1}
    found = prefilter.Literals(caseless, exact).find(text, text.casefold())
    for strings, folded, searched in ((caseless, True, text.casefold()), (exact, False, text)):
        for s in strings:
            expected = [m.start() for m in re.finditer(f"(?={re.escape(s)})", searched)]
            assert sorted(found.get((s, folded), [])) == expected, s


@pytest.mark.parametrize(
    "line",
    [
        'aws_secret = "AKIA' + "Z" * 16 + '"',
        "token: gh" + "p_" + "a1B2" * 9,
        'password = "' + "hunter2-" * 3 + '"',
        "  'api_key': 'x" + "9f8e7d6c" * 4 + "',",
        "conn = https://user:" + "f" * 64 + "@acct.cloudant.com",
        "-----BEGIN RSA PRIVATE KEY-----",
        'if "' + "abc" + '" == secret_value:',
        "AccountKey=" + "A" * 86 + "==",
    ],
)
def test_gate_lines_pass_every_line_a_plugin_pattern_matches(line: str) -> None:
    lines = ["# A record", "Plain prose with no credential in it.", line, "- `provider`: `local-4`."]
    wanted = gates.gate_lines(lines, GATES)
    for gate in GATES:
        for index, text in enumerate(lines):
            if any(p.search(text) for p in gate.patterns) and gate.admits(text):
                assert gate.plugin in wanted.get(index, []), (gate.plugin, index)


def test_a_character_whose_folding_is_longer_still_gates_every_line() -> None:
    """`ß` folds to `ss`: positions in the folded text no longer line up, so gates search line by line."""
    lines = ["Straße " * 3, 'password = "' + "s3cr3t-" * 3 + '"']
    wanted = gates.gate_lines(lines, GATES)
    assert "KeywordDetector" in wanted.get(1, [])
