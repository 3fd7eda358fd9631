"""The one placeholder model of SPEC §8: a value that only stands in for a secret.

Documentation is full of stand-ins (`ghp_xxxx…`, `<your token>`, `${TOKEN}`,
`AKIAXXXXXXXXXXXXXXXX`, `{SumoAccessKey}`, `~~~~`); reporting them is the
crying wolf that gets a hook uninstalled. Every detector asks this module,
so a stand-in is judged the same under a name, in a format and in a URL.
"""

from __future__ import annotations

import itertools
import re

_WORDS = frozenset(
    {
        "changeme", "change_me", "change-me", "example", "examples", "dummy", "redacted", "placeholder",
        "none", "null", "nil", "n/a", "na", "tbd", "todo", "unset", "empty", "hidden", "secret", "password",
        "passwd", "token", "value", "your", "yours", "mine", "foo", "bar", "baz", "foobar", "test", "testing",
        "sample", "fake", "xxx", "required", "optional", "true", "false", "yes", "no", "omitted", "removed",
        "masked", "elided", "snip", "undefined", "default", "string", "str", "env", "var", "variable",
        "pass", "pwd", "pw", "user", "username", "login", "admin:admin", "user:pass", "user:password",
    }
)  # fmt: skip
# Markup that stands for a value: <x>, ${x}, {{x}}, {x}, $x, %x%, [x], $(cmd), `...`.
_TEMPLATE = re.compile(
    r"""\A(?:<[^<>]*>|\$\{[^}]*\}|\$\{\{.*\}\}|\{\{.*\}\}|\{[^{}]*\}|\$[A-Za-z_]\w*|%[A-Za-z_]\w*%
    |\[[^\[\]]*\]|\$\([^)]*\)|\.{2,}|…+)\Z""",
    re.VERBOSE,
)
_HOLDS_TEMPLATE = re.compile(r"<[A-Za-z_ -]{2,}>|\$\{[^}]*\}|\{\{[^}]*\}\}|\$\([^)]*\)|\$[A-Z_]{2,}\b")
_STAND_IN_WORD = re.compile(
    r"(?i)(?:your|my|some|insert|put|replace|enter|paste|add)[_ -]?(?:your[_ -]?)?[a-z_ -]*"
    r"(?:key|token|secret|pass|here|value)"
    r"|(?:_here|-here|here_?)\Z|\Aexample|example\Z|\Aredacted|\Aplaceholder|\Adummy|\Afake[_-]|\Aplace_?holder"
)
_MASKED_TAIL = re.compile(r"[#*xX•.]{8,}\Z")
# A group typed over and over (`1231231231`, `1234-1234-1234`), or two runs of one key held down.
_REPEATED = re.compile(r"((.)(?!\2).{1,3})\1{3,}|((.)(?!\4).{2,7})-?\3-?\3")
_HELD_KEY = re.compile(r"(.)\1{4,}")
_SEPARATORS = re.compile(r"[\s_.\-/:=+]+")
_MASK = frozenset("xX*#~.-_•0")
# What follows a token that was cut short for display: `xoxp-5723…-####`, `ghp_Ab12...`, `AKIA1234****`.
_MASKED_AFTER = re.compile(r"[-_]?(?:[#*•…]|\.\.\.)")


def cut_short(line: str, start: int, end: int) -> bool:
    """`line[start:end]` goes on as a mask and shows no secret of its own (only a prefix, ids, a few characters).

    `xoxp-5723…-####` and `ghp_Ab12...` stand in for a token. A whole token
    followed by `...` in a sentence still shows its secret, and counts.
    """
    if _MASKED_AFTER.match(line, end) is None:
        return False
    return not any(len(part) >= 12 and not part.isdigit() for part in _TOKEN_PARTS.split(line[start:end]))


def _core(value: str) -> str:
    return value.strip().strip("\"'`").strip().rstrip(".,;")


# A number of six or more digits between dashes is an id that a token carries in the clear (Slack's
# `xoxb-{team}-{bot}-…`): typed or not, it says nothing of the secret part beside it.
_ID_PART = re.compile(r"(?:(?<=-)|\A)\d{6,}-")
_SECRET_PART = re.compile(r"[^\W_]{8,}")
_TOKEN_PARTS = re.compile(r"[\W_]+")  # a part of 12+ characters, not all digits (an id), is a secret shown, cut or not


