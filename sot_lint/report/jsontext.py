"""Indented JSON that stays fast and small for reports with tens of thousands of findings.

`json.dump` with `indent` runs the pure-Python encoder; here only the outer
levels are indented and every deeper value (one finding, one SARIF result)
is written on its own line by the C encoder, which also keeps reports easy
to grep and diff. The text is produced piece by piece, never held whole.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, TextIO


class RawItems(list[str]):
    """A list whose items are each already JSON (findings, records, issues): one line each, joined at once."""


def dump(value: Any, stream: TextIO, depth: int) -> None:
    """Write `value` as JSON, indented two spaces for `depth` levels, then a newline."""
    stream.writelines(_pieces(value, depth, 0))
    stream.write("\n")


def _pieces(value: Any, depth: int, level: int) -> Iterator[str]:
    inner = "\n" + "  " * (level + 1)
    if isinstance(value, RawItems):  # findings, records: already JSON, joined at once at any depth
        yield "[" + inner + ("," + inner).join(value) + "\n" + "  " * level + "]" if value else "[]"
        return
    if level >= depth or not isinstance(value, dict | list) or not value:
        yield json.dumps(value)
        return
    opening, closing = ("{", "}") if isinstance(value, dict) else ("[", "]")
    items = value.items() if isinstance(value, dict) else ((None, item) for item in value)
    for index, (key, item) in enumerate(items):
        yield (opening if index == 0 else ",") + inner
        if key is not None:
            yield json.dumps(key) + ": "
        yield from _pieces(item, depth, level + 1)
    yield "\n" + "  " * level + closing
