"""Raw file content -> Document: the one model every rule reads.

Parsing never raises: a file that cannot be read or parsed becomes a Document
whose `problems` say why, and rules that need the missing parts skip it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Literal

from sot_lint.parse import body, front, source
from sot_lint.parse.body import Field, Reference, Section
from sot_lint.parse.front import Frontmatter
from sot_lint.parse.source import Problem

Kind = Literal["markdown", "json"]


@dataclass(frozen=True)
class Document:
    """A parsed SOT file. `path` is the display path (relative, `/` separators)."""

    path: str
    kind: Kind
    lines: tuple[str, ...]
    problems: tuple[Problem, ...] = ()
    frontmatter: Frontmatter | None = None
    sections: tuple[Section, ...] = ()
    fields: tuple[Field, ...] = ()
    references: tuple[Reference, ...] = ()
    json_value: object = None

    @property
    def readable(self) -> bool:
        """False when the content could not be decoded at all (SOT001, SOT005)."""
        return not any(problem.code in ("SOT001", "SOT005") for problem in self.problems)

    def section(self, title: str) -> Section | None:
        """The first section with this exact title."""
        return next((s for s in self.sections if s.title == title), None)

    def fields_in(self, title: str) -> tuple[Field, ...]:
        """Fields scoped to the section titled `title` (not to other sections)."""
        return tuple(f for f in self.fields if f.section is not None and f.section.title == title)


def kind_of(path: str) -> Kind | None:
    lowered = path.lower()
    if lowered.endswith((".md", ".markdown")):
        return "markdown"
    if lowered.endswith(".json"):
        return "json"
    return None


def parse(path: str, kind: Kind, data: bytes, max_size: int) -> Document:
    """Decode and parse one file's bytes into a Document."""
    decoded = source.decode(data, max_size)
    if decoded.problem is not None:
        return Document(path, kind, (), (decoded.problem,))
    if kind == "json":
        return _parse_json(path, decoded.lines)
    return _parse_markdown(path, decoded.lines)


def _parse_markdown(path: str, lines: tuple[str, ...]) -> Document:
    head = front.parse(lines)
    parsed = body.parse(lines, head.body_start)
    return Document(
        path,
        "markdown",
        lines,
        head.problems,
        head.frontmatter,
        parsed.sections,
        parsed.fields,
        parsed.references,
    )


def _parse_json(path: str, lines: tuple[str, ...]) -> Document:
    try:
        value = json.loads("\n".join(lines))
    except json.JSONDecodeError as error:
        problem = Problem("SOT004", error.lineno, error.colno, f"invalid JSON: {error.msg}")
        return Document(path, "json", lines, (problem,))
    except RecursionError:
        return Document(path, "json", lines, (Problem("SOT004", 1, 1, "invalid JSON: nested too deeply"),))
    except ValueError:  # a number past the interpreter's digit limit (not a JSONDecodeError)
        return Document(path, "json", lines, (Problem("SOT004", 1, 1, "invalid JSON: a number too long to read"),))
    return Document(path, "json", lines, json_value=value)