def _without_ids(text: str) -> str:
    """`text` without its numeric id parts, when what is left still holds a part of 8+ characters to judge."""
    if "-" not in text:
        return text
    rest = _ID_PART.sub("", text)
    return rest if rest != text and _SECRET_PART.search(rest) else text


def is_placeholder(value: str, prefix: str = "") -> bool:
    """True when `value` (after a known vendor `prefix`, if given) only stands in for a secret."""
    text = _core(value)
    if prefix and text.lower().startswith(prefix.lower()):
        text = text[len(prefix) :]
    text = _without_ids(text)
    if not text:
        return True
    if _TEMPLATE.match(text) or text.lower() in _WORDS:
        return True
    body = _SEPARATORS.sub("", text)
    if len(set(body)) <= 1:  # one character repeated: xxxx, ****, ~~~~, aaaa, 0000
        return True
    if len(body) >= 3 and _longest_sequence(body) == len(body):
        return True  # the alphabet or the digits typed in order: abc, xyz, 1234
    if set(body) <= _MASK or max(body.lower().count(c) for c in set(body.lower())) >= max(4, len(body) * 0.6):
        return True  # a mask: XXXX-XXXX, AIzaaaa…, xxx…x with a few odd characters
    if _HOLDS_TEMPLATE.search(text) or _STAND_IN_WORD.search(text) or text[0] in "<{":
        return True
    if len(body) >= 16 and len(set(body)) <= 4:
        return True  # a DNA string, `1010…`: a random token of 16+ characters has far more symbols
    if (
        _MASKED_TAIL.search(text)
        or _longest_sequence(body) >= 5
        or _repeated_share(body) * 4 >= len(body)
        or len(_HELD_KEY.findall(body)) >= 2
    ):
        return True  # `xoxp-5723…-####…`, `AIzaSyabcdefghijklmnop…`: a made-up value
    return bool(re.fullmatch(r"(?i)(?:0123456789|1234567890|abcdef|abc123|123456|qwerty)+\w{0,4}", body))


# An identifier's parts: split at separators and where the case turns (`RHFSearch` -> `RHF`, `Search`).
_PARTS = re.compile(r"[-_./+=:]+|(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_WORD = re.compile(r"(?:[A-Z]?[a-z]{2,19}|[A-Z]{2,5})")  # `Sponsored`, `click`, `RHF`
_VOWEL = re.compile(r"[aeiouyAEIOUY]")


def is_identifier(value: str) -> bool:
    """Mostly words of an identifier (`desktop-rhf_SponsoredProductsRemoteRHFSearchEXPSubsK2ClickPagination`).

    Not a secret however long and varied: a random string has digits and case
    changes all through it, so cut at its separators and case turns it leaves
    few pieces that are words of letters with a vowel; an identifier is made of them.
    """
    letters = sum(char.isalpha() for char in value)
    digits = sum(char.isdigit() for char in value)
    worded = sum(len(part) for part in _PARTS.split(value) if _WORD.fullmatch(part) and _VOWEL.search(part))
    return letters >= 3 * digits and worded >= 0.8 * letters > 0


def is_worded(secret: str) -> bool:
    """A token's secret part made of words and numeric ids only (`initial`, `my-bot-token`, `checking_Length-Is`).

    A vendor's secret part is random: letters and digits mixed, its case
    turning at random, so it never reads as an identifier's words. A password
    may be words; only a part that a vendor's prefix announces is judged so.
    """
    parts = [part for part in _TOKEN_PARTS.split(secret) if part and not part.isdigit()]
    return bool(parts) and all(part.isalpha() for part in parts) and is_identifier("-".join(parts))


def _repeated_share(body: str) -> int:
    """How many characters of `body` are groups typed over and over (`EXAMPLEEXAMPLE…`, `1231231231`).

    Judged against the whole value by the caller: a long encoded payload (a
    JWT's claims) may hold one repetitive stretch without being made up.
    """
    return sum(match.end() - match.start() for match in _REPEATED.finditer(body))


def _longest_sequence(text: str) -> int:
    """Longest run of consecutive ascending characters (`12345`, `abcdef`): typed, not random."""
    longest = run = 1
    for before, after in itertools.pairwise(text):
        run = run + 1 if ord(after) == ord(before) + 1 and after.isalnum() else 1
        longest = max(longest, run)
    return longest
