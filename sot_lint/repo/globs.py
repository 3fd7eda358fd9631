"""Path globs with `**`, matched against `/`-separated relative paths.

`*` and `?` stop at `/`; `**/` matches any number of directories (zero too);
a pattern with no `/` matches the file name at any depth, as in .gitignore.
"""

from __future__ import annotations

import functools
import re


@functools.lru_cache(maxsize=256)
def compile_glob(pattern: str) -> re.Pattern[str]:
    if "/" not in pattern.rstrip("/"):
        pattern = "**/" + pattern
    out = []
    index = 0
    while index < len(pattern):
        if pattern.startswith("**/", index):
            out.append("(?:.*/)?")
            index += 3
        elif pattern.startswith("**", index):
            out.append(".*")
            index += 2
        elif pattern[index] == "*":
            out.append("[^/]*")
            index += 1
        elif pattern[index] == "?":
            out.append("[^/]")
            index += 1
        else:
            out.append(re.escape(pattern[index]))
            index += 1
    return re.compile("".join(out) + "(?:/.*)?")


def matches(pattern: str, path: str) -> bool:
    """True when `path` (or a directory above it) matches `pattern`."""
    return compile_glob(pattern.lstrip("/")).fullmatch(path) is not None
