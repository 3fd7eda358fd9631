"""An exact fast path for the plain markdown most records are written in.

Block-parsing one record with markdown-it-py costs about 2 ms: every line
is offered to ten block rules. Records are mostly ATX headings, `- ` bullets
and plain paragraphs, for which CommonMark's result is simple to state. This
module reads a body only when every line is one of those (or a fenced code
block) and every inline run uses nothing but text, code spans and line
breaks; for anything else it returns None and the caller uses markdown-it.
Within that subset its output equals markdown-it's, which a property test
checks on generated documents full of the constructs at its edges.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from typing import NamedTuple

# An inline token as both parsers describe it: (markdown-it type, content).
InlineToken = tuple[str, str]

# Characters that start an inline construct other than a code span or a line break
# (escape, emphasis, link, image, autolink, raw HTML, entity), or that markdown-it
# normalises (NUL): their presence sends the whole body to markdown-it.
_INLINE_OTHER = re.compile(r"[\\*_\[<&\x00]")
# First characters of a line (or of a bullet's content) that may open a block
# construct other than a paragraph: indentation, block quotes, bullets, thematic
# breaks, setext underlines, HTML blocks, link reference definitions, headings.
_BLOCK_OTHER = frozenset(" \t>-+*_=<[#")
_ORDERED = re.compile(r"\d{1,9}[.)]")
# Whitespace other than space, tab and line feed: markdown-it trims its own set of
# characters (which has changed between its versions), so such text goes to it.
_OTHER_SPACE = re.compile(r"[^\S \t\n]")
_FENCE = re.compile(r"(`{3,}|~{3,})(.*)")
_BACKTICKS = re.compile(r"`+")


class Block(NamedTuple):
    """Inline content sot-lint reads: a heading, a list item's first paragraph, or a paragraph."""

    kind: str  # "heading", "item" or "paragraph"
    level: int  # the heading level; 0 otherwise
    line: int  # 1-based file line where the content starts
    start: int  # 1-based file line of the list item (or heading, paragraph) holding it
    tokens: tuple[InlineToken, ...]


def blocks(lines: Sequence[str], offset: int) -> list[Block] | None:
    """Blocks of `lines[offset:]` (file line = index + 1), or None outside the plain subset.

    Paragraphs without a code span are left out: nothing in them is read.
    """
    if _OTHER_SPACE.search("\n".join(lines[offset:])):  # one pass: the class holds no line feed
        return None
    found: list[Block] = []
    open_kind = ""  # "item" or "paragraph" while a paragraph is open
    open_line = 0
    open_lines: list[str] = []
    fence: tuple[str, int] | None = None  # (marker character, length) inside a fenced block

    def close() -> bool:
        nonlocal open_kind
        if open_kind:
            content = "\n".join(open_lines).strip()
            if open_kind == "item" or "`" in content:
                tokens = inline(content)
                if tokens is None:
                    return False
                found.append(Block(open_kind, 0, open_line, open_line, tokens))
        open_kind = ""
        return True

    for index in range(offset, len(lines)):
        line = lines[index]
        if fence is not None:
            if _closes(line, *fence):
                fence = None
            continue
        if not line.strip(" \t"):
            if not close():
                return None
            continue
        first = line[0]
        if first == "#":
            heading = _heading(line)
            if heading is None or not close():
                return None
            level, content = heading
            tokens = inline(content)
            if tokens is None:
                return None
            found.append(Block("heading", level, index + 1, index + 1, tokens))
            continue
        if first in "`~" and (match := _FENCE.fullmatch(line)) is not None:
            marker = match.group(1)
            if (first == "`" and "`" in match.group(2)) or not close():
                return None  # a backtick in a backtick fence's info string makes it no fence
            fence = (first, len(marker))
            continue
        if line.startswith("- ") and len(line) > 2:
            item = line[2:]
            if not _plain_start(item) or not close():
                return None
            open_kind, open_line, open_lines = "item", index + 1, [item]
            continue
        if not _plain_start(line):
            return None
        if open_kind:
            open_lines.append(line)  # a continuation, lazy when the paragraph is a list item's
        else:
            open_kind, open_line, open_lines = "paragraph", index + 1, [line]
    return found if close() else None


