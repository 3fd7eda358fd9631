"""Include, exclude and per-file-ignore globs with .gitignore semantics (pathspec).

Paths are `/`-separated and relative to the repository root. As in
.gitignore: `*` and `?` stop at `/`, `**/` matches any number of folders, a
pattern without a `/` (but a trailing one) matches at any depth, a trailing
`/` matches a folder and everything below it, and `[0-9]` classes work. The
file extension is compared case-insensitively (`X.MD` is a `*.md` file), as
sot-lint reads `.md`, `.markdown` and `.json` whatever their case.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from sot_lint.parse.document import kind_of

if TYPE_CHECKING:
    import pathspec


@functools.lru_cache(maxsize=256)
def _spec(patterns: tuple[str, ...]) -> pathspec.PathSpec[pathspec.Pattern]:
    import pathspec  # only when a glob is matched: a hook run on named files without excludes never needs it

    return pathspec.PathSpec.from_lines("gitignore", patterns)


def _folded(path: str) -> str:
    """`path` with the extension of a SOT file lowercased."""
    stem, extension = os.path.splitext(path)
    lowered = extension.lower()
    if lowered == extension or kind_of(lowered) is None:  # already lower (every walked file, nearly)
        return path
    return stem + lowered


def _plain_name(segment: str) -> bool:
    return bool(segment) and not any(c in segment for c in "[\\") and ("**" not in segment or segment == "**")


@functools.lru_cache(maxsize=256)
def simple(pattern: str) -> bool:
    """A pattern made of names, `*`, `?` and `**` folders only (`README.md`, `**/.sot/**/*.md`).

    Such patterns are decided here by a regex of their own, without importing pathspec
    (a hook run pays for it otherwise); anything else (classes, escapes,
    negation, a trailing `/`) goes to pathspec. A property test checks that
    the two agree on the patterns this takes.
    """
    if not pattern or pattern != pattern.strip() or pattern.startswith(("!", "#")) or pattern.endswith("/"):
        return False
    return all(_plain_name(segment) for segment in pattern.lstrip("/").split("/"))


def _name(segment: str) -> str:
    """The regex of one name segment: `*` and `?` stay within a folder."""
    return "".join("[^/]*" if c == "*" else "[^/]" if c == "?" else re.escape(c) for c in segment)


@functools.lru_cache(maxsize=256)
def _simple_regex(pattern: str) -> re.Pattern[str]:
    """gitignore matching for a `simple` pattern, as one regex: a name matches any part of the path; a
    path matches from the root, `**` spanning folders, and a match on a folder covers what lies below it."""
    if "/" not in pattern:
        return re.compile(rf"(?:.*/)?{_name(pattern)}(?:/.*)?")
    segments = pattern.lstrip("/").split("/")
    pieces = []
    for index, segment in enumerate(segments):
        last = index == len(segments) - 1
        if segment == "**":
            pieces.append("[^/]+(?:/[^/]+)*" if last else "(?:[^/]+/)*")
        else:
            pieces.append(_name(segment) + ("" if last else "/"))
    below = "" if segments[-1] == "*" else "(?:/.*)?"  # `dir/*` names dir's entries only, as git documents
    return re.compile("".join(pieces) + below)


def matches(pattern: str, path: str) -> bool:
    """True when `path` (or a folder above it) matches `pattern`."""
    return match_any((pattern,), path)


def match_any(patterns: Iterable[str], path: str) -> bool:
    """True when `path` matches one of `patterns` (a later `!pattern` can take a match back)."""
    patterns = tuple(patterns)
    if not patterns:
        return False
    folded = _folded(path).strip("/")
    union = _simple_union(patterns)
    if union is not None:
        return union.fullmatch(folded) is not None
    return _spec(patterns).match_file(folded)


@functools.lru_cache(maxsize=256)
def _simple_union(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    """One regex for a list of `simple` patterns (a walk matches every file); None when one is not simple."""
    if not all(simple(pattern) for pattern in patterns):
        return None
    return re.compile("|".join(f"(?:{_simple_regex(pattern).pattern})" for pattern in patterns))
