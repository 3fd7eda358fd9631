"""How a detected value appears in any output: its kind and a short hash, never itself."""

from __future__ import annotations

import hashlib


def label(kind: str, value: str) -> str:
    """`[redacted AWS Access Key #3f2a]`: enough to tell two findings apart, nothing to reuse."""
    digest = hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:4]
    return f"[redacted {kind} #{digest}]"


def _replaced(text: str, values: dict[str, str]) -> str:
    for value in sorted(values, key=len, reverse=True):
        if value in text:
            text = text.replace(value, values[value])
    return text


def scrub(text: str, values: dict[str, str]) -> str:
    """Replace every known value (mapped to its label) in `text`, longest first.

    A value found in the decoded view of a document may be written in `text`
    in its encoded form (fullwidth dots, `llm&#46;corp`): a line whose decoded
    form still holds a value is replaced by that decoded form, scrubbed.
    """
    if not values:
        return text
    text = _replaced(text, values)
    if text.isascii() and "&" not in text and "\\" not in text:
        return text
    from sot_lint.leaks.decoded import decode_line, json_line

    lines = text.split("\n")
    for index, line in enumerate(lines):
        meant = decode_line(json_line(line))
        if meant != line and any(value in meant for value in values):
            lines[index] = _replaced(meant, values)
    return "\n".join(lines)
