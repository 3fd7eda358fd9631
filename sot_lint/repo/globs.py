"""Include, exclude and per-file-ignore globs with .gitignore semantics (pathspec).

Paths are `/`-separated and relative to the repository root. As in
.gitignore: `*` and `?` stop at `/`, `**/` matches any number of folders, a
pattern without a `/` (but a trailing one) matches at any depth, a trailing
`/` matches a folder and everything below it, and `[0-9]` classes work. The
file extension is compared case-insensitively (`X.MD` is a `*.md` file), as
sot-lint reads `.md`, `.markdown` and `.json` whatever their case.
"""

from __future__ import annotations

import fnmatch
import functools
import os
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
    if kind_of(path) is None:
        return path
    stem, extension = os.path.splitext(path)
    return stem + extension.lower()


def _plain_name(segment: str) -> bool:
    return bool(segment) and not any(c in segment for c in "[\\") and ("**" not in segment or segment == "**")


def simple(pattern: str) -> bool:
    """A pattern made of names, `*`, `?` and `**` folders only (`README.md`, `**/.sot/**/*.md`).

    Such patterns are decided here with `fnmatch`, without importing pathspec
    (a hook run pays for it otherwise); anything else (classes, escapes,
    negation, a trailing `/`) goes to pathspec. A property test checks that
    the two agree on the patterns this takes.
    """
    if not pattern or pattern != pattern.strip() or pattern.startswith(("!", "#")) or pattern.endswith("/"):
        return False
    return all(_plain_name(segment) for segment in pattern.lstrip("/").split("/"))


def _segments_match(segments: list[str], parts: list[str]) -> bool:
    """Whether `segments` (names and `**`) match all of `parts`, a trailing `**` taking one part or more."""
    if not segments:
        return not parts
    head, rest = segments[0], segments[1:]
    if head == "**":
        least = 1 if not rest else 0
        return any(_segments_match(rest, parts[skip:]) for skip in range(least, len(parts) + 1))
    return bool(parts) and fnmatch.fnmatchcase(parts[0], head) and _segments_match(rest, parts[1:])


def _simple_match(pattern: str, path: str) -> bool:
    """gitignore matching for a `simple` pattern: a name matches any part; a path matches from the root,
    and a match on a folder covers everything below it."""
    parts = [part for part in path.split("/") if part]
    if "/" not in pattern:
        return any(fnmatch.fnmatchcase(part, pattern) for part in parts)
    segments = pattern.lstrip("/").split("/")
    if segments[-1] == "*":  # `dir/*` names the entries of dir, not what lies deeper (as git documents it)
        return _segments_match(segments, parts)
    return any(_segments_match(segments, parts[:end]) for end in range(1, len(parts) + 1))


def matches(pattern: str, path: str) -> bool:
    """True when `path` (or a folder above it) matches `pattern`."""
    return match_any((pattern,), path)


def match_any(patterns: Iterable[str], path: str) -> bool:
    """True when `path` matches one of `patterns` (a later `!pattern` can take a match back)."""
    patterns = tuple(patterns)
    if not patterns:
        return False
    folded = _folded(path)
    if all(simple(pattern) for pattern in patterns):
        return any(_simple_match(pattern, folded) for pattern in patterns)
    return _spec(patterns).match_file(folded)
