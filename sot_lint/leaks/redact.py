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

    A value found in the decoded view may be written in `text` in an encoded
    form (fullwidth dots, `llm&#46;corp`, a zero-width space inside): a line
    whose decoded form holds a value is first replaced by that decoded form.
    """
    if not values:
        return text
    if text.isascii() and "&" not in text and "\\" not in text:
        return _replaced(text, values)
    from sot_lint.leaks.decoded import decode_line

    lines = text.split("\n")
    for index, line in enumerate(lines):
        meant = decode_line(line)
        shown = meant if meant != line and any(value in meant for value in values) else line
        lines[index] = _replaced(shown, values)
    return "\n".join(lines)
