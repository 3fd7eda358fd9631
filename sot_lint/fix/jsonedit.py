"""Edit a top-level JSON object in place: keep every other byte, key order and indentation.

Rewriting the file with `json.dumps` would reflow arrays a person wrote on one
line and reorder nothing but still churn the diff. Instead the members are
located by offset (with the standard library's own decoder) and only the
changed values, inserted members or removed members are touched.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

_DECODER = json.JSONDecoder()
_SPACE = " \t\n\r"


@dataclass(frozen=True)
class Member:
    """One `"key": value` of the top-level object, by character offsets."""

    key: str
    start: int  # the opening quote of the key
    value_start: int
    value_end: int
    comma: int | None  # the comma after the value, None for the last member


def _skip(text: str, index: int) -> int:
    while index < len(text) and text[index] in _SPACE:
        index += 1
    return index


def members(text: str) -> tuple[int, int, list[Member]] | None:
    """(offset of `{`, offset of `}`, members), or None when `text` is not one JSON object."""
    index = _skip(text, 0)
    if index >= len(text) or text[index] != "{":
        return None
    opening = index
    found: list[Member] = []
    index = _skip(text, index + 1)
    try:
        if text[index] == "}":
            return (opening, index, found) if _skip(text, index + 1) == len(text) else None
        while True:
            if text[index] != '"':
                return None
            start = index
            name, index = json.decoder.scanstring(text, index + 1)  # type: ignore[attr-defined]
            index = _skip(text, index)
            if text[index] != ":":
                return None
            value_start = _skip(text, index + 1)
            _, value_end = _DECODER.raw_decode(text, value_start)
            index = _skip(text, value_end)
            if text[index] == ",":
                found.append(Member(name, start, value_start, value_end, index))
                index = _skip(text, index + 1)
                continue
            if text[index] != "}":
                return None
            found.append(Member(name, start, value_start, value_end, None))
            return (opening, index, found) if _skip(text, index + 1) == len(text) else None
    except (IndexError, ValueError):
        return None


def render(value: Any, indent: str, unit: str, like: str | None = None) -> str:
    """`value` as JSON for a member indented by `indent`; arrays stay on one line when `like` did."""
    if isinstance(value, list) and value and (like is None or "\n" in like):
        inner = indent + unit
        items = ",\n".join(inner + json.dumps(item, ensure_ascii=False) for item in value)
        return "[\n" + items + "\n" + indent + "]"
    return json.dumps(value, ensure_ascii=False)


def _line_indent(text: str, offset: int) -> str:
    start = text.rfind("\n", 0, offset) + 1
    head = text[start:offset]
    return head if not head.strip() else ""


def dumps(value: dict[str, Any]) -> str:
    """A new file: two-space indentation, one member per line, final newline."""
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def update(text: str, wanted: dict[str, Any], order: list[str]) -> str | None:
    """`text` with the members of `wanted` set (None value: removed), others untouched.

    A new member goes after the nearest member that precedes it in `order`,
    or before the first member. None when `text` is not an object.
    """
    parsed = members(text)
    if parsed is None:
        return None
    opening, closing, found = parsed
    for name, value in wanted.items():
        at = next((m for m in found if m.key == name), None)
        if at is None and value is None:
            continue
        if at is not None:
            indent = _line_indent(text, at.start)
            if value is None:
                text = _remove(text, found, at)
            else:
                like = text[at.value_start : at.value_end]
                text = text[: at.value_start] + render(value, indent, "  ", like) + text[at.value_end :]
        else:
            text = _insert(text, found, (opening, closing), (name, value), order)
        parsed = members(text)
        if parsed is None:
            return None
        opening, closing, found = parsed
    return text


def _separator(text: str, found: list[Member], closing: int) -> str:
    """What stands between one member and the next: a newline and indentation, or a space."""
    if len(found) >= 2 and found[0].comma is not None:
        return text[found[0].comma + 1 : found[1].start]
    if found:
        indent = _line_indent(text, found[0].start)
        return "\n" + indent if indent or "\n" in text[: found[0].start] else " "
    return "\n  "


def _insert(text: str, found: list[Member], where: tuple[int, int], pair: tuple[str, Any], order: list[str]) -> str:
    opening, closing = where
    name, value = pair
    separator = _separator(text, found, closing)
    indent = separator.rsplit("\n", 1)[-1] if "\n" in separator else ""
    member = f"{json.dumps(name, ensure_ascii=False)}: {render(value, indent, '  ')}"
    if not found:
        return text[: opening + 1] + separator + member + "\n" + text[closing:]
    rank = {key: index for index, key in enumerate(order)}
    mine = rank.get(name, len(order))
    before = [m for m in found if rank.get(m.key, -1) < mine and m.key in rank]
    if not before:
        first = found[0]
        return text[: first.start] + member + "," + separator + text[first.start :]
    after = before[-1]
    if after.comma is not None:
        return text[: after.comma + 1] + separator + member + "," + text[after.comma + 1 :]
    return text[: after.value_end] + "," + separator + member + text[after.value_end :]


def _remove(text: str, found: list[Member], at: Member) -> str:
    index = found.index(at)
    if at.comma is not None:
        following = found[index + 1]
        return text[: at.start] + text[following.start :]
    if index == 0:
        return text[: at.start] + text[at.value_end :].lstrip(" \t")
    previous = found[index - 1]
    assert previous.comma is not None
    return text[: previous.comma] + text[at.value_end :]
