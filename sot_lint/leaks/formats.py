"""Current vendor token formats (SOT301), kept as data beside detect-secrets.

`formats.json` (package data, read once) holds one format a line: its
vendor, the kind a finding names, one literal `keyword` that every match
contains, the token's regex (`body` after the keyword, or a whole `pattern`)
and, where it helps a reader, the vendor's documented `shape`. Each is written
from the vendor's own description: a distinctive prefix (GitHub `ghp_`,
GitLab `glpat-`, OpenAI `sk-proj-`...), a documented suffix (MaxMind `_mmk`),
or a fixed structure (a JWT, `{app-id}|{secret}`). Shorthands `<B62>`,
`<HEX>`, `<B64U>`, `<UUID>` stand for the usual character classes.

One regex of all keywords screens a line, so a clean line costs a single
pass; only the formats whose keyword is on the line then run. A value that
only stands in for a token (`ghp_xxxx…`, `AKIAXXXXXXXXXXXXXXXX`) is never
reported: the placeholder model judges the part after the vendor's prefix,
or the pattern's `secret` group; a part after the prefix made of words
(`gloas-checking_Length-Is-…`) stands in too. Beside the keyword formats, HTTP Basic
credentials written as base64 (RFC 7617) are recognised by decoding.
"""

from __future__ import annotations

import base64
import binascii
import functools
import json
import re
from pathlib import Path
from typing import NamedTuple

from sot_lint.leaks.placeholder import cut_short, is_placeholder, is_worded

DATA = Path(__file__).with_name("formats.json")


class Format(NamedTuple):
    vendor: str
    kind: str  # what the finding calls it: "GitHub personal access token"
    keyword: str  # a literal every match contains (the screen)
    pattern: str  # the whole token; `(?<!…)` and `(?!…)` token boundaries are added
    prefix: str = ""  # what precedes the secret part (for the placeholder test)
    check: str = ""  # a structural test beyond the regex (see `_CHECKS`)


_SHORTHANDS = {
    "<B62>": "[A-Za-z0-9]",
    "<HEX>": "[a-f0-9]",
    "<B64U>": r"[A-Za-z0-9_\-]",
    "<UUID>": "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
}
_SHORTHAND = re.compile("|".join(re.escape(name) for name in _SHORTHANDS))


def _expand(pattern: str) -> str:
    return _SHORTHAND.sub(lambda match: _SHORTHANDS[match.group(0)], pattern)


def _format(entry: dict[str, str]) -> Format:
    keyword = entry["keyword"]
    if "body" in entry:
        pattern, prefix = re.escape(keyword) + _expand(entry["body"]), keyword
    else:
        pattern, prefix = _expand(entry["pattern"]), entry.get("prefix", "")
    return Format(entry["vendor"], entry["kind"], keyword, pattern, prefix, entry.get("check", ""))


def load(path: Path = DATA) -> tuple[Format, ...]:
    """Every format in the data file, in its order."""
    return tuple(_format(entry) for entry in json.loads(path.read_text("utf-8")))


FORMATS: tuple[Format, ...] = load()


def _b64_json_object(part: str) -> bool:
    """`part` is base64url of a JSON object (a JWT header), padding optional."""
    try:
        text = base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)).decode("utf-8")
        return isinstance(json.loads(text), dict)
    except (binascii.Error, ValueError):
        return False


def _jwt(value: str) -> bool:
    """A signed token passes on its shape; an unsecured one (no signature) needs a real JSON header."""
    parts = value.split(".")
    return (len(parts) == 3 and len(parts[2]) >= 10) or _b64_json_object(parts[0])


_CHECKS = {"jwt": _jwt}


class _Screen(NamedTuple):
    regex: re.Pattern[str]
    by_keyword: dict[str, tuple[Format, ...]]
    rank: dict[str, int]  # a keyword's place in the data file


@functools.cache
def _compiled(pattern: str) -> re.Pattern[str]:
    """A format's regex, compiled the first time its keyword is seen (most never are)."""
    return re.compile(rf"(?<![A-Za-z0-9_./+-]){pattern}(?![A-Za-z0-9_])")


