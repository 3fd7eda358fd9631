"""Control characters in paths and messages, made visible in every format.

Paths are shown as they are, but a file name may hold a newline or an
escape sequence: printed raw it would forge report lines or annotations, or
drive the terminal. Each C0/C1 control character and line separator is
written as a `\\xNN` / `\\uNNNN` escape instead (the JSON format needs none:
its encoder writes every control character as `\\u00NN`).
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """`text` with every control character escaped; plain text is returned as it is."""
    return _CONTROL.sub(_escaped, text) if _CONTROL.search(text) else text
