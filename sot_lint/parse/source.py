"""Raw bytes -> lines of text, or the input problem that stops parsing.

Decoding is strict UTF-8 (a BOM is dropped), newlines are normalised so CRLF
and CR files keep the line numbers a user sees in an editor.
"""

from __future__ import annotations

from typing import NamedTuple

BOM = b"\xef\xbb\xbf"


class Problem(NamedTuple):
    """An input problem found while reading or parsing; rules SOT0xx report them."""

    code: str
    line: int
    column: int
    message: str


class Source(NamedTuple):
    """Decoded text split in lines (no line terminators), or the problem instead."""

    lines: tuple[str, ...]
    problem: Problem | None


def split_lines(text: str) -> tuple[str, ...]:
    """Split on LF, CRLF and CR only: the line breaks markdown and git agree on."""
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = normalised.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return tuple(lines)


def decode(data: bytes, max_size: int) -> Source:
    """Decode file content, reporting oversize (SOT005) and non-text (SOT001) input."""
    if len(data) > max_size:
        return Source((), Problem("SOT005", 1, 1, f"file is over the size limit of {max_size} bytes"))
    if b"\x00" in data:
        return Source((), Problem("SOT001", 1, 1, "file is binary (contains NUL bytes)"))
    if data.startswith(BOM):
        data = data[len(BOM) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        byte = data[error.start]
        return Source((), Problem("SOT001", line, column, f"file is not valid UTF-8 (byte 0x{byte:02x})"))
    return Source(split_lines(text), None)
