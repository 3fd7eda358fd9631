"""Keys written in a record's body text rather than its frontmatter (Nygard / adr-tools records).

A Nygard record has no frontmatter: its date is a `Date: 2016-02-12` line
under the title and its status is the first paragraph of `## Status`. These
keys become frontmatter-like keys (name, value, line, column), so the same
rules check them: required, allowed values, dates.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from sot_lint.parse.body import Section
from sot_lint.parse.front import FrontKey

_LABELLED = re.compile(r"\A[ \t]{0,3}([A-Za-z][\w -]{0,39}?)[ \t]*:[ \t]*(\S.*?)[ \t]*\Z")


def _first_paragraph(lines: Sequence[str], section: Section) -> tuple[str, int, int] | None:
    """The first paragraph under a heading: (text joined by spaces, line, column), or None."""
    found: list[str] = []
    start = column = 0
    for number in range(section.line + 1, min(section.end_line, len(lines)) + 1):
        text = lines[number - 1].strip()
        if not text or text.startswith("<!--"):
            if found:
                break
            continue
        if not found:
            start, column = number, len(lines[number - 1]) - len(lines[number - 1].lstrip()) + 1
        found.append(text)
    return (" ".join(found), start, column) if found else None


def _labelled(lines: Sequence[str], first: int, last: int) -> dict[str, tuple[str, int, int]]:
    """`Label: value` lines in [first, last] (1-based): label -> (value, line, column)."""
    found: dict[str, tuple[str, int, int]] = {}
    fenced = False
    for number in range(first, last + 1):
        line = lines[number - 1]
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        match = None if fenced else _LABELLED.match(line)
        if match is not None:
            found.setdefault(match.group(1).strip().lower(), (match.group(2), number, match.start(2) + 1))
    return found


def text_keys(
    lines: Sequence[str],
    sections: Sequence[Section],
    body_start: int,
    from_section: Mapping[str, str],
    from_line: Mapping[str, str],
) -> dict[str, FrontKey]:
    """Keys read from section text (`from_section`: key -> title) and labelled lines above the first
    section below the title (`from_line`: key -> label, case-insensitive)."""
    keys: dict[str, FrontKey] = {}
    for key, title in from_section.items():
        section = next((s for s in sections if s.title == title), None)
        paragraph = _first_paragraph(lines, section) if section is not None else None
        if paragraph is not None:
            keys[key] = FrontKey(key, *paragraph)
    if from_line:
        below_title = next((s.line - 1 for s in sections if s.level >= 2), len(lines))
        labelled = _labelled(lines, body_start, below_title)
        for key, label in from_line.items():
            entry = labelled.get(label.lower())
            if entry is not None:
                keys[key] = FrontKey(key, *entry)
    return keys
