"""How a detected value appears in any output: its kind and a short hash, never itself."""

from __future__ import annotations

import hashlib


def label(kind: str, value: str) -> str:
    """`[redacted AWS Access Key #3f2a]`: enough to tell two findings apart, nothing to reuse."""
    digest = hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:4]
    return f"[redacted {kind} #{digest}]"


def scrub(text: str, values: dict[str, str]) -> str:
    """Replace every known value (mapped to its label) in `text`, longest first."""
    for value in sorted(values, key=len, reverse=True):
        if value in text:
            text = text.replace(value, values[value])
    return text
