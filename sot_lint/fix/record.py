"""Fixes inside a record: the frontmatter `title` from the H1 (SOT105), and field syntax.

Field syntax is the example's convention for the current decision state: an
identifier value (status, provider, model, a class) is a code span, and every
field bullet ends with a period. Both are edits the parser reads the same way
before and after, which `_same_fields` checks, so a field's value never changes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import yaml

from sot_lint.config import Config
from sot_lint.parse import document
from sot_lint.parse.document import Document

_NEXT_BLOCK = re.compile(r"\A(?:\s*$|\s*(?:[-*+]|\d{1,9}[.)])\s|#)")
_PLAIN_SCALAR = re.compile(r"\A[A-Za-z0-9(][^:#\n\"'`{}\[\]]*\Z")
_IDENTIFIER = re.compile(r"\A[A-Za-z0-9][A-Za-z0-9._+-]*\Z")
_TITLE_LINE = re.compile(r"\A(?P<key>title[ \t]*:)[ \t]*(?P<value>.*)\Z")


@dataclass(frozen=True)
class LineEdit:
    """Replace one line (1-based) of a file; `code` is the rule fixed, None for field syntax."""

    line: int
    text: str
    code: str | None
    title: str


def yaml_scalar(text: str) -> str:
    """`text` as a YAML scalar that loads back as exactly `text`: plain when safe, else double-quoted."""
    if _PLAIN_SCALAR.fullmatch(text) and text == text.strip():
        try:
            if yaml.safe_load(text) == text:
                return text
        except yaml.YAMLError:
            pass
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def title_edit(doc: Document, leak_lines: set[int]) -> LineEdit | None:
    """Set `title` to the H1 text, when the title is one plain line and no leak is near."""
    if doc.frontmatter is None or "title" not in doc.frontmatter.keys:
        return None
    title = doc.frontmatter.keys["title"]
    heading = next((s for s in doc.sections if s.level == 1), None)
    if heading is None or not heading.title or (isinstance(title.value, str) and title.value.strip() == heading.title):
        return None
    if title.line in leak_lines or heading.line in leak_lines:
        return None
    following = {key.line for key in doc.frontmatter.keys.values()} | {doc.frontmatter.end_line}
    if title.line + 1 not in following:  # a multi-line scalar: left for a person
        return None
    match = _TITLE_LINE.fullmatch(doc.lines[title.line - 1])
    if match is None:
        return None
    text = f"{match.group('key')} {yaml_scalar(heading.title)}"
    return LineEdit(title.line, text, "SOT105", f"set 'title' to the H1 heading (line {heading.line})")


def identifier_keys(config: Config) -> frozenset[str]:
    """Keys whose value is an identifier the runtime reads, so it is written as a code span."""
    keys = {"decision_status", *config.review_fields, *(k for pair in config.paired_fields for k in pair)}
    keys |= {k for k in config.admission_compare if k.endswith("_class") or k in ("provider", "model")}
    return frozenset(keys)


def _single_line(doc: Document, line: int) -> bool:
    return line >= len(doc.lines) or _NEXT_BLOCK.match(doc.lines[line]) is not None


def field_edits(doc: Document, config: Config, leak_lines: set[int]) -> Iterator[LineEdit]:
    """Code spans for identifier values written as plain text; a final period on every field bullet."""
    if doc.section(config.state_section) is None:
        return
    identifiers = identifier_keys(config)
    for field in doc.fields_in(config.state_section):
        if field.line in leak_lines or field.is_empty or not _single_line(doc, field.line):
            continue
        raw = doc.lines[field.line - 1]
        text = raw
        changes = []
        if field.key in identifiers and isinstance(field.value, str) and _IDENTIFIER.fullmatch(field.value):
            spanned = _as_code_span(text, field.key, field.value)
            if spanned is not None:
                text = spanned
                changes.append(f"write the value of '{field.key}' as a code span")
        stripped = text.rstrip()
        if not stripped.endswith((".", ":", "?", "!")):
            text = stripped + "."
            changes.append(f"end the '{field.key}' field with a period")
        if text != raw:
            yield LineEdit(field.line, text, None, "; ".join(changes))


def _as_code_span(line: str, key: str, value: str) -> str | None:
    """The line with its plain-text value wrapped in backticks, or None when it is not written plainly."""
    pattern = re.compile(
        r"\A(?P<head>\s*[-*+]\s+(?:`"
        + re.escape(key)
        + "`|"
        + re.escape(key)
        + r"):\s*)"
        + re.escape(value)
        + r"(?P<rest>\.?\s*(?:;.*)?)\Z"
    )
    match = pattern.fullmatch(line)
    if match is None:
        return None
    return f"{match.group('head')}`{value}`{match.group('rest')}"


def _same_fields(before: Document, after: Document) -> bool:
    def shape(doc: Document) -> list[tuple[str, object, int, str | None]]:
        return [(f.key, f.value, f.line, f.section.title if f.section else None) for f in doc.fields]

    return shape(before) == shape(after) and [s.title for s in before.sections] == [s.title for s in after.sections]


def record_edits(
    doc: Document, config: Config, leak_lines: set[int], want: Callable[[str | None], bool]
) -> list[LineEdit]:
    """Every safe line edit of a record, each checked to leave its fields as they were.

    `want(code)` says whether a fix for that rule (None: field syntax) is enabled.
    """
    edits: list[LineEdit] = []
    title = title_edit(doc, leak_lines) if want("SOT105") else None
    if title is not None:
        edits.append(title)
    if want(None):
        edits.extend(field_edits(doc, config, leak_lines))
    kept = []
    for edit in edits:
        lines = list(doc.lines)
        lines[edit.line - 1] = edit.text
        after = document.parse(doc.path, "markdown", "\n".join(lines).encode("utf-8"), config.max_file_size)
        if _same_fields(doc, after):
            kept.append(edit)
    return kept
