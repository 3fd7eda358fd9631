"""Leaks whatever the host: a value given to a sensitive variable (SOT305), a local user path (SOT306)."""

from __future__ import annotations

import re

from sot_lint.leaks.placeholder import is_placeholder
from sot_lint.leaks.reach import Hit, Sensitive

# ---------------------------------------------------------------- sensitive assignments

_NAME = re.compile(r"(?<![A-Za-z0-9_])[A-Z][A-Z0-9_]*")


def _assigned_value(line: str, position: int) -> tuple[int, int, bool] | None:
    """(start, end, quoted) of the value after `=` or `:` at `position`, or None."""
    index = position
    while index < len(line) and line[index] in " \t":
        index += 1
    if index >= len(line):
        return None
    opener = line[index]
    if opener in "`'\"":
        close = line.find(opener, index + 1)
        if close < 0:
            return None
        return index + 1, close, True
    end = index
    while end < len(line) and not line[end].isspace() and line[end] not in ",;)]}":
        end += 1
    while end > index and line[end - 1] in ".,;:!?":
        end -= 1
    return (index, end, False) if end > index else None


def assignments(line: str, sensitive: Sensitive) -> list[Hit]:
    hits: list[Hit] = []
    if sensitive.trigger.search(line) is None:
        return hits
    consumed = 0  # a name inside a value already read is not read again: linear time
    for match in _NAME.finditer(line):
        if match.start() < consumed or match.group(0) not in sensitive:
            continue
        index = match.end()
        if index < len(line) and line[index] in "`'\"":
            index += 1
        while index < len(line) and line[index] in " \t":
            index += 1
        if index >= len(line) or line[index] not in "=:":
            continue
        assignment = line[index]
        span = _assigned_value(line, index + 1)
        if span is None:
            continue
        start, end, quoted = span
        consumed = end
        value = line[start:end]
        if not value.strip() or is_placeholder(value):
            continue
        if assignment == ":" and not quoted and not re.search(r"[/.:@\d]", value):
            continue  # `NAME: required at runtime` is prose, not a value
        hits.append(Hit("SOT305", "value of a sensitive variable", value, start, end))
    return hits


# ---------------------------------------------------------------- local paths

_LOCAL_PATH = re.compile(
    r"(?<![\w.~/\\-])(?:/home/|/Users/|/root/|/mnt/[a-z]/Users/|[A-Za-z]:\\Users\\)[^\s`'\"<>|,;()\[\]{}]+"
)
_STAND_IN_USERS = frozenset(
    {"user", "username", "you", "yourname", "your-name", "your_user", "youruser", "me", "name", "foo", "example",
     "someone", "myuser", "runner", "ubuntu", "ec2-user", "vagrant",
     "<user>", "<username>", "$user", "${user}", "%username%", "shared", "public", "default", "admin"}
)  # fmt: skip


def local_paths(line: str) -> list[Hit]:
    hits: list[Hit] = []
    if "/home/" not in line and "/Users/" not in line and "\\Users\\" not in line and "/root/" not in line:
        return hits
    for match in _LOCAL_PATH.finditer(line):
        value = match.group(0).rstrip(".,;:!?")
        rest = re.split(r"/home/|/Users/|\\Users\\|/root/", value, maxsplit=1)[-1]
        user = re.split(r"[/\\]", rest, maxsplit=1)[0].lower()
        if "/root/" not in value[:7] and (user in _STAND_IN_USERS or is_placeholder(user) or not user):
            continue
        hits.append(Hit("SOT306", "local user path", value, match.start(), match.start() + len(value)))
    return hits
