"""A `*_class` field names a class, never a concrete URL, path, address or token.

Why: `credential_source_class` and `allowed_network_class` exist so that a
record can say *what kind* of credential or network is allowed without
writing the credential or the endpoint itself. A URL, a path, an address or a
token-like string there is the very leak the class was meant to avoid.
A class identifier is lowercase words joined by `-` or `_`.

Bad:
    - `allowed_network_class`: `http://10.0.0.7:8000/v1`.

Good:
    - `allowed_network_class`: `local-tailscale-vllm-spark1`.

Fix: replace the value with a class name, and keep the concrete value in the
runtime environment (for example `CTO_HARNESS_CASE_LOCAL_BASE_URL`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from sot_lint.config import Config
from sot_lint.finding import Finding, Severity
from sot_lint.parse.document import Document
from sot_lint.rules.base import MARKDOWN, Meta, state_fields

META = Meta("SOT206", "class-not-identifier", Severity.ERROR)
KINDS = MARKDOWN

_IDENTIFIER = re.compile(r"\A[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*")
_LOOKS_LIKE = (
    ("a URL", re.compile(r"(?<![a-zA-Z0-9+.-])[a-zA-Z][a-zA-Z0-9+.-]*://")),
    (
        "an address",
        re.compile(
            r"\d{1,3}(?:\.\d{1,3}){3}|(?<![0-9a-fA-F:])[0-9a-fA-F]{0,4}(?::[0-9a-fA-F]{0,4}){2,}|(?<![\w.-])[\w.-]+:\d{2,5}\b"
        ),
    ),
    ("a path", re.compile(r"[/\\]|^~")),
    ("a host name", re.compile(r"(?<![A-Za-z0-9-])[A-Za-z0-9-]+\.[A-Za-z]{2,}")),
    ("a token", re.compile(r"[A-Za-z0-9+/=_-]{24,}")),
)


def _token_like(value: str) -> bool:
    """A long run of mixed letters and digits is a key or hash, not a word."""
    return any(
        len(part) >= 20 and any(c.isdigit() for c in part) and any(c.isalpha() for c in part)
        for part in re.split(r"[-_]", value)
    )


def _kind(value: str) -> str:
    for kind, pattern in _LOOKS_LIKE:
        if pattern.search(value):
            return kind
    return "free text"


def check(doc: Document, config: Config) -> Iterator[Finding]:
    for field in state_fields(doc, config) or ():
        if not field.key.endswith("_class") or field.is_empty:
            continue
        for value in field.values:
            if not _IDENTIFIER.fullmatch(value) or _token_like(value):
                message = f"'{field.key}' is not a class identifier (looks like {_kind(value)})"
                yield META.at(doc, field.line, message, field.column)
                break
