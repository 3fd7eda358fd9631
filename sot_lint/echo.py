"""The one policy for what text from outside may be echoed in a message.

Messages are built from sot-lint's own words plus, at most, short names a
reader needs (a key, a rule code). Anything a document, a file name, the
environment or the config wrote is echoed only when it is plainly a word:
letters in lowercase, Capitalised or UPPERCASE words joined by `_`, `-` or
spaces, at most 40 characters. Digits, dots, slashes, colons, `%`, `@` and
mixed-case runs (what tokens, hosts and paths are made of) are never echoed;
the linter's redactor then scrubs every detected value on top of this.
"""

from __future__ import annotations

import re

NOT_SHOWN = "(not shown)"
_WORD = r"(?:[A-Z]?[a-z]{1,20}|[A-Z]{1,12})"  # a longer run of capitals is a token, not a word
_SAFE = re.compile(rf"{_WORD}(?:[ _-]{{1,2}}{_WORD})*_?")
_QUOTED = re.compile(r"'[^'\n]*'|\"[^\"\n]*\"")
_PLAIN_REASON = re.compile(r"[A-Za-z ,()-]*")
# Quoted parts of parser messages that name syntax, not content: `','`, `'<stream end>'`, `'\\t'`.
_SYNTAX = re.compile(r"[^\w\s]{1,3}|<[a-z ]{1,20}>|\\[a-z]")
MAX_LENGTH = 40


def safe(text: object) -> bool:
    """Whether `text` may appear in a message as it is."""
    return isinstance(text, str) and len(text) <= MAX_LENGTH and _SAFE.fullmatch(text) is not None


def quoted(text: object, placeholder: str = NOT_SHOWN) -> str:
    """`'text'` when it is safe to echo, else the placeholder."""
    return f"'{text}'" if safe(text) else placeholder


def _echoable(part: str) -> bool:
    return safe(part) or _SYNTAX.fullmatch(part) is not None


def reason(text: str) -> str:
    """A parser's explanation with every quoted part that is not a plain word hidden.

    PyYAML and json quote the offending input (`found undefined tag handle
    '!ghp_...'`); what remains must be plain words, else only that it failed
    is said.
    """
    kept = _QUOTED.sub(lambda m: m.group(0) if _echoable(m.group(0)[1:-1]) else NOT_SHOWN, text)
    without = _QUOTED.sub("", kept.replace(NOT_SHOWN, ""))
    if len(kept) > 120 or _PLAIN_REASON.fullmatch(without) is None:
        return "details not shown"
    return kept