def _trie(words: list[str]) -> str:
    """One regex of `words` shaped as a trie: `re` tries a flat alternation of 200
    literals at every position (about 1 µs a character); a trie fails on the first
    character that no word continues with (about 50 ns)."""
    root: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:  # type: ignore[type-arg]
        branches = [re.escape(char) + emit(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(root)


@functools.cache
def _screen() -> _Screen:
    by_keyword: dict[str, list[Format]] = {}
    for fmt in FORMATS:
        by_keyword.setdefault(fmt.keyword, []).append(fmt)
    # The trie matches the longest keyword; a shorter one it starts with may still name the format.
    order = {keyword: index for index, keyword in enumerate(by_keyword)}

    def prefixes(keyword: str) -> list[str]:  # the keyword's own prefixes that are keywords too, in order
        return sorted(
            (keyword[:end] for end in range(1, len(keyword) + 1) if keyword[:end] in order), key=order.__getitem__
        )

    related = {
        keyword: tuple(fmt for prefix in prefixes(keyword) for fmt in by_keyword[prefix]) for keyword in by_keyword
    }
    return _Screen(re.compile(_trie(sorted(by_keyword))), related, order)


# Every format's match holds a run of 16+ token characters (or one of the
# spaced keywords), so one cheap scan for such runs screens a whole text.
_DIGIT = re.compile(r"\d")
RUN_CHARACTERS = r"[A-Za-z0-9_\-./+=~$:%!^@,]"
SPACED_KEYWORDS = ("PuTTY-User-Key",)
SCREEN = re.compile(rf"{RUN_CHARACTERS}{{16,}}|{'|'.join(map(re.escape, SPACED_KEYWORDS))}")
LONG_RUN = 20  # the shortest run `scan_line` hands on to `generated`
RUN = re.compile(rf"{RUN_CHARACTERS}{{16,}}")  # SCREEN without the keywords, for a scan that finds those apart
# RFC 7617 credentials, `base64(user ":" password)`, written without their `Authorization: Basic` header.
_BASE64 = re.compile(r"(?<![A-Za-z0-9+/=])(?:[A-Za-z0-9+/]{4}){4,}(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?(?![\w+/=])")
_USER_PASSWORD = re.compile(r"[\w.@+-]{1,64}:(\S{4,128})")


def warm() -> None:
    """Compile the keyword screen now (about 40 ms), so forked workers inherit it instead of each building it."""
    _screen()


Found = tuple[str, str, str, int, int]  # (code, kind, value, start, end)


def _basic_credentials(text: str, offset: int) -> list[Found]:
    found: list[Found] = []
    for match in _BASE64.finditer(text):
        try:
            decoded = base64.b64decode(match.group(0), validate=True).decode("ascii")
        except (binascii.Error, ValueError):
            continue
        pair = _USER_PASSWORD.fullmatch(decoded)
        if pair is not None and decoded.isprintable() and not is_placeholder(pair.group(1)):
            start = offset + match.start()
            found.append(("SOT301", "base64 user and password", match.group(0), start, start + len(match.group(0))))
    return found


def scan_line(line: str, long_runs: list[tuple[int, int]] | None = None) -> list[Found]:
    """(code, kind, value, start, end) of every vendor token on `line`; placeholders left out.

    `long_runs`, when given, receives the (start, end) of every run of 20+
    token characters with a digit or a capital: where `generated` looks, so it
    need not read the line again.
    """
    screen = _screen()
    keywords: set[str] = set()
    found: list[Found] = []
    for run in SCREEN.finditer(line):
        text = run.group(0)
        if text.islower() and _DIGIT.search(text) is None:
            continue  # `apply-hermes-model-policy.py`: a name; every token has a digit or a capital
        if long_runs is not None and len(text) >= LONG_RUN:
            long_runs.append(run.span())
        keywords.update(match.group(0) for match in screen.regex.finditer(line, max(0, run.start() - 30), run.end()))
        if text[-1] == "=" or text.replace("+", "").replace("/", "").isalnum():  # base64, as far as C can tell
            found += _basic_credentials(text, run.start())
    # In the data file's order, not a set's: where two formats match one span (`sk-proj-…T3BlbkFJ…`),
    # the one listed first names the finding, the same in every run.
    for keyword in sorted(keywords, key=screen.rank.__getitem__) if len(keywords) > 1 else keywords:
        for fmt in screen.by_keyword[keyword]:
            for match in _compiled(fmt.pattern).finditer(line):
                value = match.group(0)
                masked = cut_short(line, match.start(), match.end())  # `xoxp-5723…-####`
                secret = match.groupdict().get("secret")
                if secret is None:
                    secret = value[len(fmt.prefix) :] if fmt.prefix and value.startswith(fmt.prefix) else ""
                    stand_in = is_placeholder(value, fmt.prefix) or is_worded(secret)
                else:
                    stand_in = is_placeholder(secret)
                if masked or stand_in or (fmt.check and not _CHECKS[fmt.check](value)):
                    continue
                found.append(("SOT301", fmt.kind, value, match.start(), match.end()))
    return found