def _plain_start(text: str) -> bool:
    """Whether a line (or a bullet's content) opens nothing but paragraph text."""
    first = text[0]
    if first in _BLOCK_OTHER:
        return False
    if first in "`~" and _FENCE.fullmatch(text) is not None:
        return False
    return not (first.isdigit() and _ORDERED.match(text))


def _closes(line: str, marker: str, length: int) -> bool:
    """A closing fence: up to 3 spaces, at least `length` markers, then only spaces or tabs."""
    stripped = line.lstrip(" ")
    if len(line) - len(stripped) > 3 or not stripped.startswith(marker * length):
        return False
    return not stripped.lstrip(marker).strip(" \t")


def _heading(line: str) -> tuple[int, str] | None:
    """(level, content) of an ATX heading line at column 0, as markdown-it cuts it."""
    level = len(line) - len(line.lstrip("#"))
    rest = line[level:]
    if level > 6 or (rest and rest[0] not in " \t"):
        return None
    rest = rest.rstrip(" \t")
    without_closing = rest.rstrip("#")
    if without_closing and without_closing[-1] in " \t":
        rest = without_closing
    return level, rest.strip()


@functools.lru_cache(maxsize=32_768)  # boilerplate bullets recur across records
def inline(content: str, strict: bool = True) -> tuple[InlineToken, ...] | None:
    """Text, code-span and break tokens of `content`, or None if it holds another construct.

    With `strict` off, other constructs are read as text: the linear reading
    body.py uses for blocks too large to hand to markdown-it's inline parser.
    """
    tokens: list[InlineToken] = []
    pending: list[str] = []
    if "`" not in content:  # most bullets and headings: text and line breaks only
        if not _text(content, pending, tokens, strict):
            return None
        _flush(pending, tokens)
        return tuple(tokens)
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(content)]
    by_length: dict[int, list[int]] = {}
    for number, (start, end) in enumerate(runs):
        by_length.setdefault(end - start, []).append(number)
    position = 0
    run = 0  # the next backtick run at or after `position`
    while True:
        opener = runs[run] if run < len(runs) else None
        stop = opener[0] if opener is not None else len(content)
        if not _text(content[position:stop], pending, tokens, strict):
            return None
        if opener is None:
            break
        start, end = opener
        same = by_length[end - start]
        later = bisect_right(same, run)
        if later == len(same):
            pending.append(content[start:end])  # no closing run: the backticks are text
            position, run = end, run + 1
            continue
        closer = same[later]
        close_start, close_end = runs[closer]
        code = content[end:close_start].replace("\n", " ")
        if code.startswith(" ") and code.endswith(" ") and code.strip(" "):
            code = code[1:-1]  # one space off each side, unless it is all (ASCII) spaces
        _flush(pending, tokens)
        tokens.append(("code_inline", code))
        position, run = close_end, closer + 1
    _flush(pending, tokens)
    return tuple(tokens)


def _text(text: str, pending: list[str], tokens: list[InlineToken], strict: bool = True) -> bool:
    """Add plain text with its line breaks; False if it holds another inline construct."""
    if strict and _INLINE_OTHER.search(text):
        return False
    pieces = text.split("\n")
    pending.append(pieces[0])
    for piece in pieces[1:]:
        # markdown-it drops the spaces before a line break (two or more make it a hard
        # break; sot-lint reads both as a space) and skips the indentation after it.
        before = "".join(pending).rstrip(" ")
        pending[:] = [before]
        _flush(pending, tokens)
        tokens.append(("softbreak", ""))
        pending.append(piece.lstrip(" \t"))
    return True


def _flush(pending: list[str], tokens: list[InlineToken]) -> None:
    text = "".join(pending)
    pending.clear()
    if text:
        tokens.append(("text", text))


def segments(tokens: Iterable[InlineToken]) -> list[tuple[tuple[bool, str], int]]:
    """Text and code spans, each with its line offset in the block; breaks become spaces."""
    found: list[tuple[tuple[bool, str], int]] = []
    offset = 0
    for kind, content in tokens:
        if kind == "code_inline":
            found.append(((True, content), offset))
            continue
        if kind in ("softbreak", "hardbreak"):
            offset += 1
            text = " "
        elif kind in ("text", "text_special"):
            text = content
        else:
            continue
        if found and not found[-1][0][0]:
            (_, previous), at = found[-1]
            found[-1] = ((False, previous + text), at)
        else:
            found.append(((False, text), offset))
    return found
