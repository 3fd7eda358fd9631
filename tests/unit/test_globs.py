"""Globs with .gitignore semantics: what a config's include, exclude and per-file-ignores select."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import copy_example, run_json

from sot_lint.repo.globs import match_any, matches


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
