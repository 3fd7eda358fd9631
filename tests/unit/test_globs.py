"""Globs with .gitignore semantics: what a config's include, exclude and per-file-ignores select."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import copy_example, run_json

from sot_lint.repo.globs import _folded, match_any, matches, simple


@pytest.mark.parametrize(
    ("pattern", "path", "expected"),
    [
        (".sot/archive/", ".sot/archive/old.md", True),  # a trailing slash: the folder and all below
        (".sot/archive/", ".sot/archived.md", False),
        ("**/.sot/**/*.md", "team/.sot/a/b/c.md", True),
        ("**/.sot/**/*.md", ".sot/c.md", True),  # `**/` also matches no folder at all
        ("*.json", "deep/down/x.json", True),  # no slash: any depth
        ("/top.md", "sub/top.md", False),  # a leading slash anchors at the root
        ("[0-9]*.md", ".sot/7-decision.md", True),  # character classes work
        ("[0-9]*.md", ".sot/decision.md", False),
        ("**/.sot/**/*.md", ".sot/X.MD", True),  # extensions compare case-insensitively
        ("**/.sot/**/*.json", ".sot/Y.JSON", True),
        ("*.md", "notes.MDX", False),
    ],
)
def test_a_glob_matches_as_gitignore_does(pattern: str, path: str, expected: bool) -> None:
    assert matches(pattern, path) is expected


def test_a_negated_pattern_takes_a_match_back() -> None:
    assert not match_any(("*.md", "!keep.md"), ".sot/keep.md")
    assert match_any(("*.md", "!keep.md"), ".sot/drop.md")


def test_an_excluded_folder_is_not_linted_and_unusual_names_are(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    copy_example(tmp_path)
    (tmp_path / ".git").mkdir()
    sot = tmp_path / ".sot"
    (sot / "archive").mkdir()
    (sot / "archive" / "old.md").write_text("no frontmatter at all\n", "utf-8")
    for name in ("x.markdown", "X.MD", "X.JSON"):
        (sot / name).write_text("{" if name.endswith("JSON") else "no frontmatter\n", "utf-8")
    (tmp_path / ".sot-lint.toml").write_text('exclude = [".sot/archive/"]\n', "utf-8")
    monkeypatch.chdir(tmp_path)
    _, report, _ = run_json(capsys)
    paths = {finding["path"] for finding in report["findings"]}
    assert ".sot/archive/old.md" not in paths
    assert {".sot/x.markdown", ".sot/X.MD", ".sot/X.JSON"} <= paths


SEGMENT = st.sampled_from(["**", "a", "b", "*", "a*", "?", ".sot", "*.md", "x.md"])


@settings(max_examples=1500, deadline=None)
@given(
    st.lists(SEGMENT, min_size=1, max_size=4),
    st.booleans(),
    st.lists(st.sampled_from(["a", "b", "ab", ".sot", "x.md", "y.MD", "c.json"]), min_size=1, max_size=5),
)
def test_simple_patterns_match_as_pathspec_does(segments: list[str], anchored: bool, parts: list[str]) -> None:
    """The fast path stands in for pathspec on the patterns it takes: they must agree."""
    import pathspec

    pattern = ("/" if anchored else "") + "/".join(segments)
    path = "/".join(parts)
    assert simple(pattern)
    expected = pathspec.PathSpec.from_lines("gitignore", [pattern]).match_file(_folded(path))
    assert match_any((pattern,), path) is expected, (pattern, path)


@pytest.mark.parametrize("pattern", ["[0-9]*.md", "!keep.md", ".sot/archive/", "a\\*b", "#comment"])
def test_other_patterns_go_to_pathspec(pattern: str) -> None:
    assert not simple(pattern)
