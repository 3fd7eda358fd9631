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


def matches(pattern: str, path: str) -> bool:
    """True when `path` (or a folder above it) matches `pattern`."""
    return match_any((pattern,), path)


def match_any(patterns: Iterable[str], path: str) -> bool:
    """True when `path` matches one of `patterns` (a later `!pattern` can take a match back)."""
    patterns = tuple(patterns)
    return bool(patterns) and _spec(patterns).match_file(_folded(path))
