"""The YAML frontmatter block: its keys, their values and their true lines.

python-frontmatter loads the YAML (safe loading only) but reports no
positions and strips the text, so the block is located here on the raw lines
and every top-level key gets the 1-based line it has in the file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sot_lint import echo
from sot_lint.parse.source import Problem

_BOUNDARY = re.compile(r"-{3,}[ \t]*")
# A top-level mapping key: unindented, not a comment, quoted or plain.
# Plain keys run greedily to the first colon (then are stripped): no backtracking.
_KEY = re.compile(
    r"""\A(?:"(?P<dq>[^"]*)"[ \t]*|'(?P<sq>[^']*)'[ \t]*|(?P<plain>[^\s#'"\-?:][^:]*|-[^\s:][^:]*)):(?:[ \t]|$)"""
)


@dataclass(frozen=True)
class FrontKey:
    """One top-level frontmatter key: its loaded value and where it is written."""

    name: str
    value: object
    line: int
    column: int


@dataclass(frozen=True)
class Frontmatter:
    """The parsed frontmatter block; `end_line` is the closing `---`."""

    keys: Mapping[str, FrontKey]
    end_line: int


@dataclass(frozen=True)
class FrontResult:
    """What parsing the block gave: the frontmatter, the first body line, problems."""

    frontmatter: Frontmatter | None
    body_start: int
    problems: tuple[Problem, ...]


def _loader() -> Any:
    """A SafeLoader that keeps timestamps as written, so dates are checked here.

    Unquoted dates would otherwise load as `datetime.date` (and an impossible
    one such as 2026-02-30 would abort the whole load with a ValueError).
    """
    from frontmatter.default_handlers import SafeLoader

    class Loader(SafeLoader):  # type: ignore[valid-type,misc]
        pass

    def keep_text(loader: Any, node: Any) -> Any:
        return loader.construct_scalar(node)

    Loader.add_constructor("tag:yaml.org,2002:timestamp", keep_text)
    return Loader


_LOADER: Any = None


def _load_yaml(text: str) -> Any:
    global _LOADER
    from frontmatter.default_handlers import YAMLHandler

    if _LOADER is None:
        _LOADER = _loader()
    return YAMLHandler().load(text, Loader=_LOADER)


def _yaml_error_line(error: Exception) -> int:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    return int(getattr(mark, "line", 0))


def _key_positions(lines: tuple[str, ...], first: int, last: int) -> tuple[dict[str, tuple[int, int]], list[Problem]]:
    """Line and value column of each top-level key; duplicate keys are problems."""
    positions: dict[str, tuple[int, int]] = {}
    problems: list[Problem] = []
    for index in range(first, last):
        match = _KEY.match(lines[index])
        if match is None:
            continue
        name = match.group("dq") or match.group("sq") or match.group("plain") or ""
        name = name.strip()
        line = index + 1
        if name in positions:
            problems.append(Problem("SOT003", line, 1, f"duplicate frontmatter key {echo.quoted(name, '(a key)')}"))
        rest = lines[index][match.end() :]
        column = match.end() + 1 + len(rest) - len(rest.lstrip())
        positions[name] = (line, column)
    return positions, problems


def parse(lines: tuple[str, ...]) -> FrontResult:
    """Locate, load and position the frontmatter at the top of `lines`."""
    if not lines or not _BOUNDARY.fullmatch(lines[0]):
        return FrontResult(None, 1, (Problem("SOT002", 1, 1, "frontmatter missing: the file must start with '---'"),))
    closing = next((i for i in range(1, len(lines)) if _BOUNDARY.fullmatch(lines[i])), None)
    if closing is None:
        return FrontResult(None, 1, (Problem("SOT002", 1, 1, "frontmatter not terminated: no closing '---'"),))
    body_start = closing + 2
    try:
        data = _load_yaml("\n".join(lines[1:closing]))
    except Exception as error:  # noqa: BLE001 - any loader failure is invalid YAML
        line = 2 + _yaml_error_line(error)
        problem = getattr(error, "problem", None)
        reason = echo.reason(problem) if isinstance(problem, str) else type(error).__name__
        return FrontResult(None, body_start, (Problem("SOT003", line, 1, f"frontmatter is not valid YAML: {reason}"),))
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return FrontResult(
            None, body_start, (Problem("SOT003", 2, 1, "frontmatter is not a mapping of keys to values"),)
        )
    positions, problems = _key_positions(lines, 1, closing)
    keys = {}
    for raw_name, value in data.items():
        name = str(raw_name)
        line, column = positions.get(name, (1, 1))
        keys[name] = FrontKey(name, value, line, column)
    return FrontResult(Frontmatter(keys, closing + 1), body_start, tuple(problems))
