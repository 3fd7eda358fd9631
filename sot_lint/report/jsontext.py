"""Indented JSON that stays fast for reports with tens of thousands of findings.

`json.dump` with `indent` runs the pure-Python encoder; here only the outer
levels are indented and every deeper value (one finding, one SARIF result)
is written on its own line by the C encoder, which also keeps reports easy
to grep and diff.
"""

from __future__ import annotations

import json
from typing import Any


class Raw(str):
    """Text that is already JSON, written as it is."""


def dumps(value: Any, depth: int, level: int = 0) -> str:
    """`value` as JSON, indented two spaces for `depth` levels, each deeper value on one line."""
    if isinstance(value, Raw):
        return str(value)
    if level >= depth or not isinstance(value, dict | list) or not value:
        return json.dumps(value)
    inner = "  " * (level + 1)
    if isinstance(value, dict):
        items = [f"{inner}{json.dumps(key)}: {dumps(item, depth, level + 1)}" for key, item in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + "  " * level + "}"
    items = [inner + dumps(item, depth, level + 1) for item in value]
    return "[\n" + ",\n".join(items) + "\n" + "  " * level + "]"
