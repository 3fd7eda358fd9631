"""Machine-generated tokens that no vendor prefix and no name announce (SOT301).

Many services issue credentials as a bare run of lowercase letters and
digits (Twitch, Etsy, MessageBird, Sumo Logic, older Atlassian tokens...):
pasted into a sentence, nothing names them. Such a run is told from text by
its shape: 20 or more characters of `[a-z0-9]` standing alone (not part of
an identifier, path, domain, e-mail address, slug or base64 blob), letters and
digits interleaved the way a random draw interleaves them (three or more
groups of each, no run of letters longer than a random one: 10, or a quarter
of the token), not hexadecimal (a digest or commit id, which documents cite)
and not a placeholder (`abc123…`, typed sequences, repeated groups).

Words glued to a number (`mysqlserver01production`) fail the interleaving,
and so do version strings and package names with their separators. On about
9,000 public files (Python packages' docs and code, Debian's documentation,
the public-docs corpus) the only tokens reported are keyboard-mashed test
strings in two libraries' code. Mixed-case runs are left to detect-secrets'
entropy plugins (quoted strings) and to names: identifiers, base64 data and
video ids make them common in ordinary text.

It judges only a token that stands alone. A value given a name (`NAME=value`,
`name: value` opening a line, a field, a JSON key, as `named.value_starts`
reads them) is the name detectors' business: under a password-like name it
is a secret whatever its shape, and under any other name (`BUILD_ID=…`,
`image_digest: …`) the name says what it is, as detect-secrets' and
gitleaks' keyword rules read it. Where a vendor format or a name detector
claims the same span, theirs is the finding: callers add these hits after
them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from sot_lint.leaks import named
from sot_lint.leaks.placeholder import is_placeholder

KIND = "machine-generated token"
_TOKEN = re.compile(r"(?<![A-Za-z0-9_\-./+\\@%~$#&])[a-z0-9]{20,}(?![A-Za-z0-9_\-/+\\@%~$=]|\.[A-Za-z0-9])")
_HEX = re.compile(r"[0-9a-f]+")
_DIGITS = re.compile(r"[0-9]+")
_LETTERS = re.compile(r"[a-z]+")
_GROUPS = 3  # each of letters and digits in at least this many separate groups


def looks_generated(token: str) -> bool:
    """`token` (lowercase letters and digits) reads as a random draw, not as words, a digest or a stand-in."""
    if _HEX.fullmatch(token):
        return False
    digits = _DIGITS.findall(token)
    letters = _LETTERS.findall(token)
    if len(digits) < _GROUPS or len(letters) < _GROUPS:
        return False
    if max(map(len, letters)) > max(10, len(token) // 4):
        return False  # a word in it: `…production…`
    return not is_placeholder(token)


def scan_line(line: str, runs: Iterable[tuple[int, int]]) -> list[tuple[str, str, str, int, int]]:
    """(code, kind, value, start, end) of every machine-generated token in the `runs` of `line`.

    `runs` are `formats.scan_line`'s long runs: every token lies in one.
    """
    found: list[tuple[str, str, str, int, int]] = []
    named_at: set[int] | None = None  # where the values of names start: read once, only for a line with a token
    for start, end in runs:
        for match in _TOKEN.finditer(line, start, end + 2):  # two more: the lookahead reads past the run
            if not looks_generated(match.group(0)):
                continue
            if named_at is None:
                named_at = named.value_starts(line)
            if match.start() not in named_at:
                found.append(("SOT301", KIND, match.group(0), match.start(), match.end()))
    return found
