"""The Hyperscan automata of a large audit: they only decide where Python's regexes run, never what they find."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sot_lint.leaks import Scanner, endpoints, gates, hyper, named, plugins, screens
from sot_lint.parse.document import Document

pytest.importorskip("hyperscan", reason="Hyperscan has no wheel for this platform: audits use the regexes alone")

SHIPPED = plugins.shipped_gates()
assert SHIPPED is not None
GATES = plugins._described(SHIPPED["gates"], trusted=True) or ()
ALLOW = endpoints.Allowlist(internal_domains=("corp.example",))
_GATE_SCREEN = hyper.screen(gates.Screened.sources(GATES))
_SCREENS_SCREEN = hyper.screen(screens.Automaton.sources(endpoints.Sensitive(), ALLOW))
SCREENED = gates.Screened(GATES, _GATE_SCREEN) if _GATE_SCREEN is not None else None
AUTOMATON = screens.Automaton(endpoints.Sensitive(), ALLOW, _SCREENS_SCREEN) if _SCREENS_SCREEN is not None else None
LITERALS = gates.literals_of(GATES)
PATTERNS = [*(p for gate in GATES for p in gate.patterns), *named.LINE_PATTERNS]
ALL_PATTERNS = hyper.screen([(p.pattern, p.flags) for p in PATTERNS])

# What the detectors look for, the characters both regex dialects read differently
# (tabs, other control and space characters, non-ASCII letters that fold to ASCII),
# and fake token pieces, joined at random: lines that often hold a finding.
PIECES = [
    "http", "://", "//", "@", ":", "8080", "10.", "192.168.", "1.2", "::1", ".internal", ".local", "corp.example",
    "/home/", "C:\\Users\\", "\\\\", "password", "PASS", "token=", "secret: ", "api_key", "Authorization: ",
    "gh" + "p_", "AKIA", "sk-", "xox" + "b-", "-u ", "_KEY=", "x7Kq9", "Zr2mWp", "0123456789", "abcdef", "ABCDEF",
    " ", "  ", "\t", "`", "'", '"', "=", "/", "- ", "export ", "\x0b", "\x1c", "\xa0", "é", "\u212a", "ſ", "—",
]  # fmt: skip
LINES = st.lists(st.lists(st.sampled_from(PIECES), max_size=24).map("".join), min_size=1, max_size=8)


def test_both_automata_compile_from_what_ships() -> None:
    assert SCREENED is not None
    assert AUTOMATON is not None


@settings(max_examples=400, deadline=None)
@given(LINES)
def test_the_gate_automaton_lets_through_exactly_the_lines_the_gates_do(lines: list[str]) -> None:
    assert SCREENED is not None
    assert SCREENED.gate_lines(lines, LITERALS) == gates.gate_lines(lines, GATES, LITERALS)


@settings(max_examples=400, deadline=None)
@given(LINES)
def test_the_screen_automaton_finds_exactly_what_the_screens_find(lines: list[str]) -> None:
    """The name detectors may be left out of a line, but never where they would find something."""
    assert AUTOMATON is not None
    sensitive = endpoints.Sensitive()
    by_regexes = screens.screened_lines(lines, sensitive, ALLOW)
    by_automaton = AUTOMATON.screened(lines)
    for index, line in enumerate(lines):
        expected = endpoints.scan_line(line, ALLOW, sensitive, by_regexes.get(index, 0))
        assert endpoints.scan_line(line, ALLOW, sensitive, by_automaton.get(index, 0)) == expected


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=24).map("".join))
def test_a_candidate_set_holds_every_pattern_python_matches(line: str) -> None:
    assert ALL_PATTERNS is not None
    (candidates,) = ALL_PATTERNS.candidates([line])
    if candidates is None:
        assert re.fullmatch(r"[\t\x20-\x7e]*", line) is None, "only lines outside printable ASCII are left to Python"
        return
    assert {i for i, p in enumerate(PATTERNS) if p.search(line)} <= candidates


def test_a_pattern_hyperscan_refuses_means_no_automaton_not_an_error() -> None:
    assert hyper.screen([(r"\N{EM DASH}", 0)]) is None  # a named character: Python's syntax only


def test_a_warmed_scanner_reports_what_a_cold_one_does() -> None:
    """The same leaks, in the same order, with every detector family and the decoded view in play."""
    token = "gh" + "p_" + "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5"
    lines = (
        "---",
        "title: Demo",
        "---",
        "# Demo",
        "- `endpoint`: `http://10.1.2.3:8080/v1` and build.corp.example:9000",
        f"- `token`: `{token}`",
        "password = 'Tr0ub4dor&3x'",
        "The key is AKIA" + "QWERTYUIOPASDFGH" + " — résumé ſecret",
        "\tcurl -u admin:" + "S3cr3t-Pa55 https://api.example.com",
        "encoded: aHR0cDovLzEwLjAuMC41OjgwODAv, peer 10.4.5.6 on the LAN",
    )
    doc = Document("demo.md", "markdown", lines)
    cold = Scanner(ALLOW, endpoints.Sensitive())
    warm = Scanner(ALLOW, endpoints.Sensitive())
    warm.warm()
    assert warm._automaton is not None
    found = cold.scan(doc, "demo.md")
    assert {leak.code for leak in found} >= {"SOT301", "SOT302", "SOT303", "SOT304"}
    assert warm.scan(doc, "demo.md") == found


def test_every_pattern_the_name_detectors_match_with_is_a_line_pattern() -> None:
    """The automaton skips the name detectors where no `LINE_PATTERNS` entry may match: a regex added to
    `scan_line` (or the `_named` it calls) and not to that tuple would lose its findings on large audits."""
    import inspect

    source = inspect.getsource(named.scan_line) + inspect.getsource(named._named)
    used = {
        value
        for name, value in vars(named).items()
        if isinstance(value, re.Pattern) and re.search(rf"\b{name}\b", source)
    }
    assert used, "the detectors' regexes should be found in their source"
    assert used <= set(named.LINE_PATTERNS)


def test_an_automaton_compiled_apart_screens_lines_as_one_compiled_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cold audit compiles its automaton in a child while it walks the tree; the child's must be the same."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    sources = gates.Screened.sources(GATES)
    apart = hyper.Apart(sources).result()
    here = hyper.screen(sources)
    lines = ["password = 'x7Kq9Zr2mWp'", "plain prose", "AKIA" + "Q3MXV7PLRT2GK5WN", "token: abcdef0123456789"]
    assert apart is not None and here is not None
    assert apart.candidates(lines) == here.candidates(lines) and any(apart.candidates(lines))
    assert list(tmp_path.iterdir()) == []  # the child's file is gone once read


def test_an_automaton_no_one_asks_for_is_stopped_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A small or cached audit never warms: the child compiling ahead must not outlive the run, nor its file."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    apart = hyper.Apart(gates.Screened.sources(GATES))
    child = apart._child
    assert child > 0
    apart.close()
    with pytest.raises(ChildProcessError):
        os.waitpid(child, os.WNOHANG)  # stopped and reaped
    assert list(tmp_path.iterdir()) == []


def test_an_automaton_that_cannot_be_compiled_apart_is_compiled_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No writable temporary folder (a locked-down CI runner): the audit still gets its automaton, no error."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "missing"))
    apart = hyper.Apart(gates.Screened.sources(GATES))
    assert apart._child == 0
    screen = apart.result()
    assert screen is not None and any(screen.candidates(["password = 'x7Kq9Zr2mWp'"]))
