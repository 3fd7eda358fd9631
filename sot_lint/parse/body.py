"""The markdown body: sections, typed fields and references, with file lines.

markdown-it-py gives 0-based lines relative to the text it parsed; every
position here is turned into a 1-based line of the original file.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sot_lint.parse import plainmd
from sot_lint.parse.plainmd import Block

if TYPE_CHECKING:
    from markdown_it.token import Token

FieldValue = str | tuple[str, ...]

_FIELD_KEY = re.compile(r"\A[a-z_][a-z0-9_]*")
# Patterns used with match/fullmatch start with \A, so even a scan over a hostile line is linear.
_PLAIN_KEY = re.compile(r"\A([a-z_][a-z0-9_]*):(?=\s|$)")
_LIST_SEPARATOR = re.compile(r"\A\s*,\s*")
_TRAILING_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})\s*$")
_REFERENCE = re.compile(r"\A[^\s<>|*?\"'`]+\.(?:md|json)")
_NOT_RELATIVE = re.compile(r"^(?:[/\\~]|[A-Za-z]:|[a-z][a-z0-9+.-]*://)")


@dataclass(frozen=True)
class Section:
    """A heading and the lines it governs, up to the next heading."""

    title: str
    level: int
    line: int
    end_line: int
    date: datetime.date | None


@dataclass(frozen=True)
class Field:
    """A typed field written as a list item: ``- `key`: `value`; note``."""

    key: str
    value: FieldValue
    note: str
    line: int
    column: int
    section: Section | None

    @property
    def values(self) -> tuple[str, ...]:
        """The value as a tuple, whether one code span or a list was written."""
        return self.value if isinstance(self.value, tuple) else (self.value,)

    @property
    def is_empty(self) -> bool:
        return not any(item.strip() for item in self.values)


@dataclass(frozen=True)
class Reference:
    """A relative path to another SOT document, as written."""

    target: str
    line: int
    column: int


@dataclass(frozen=True)
class Body:
    sections: tuple[Section, ...]
    fields: tuple[Field, ...]
    references: tuple[Reference, ...]


Segment = tuple[bool, str]  # (is a code span, text)

_PARSER: Any = None


def _markdown() -> Any:
    """CommonMark block parser; inline parsing runs only where a rule needs it.

    Inline parsing is most of markdown-it's cost, and only headings, list
    items and paragraphs holding a code span carry anything sot-lint reads.
    """
    global _PARSER
    if _PARSER is None:
        from markdown_it import MarkdownIt

        _PARSER = MarkdownIt("commonmark").disable(["inline", "text_join"])
    return _PARSER


# Past this many characters a block is no record's bullet or heading: markdown-it's
# inline rules (emphasis, links) cost seconds on it, so it is read linearly instead.
HUGE_BLOCK = 20_000


def _inline(content: str) -> tuple[plainmd.InlineToken, ...]:
    """The inline tokens of a block's content, parsed on demand.

    A huge block is read as text and code spans only (plainmd's reading with
    other constructs taken as text): linear time, and what sot-lint reads of
    it, code spans, stays the same unless a link or escape hides a backtick.
    """
    if len(content) > HUGE_BLOCK:
        return plainmd.inline(content, strict=False) or ()
    children: list[Token] = []
    parser = _markdown()
    parser.inline.parse(content, parser, {}, children)
    return tuple((child.type, child.content) for child in children)


def _field_key(segments: Sequence[Segment]) -> tuple[str, list[Segment]] | None:
    """The key of a field item and the segments after its colon, or None."""
    if not segments:
        return None
    is_code, text = segments[0]
    if is_code:
        if not _FIELD_KEY.fullmatch(text) or len(segments) < 2:
            return None
        after_is_code, after = segments[1]
        if after_is_code or not after.startswith(":"):
            return None
        return text, [(False, after[1:]), *segments[2:]]
    match = _PLAIN_KEY.match(text)
    if match is None:
        return None
    return match.group(1), [(False, text[match.end() :]), *segments[1:]]


def _split_note(segments: list[Segment]) -> tuple[list[Segment], str]:
    """Cut at the first `;` outside a code span: what follows is a note."""
    for index, (is_code, text) in enumerate(segments):
        if not is_code and ";" in text:
            head, _, tail = text.partition(";")
            rest = "".join(t if not c else f"`{t}`" for c, t in segments[index + 1 :])
            return [*segments[:index], (False, head)], (tail + rest).strip()
    return segments, ""


def _strip_period(text: str) -> str:
    text = text.strip()
    return text[:-1].rstrip() if text.endswith(".") else text


def _is_span_list(segments: list[Segment]) -> bool:
    """Code spans joined by commas, with nothing but a final period around them."""
    positions = [index for index, (is_code, _) in enumerate(segments) if is_code]
    first, last = positions[0], positions[-1]
    if any(text.strip() for _, text in segments[:first]):
        return False
    if any(_strip_period(text) for _, text in segments[last + 1 :]):
        return False
    return all(is_code or _LIST_SEPARATOR.fullmatch(text) for is_code, text in segments[first : last + 1])


def field_value(segments: list[Segment]) -> FieldValue:
    """First code span after the colon; comma-separated spans make a list; else plain text."""
    spans = [text for is_code, text in segments if is_code]
    if not spans:
        return _strip_period("".join(text for _, text in segments))
    if len(spans) > 1 and _is_span_list(segments):
        return tuple(spans)
    return spans[0]


def _references(segments: list[tuple[Segment, int]], line: int) -> list[tuple[str, int]]:
    """Relative `.md`/`.json` paths written as code spans, with their lines."""
    found = []
    for (is_code, text), offset in segments:
        candidate = text.strip()
        if is_code and _REFERENCE.fullmatch(candidate) and not _NOT_RELATIVE.match(candidate):
            found.append((candidate, line + offset))
    return found


@functools.lru_cache(maxsize=32_768)  # boilerplate bullets and headings recur across records
def _meaning(
    kind: str, tokens: tuple[plainmd.InlineToken, ...]
) -> tuple[tuple[tuple[str, int], ...], str | None, tuple[str, FieldValue, str] | None]:
    """What a block says, independent of where it is: (references with line offsets, title, field)."""
    segments = plainmd.segments(tokens)
    targets = tuple(_references(segments, 0))
    if kind == "heading":
        return targets, "".join(text for (_, text), _ in segments).strip(), None
    keyed = _field_key([segment for segment, _ in segments]) if kind == "item" else None
    if keyed is None:
        return targets, None, None
    key, rest = keyed
    value_segments, note = _split_note(rest)
    return targets, None, (key, field_value(value_segments), note)


def _column(raw_lines: Sequence[str], line: int, needle: str) -> int:
    if 1 <= line <= len(raw_lines):
        index = raw_lines[line - 1].find(needle)
        if index >= 0:
            return index + 1
    return 1


def parse(lines: Sequence[str], body_start: int) -> Body:
    """Parse the body (lines from `body_start`, 1-based) into sections, fields, references."""
    offset = body_start - 1
    found = plainmd.blocks(lines, offset)
    if found is None:
        found = markdown_blocks(lines, offset)
    headings: list[tuple[str, int, int]] = []
    fields: list[tuple[str, FieldValue, str, int, int]] = []
    references: list[Reference] = []
    for block in found:
        targets, title, field = _meaning(block.kind, block.tokens)
        for target, line_offset in targets:
            at = block.line + line_offset
            references.append(Reference(target, at, _column(lines, at, target)))
        if title is not None:
            headings.append((title, block.level, block.line))
        elif field is not None:
            key, value, note = field
            fields.append((key, value, note, block.start, _column(lines, block.start, key)))
    sections = tuple(
        Section(
            title, level, line, (headings[n + 1][2] - 1) if n + 1 < len(headings) else len(lines), _heading_date(title)
        )
        for n, (title, level, line) in enumerate(headings)
    )
    return Body(sections, tuple(_scope(fields, sections)), tuple(references))


def markdown_blocks(lines: Sequence[str], offset: int) -> list[Block]:
    """Headings, list items' first paragraphs and paragraphs with a code span, by markdown-it."""
    tokens: list[Token] = _markdown().parse("\n".join(lines[offset:]))
    found: list[Block] = []
    for index, token in enumerate(tokens):
        if token.type != "inline" or token.map is None:
            continue
        line = token.map[0] + offset + 1
        opener = tokens[index - 1] if index else None
        item = tokens[index - 2] if index >= 2 else None
        opens = opener.type if opener is not None else ""
        if opener is not None and opens == "heading_open":
            kind, level, start = "heading", int(opener.tag[1:]), line
        elif opens == "paragraph_open" and item is not None and item.type == "list_item_open":
            kind, level, start = "item", 0, (item.map or [token.map[0]])[0] + offset + 1
        elif "`" in token.content:
            kind, level, start = "paragraph", 0, line
        else:
            continue
        found.append(Block(kind, level, line, start, _inline(token.content)))
    return found


def calendar_date(text: str) -> datetime.date | None:
    """`YYYY-MM-DD` as a date, or None when it names no day of the calendar (2026-02-30)."""
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


def _heading_date(title: str) -> datetime.date | None:
    match = _TRAILING_DATE.search(title)
    return calendar_date(match.group(1)) if match is not None else None


def _scope(raw: list[tuple[str, FieldValue, str, int, int]], sections: tuple[Section, ...]) -> list[Field]:
    """Attach each field to the innermost section whose lines hold it."""
    scoped = []
    for key, value, note, line, column in raw:
        section = next((s for s in reversed(sections) if s.line <= line), None)
        scoped.append(Field(key, value, note, line, column, section))
    return scoped
