"""sot-lint's own leak detectors (SOT302-SOT306): what detect-secrets does not look for.

URLs and `host:port` endpoints, IPv4 and IPv6 addresses, private and tailnet
host names, values given to sensitive variables, and absolute local user
paths. Every regex here starts only where a token starts (a lookbehind bars
the middle of a run), so a hostile line costs linear time.
"""

from __future__ import annotations

import bisect
import functools
import ipaddress
import itertools
import re
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple


class Hit(NamedTuple):
    code: str
    kind: str
    value: str  # the detected text; callers redact it and never log it
    start: int
    end: int


@dataclass(frozen=True)
class Allowlist:
    hosts: tuple[str, ...] = ()  # exact names, or "*.example.com"
    addresses: tuple[str, ...] = ()  # addresses or networks, e.g. "192.0.2.0/24"
    patterns: tuple[str, ...] = ()  # regexes a value may fullmatch

    def allows_host(self, host: str) -> bool:
        host = host.lower().rstrip(".")
        for pattern in (allowed.lower() for allowed in self.hosts):
            if host == pattern or (pattern.startswith("*.") and host.endswith(pattern[1:])):
                return True
        return self.allows_address(host)

    def allows_address(self, text: str) -> bool:
        try:
            address = ipaddress.ip_address(text.strip("[]").split("%")[0])
        except ValueError:
            return False
        return any(address in ipaddress.ip_network(net, strict=False) for net in self.addresses)

    def allows_value(self, value: str) -> bool:
        return any(re.fullmatch(pattern, value) for pattern in self.patterns)


@dataclass(frozen=True)
class Sensitive:
    names: tuple[str, ...] = ("CTO_HARNESS_CASE_LOCAL_BASE_URL",)
    suffixes: tuple[str, ...] = ("_BASE_URL", "_ENDPOINT", "_HOST", "_TOKEN", "_KEY", "_SECRET", "_PASSWORD")

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and (name in self.names or name.endswith(self.suffixes))

    @functools.cached_property
    def trigger(self) -> re.Pattern[str]:
        """Any line assigning a sensitive variable holds one of these literals."""
        literals = sorted({*self.names, *self.suffixes}, key=len, reverse=True)
        return re.compile("|".join(re.escape(literal) for literal in literals) or r"(?!)")


_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_PRIVATE_SUFFIX = r"(?:ts\.net|internal|local|lan|corp|home\.arpa|intranet)"
_URL = re.compile(r"(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{0,30}://[^\s`'\"<>()\[\]{}|\\^]+")
_IPV4 = re.compile(r"(?<![\w.-])(\d{1,3}(?:\.\d{1,3}){3})(?::\d{1,5})?(?!\.?[\w-])")
_IPV6 = re.compile(r"(?<![\w:.])([0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7})(%[\w.]+)?(?![\w:])")
_PRIVATE_HOST = re.compile(rf"(?<![\w.-])((?:{_LABEL}\.)+{_PRIVATE_SUFFIX})(?::\d{{1,5}})?(?![\w-])", re.IGNORECASE)
_LOCALHOST_PORT = re.compile(r"(?<![\w.-])localhost:\d{1,5}(?!\d)", re.IGNORECASE)
_HOST_PORT = re.compile(rf"(?<![\w.-])((?:{_LABEL}\.)+([A-Za-z]{{2,63}})):\d{{2,5}}(?![\w.:])")
_NAME = re.compile(r"(?<![A-Za-z0-9_])[A-Z][A-Z0-9_]*")
_LOCAL_PATH = re.compile(r"(?<![\w.~/\\-])(?:/home/|/Users/|/root/|[A-Za-z]:\\Users\\)[^\s`'\"<>|,;()\[\]{}]+")
_PLACEHOLDER = re.compile(
    r"(?i)\A(?:|<[^>]*>|\$\{[^}]*\}|\$[A-Za-z_]\w*|\{\{[^}]*\}\}|\.{3}|…|x{3,}|\*+|changeme|redacted|none|null|unset)"
)
# A dotted name ending like a file, not a host: `RECORD.md:24` is a path and a line.
_FILE_SUFFIXES = frozenset(
    {
        "md", "markdown", "json", "yaml", "yml", "toml", "txt", "py", "js", "ts", "sh", "go", "rs",
        "html", "css", "log", "cfg", "ini", "lock", "csv", "xml", "pdf", "png",
    }
)  # fmt: skip
_TRAILING = ".,;:!?"
# Something every detector below needs on a line (the assignment detector's needs
# are the sensitive names, in Sensitive.trigger).
_TRIGGER = re.compile(
    r"://|\d\.\d|:[0-9A-Fa-f]{0,4}:|localhost:|\.(?:ts\.net|internal|local|lan|corp|home\.arpa|intranet)"
    r"|/home/|/users/|\\users\\|/root/|[a-z]:\d",
    re.IGNORECASE,
)


def might_leak(text: str, sensitive: Sensitive = Sensitive()) -> bool:
    """False guarantees `scan_line` finds nothing on any line of `text`."""
    return _TRIGGER.search(text) is not None or sensitive.trigger.search(text) is not None


def candidate_lines(lines: Sequence[str], sensitive: Sensitive) -> list[int]:
    """0-based indexes of the lines `scan_line` may find something on, from two whole-text scans."""
    text = "\n".join(lines)
    starts = list(itertools.accumulate((len(line) + 1 for line in lines[:-1]), initial=0))
    found = {
        bisect.bisect_right(starts, match.start()) - 1
        for pattern in (_TRIGGER, sensitive.trigger)
        for match in pattern.finditer(text)
    }
    return sorted(found)


def _urls(line: str, allow: Allowlist) -> list[Hit]:
    hits = []
    for match in _URL.finditer(line):
        value = match.group(0).rstrip(_TRAILING)
        try:
            host = urllib.parse.urlsplit(value).hostname or ""
        except ValueError:  # a netloc NFKC would change (`host\uff0fv1`), an unclosed `[`: still a URL
            host = ""
        if value.endswith("://") or (host and allow.allows_host(host)):
            continue
        hits.append(Hit("SOT302", "URL", value, match.start(), match.start() + len(value)))
    return hits


def _addresses(line: str, allow: Allowlist) -> list[Hit]:
    hits = []
    for match in _IPV4.finditer(line):
        try:
            ipaddress.IPv4Address(match.group(1))
        except ValueError:
            continue
        if not allow.allows_address(match.group(1)):
            hits.append(Hit("SOT303", "IPv4 address", match.group(0), match.start(), match.end()))
    for match in _IPV6.finditer(line):
        text = match.group(1)
        if (text.count(":") < 7 and "::" not in text) or not any(c not in ":" for c in text):
            continue
        try:
            ipaddress.IPv6Address(text)
        except ValueError:
            continue
        if not allow.allows_address(text):
            hits.append(Hit("SOT303", "IPv6 address", match.group(0), match.start(), match.end()))
    return hits


def _hosts(line: str, allow: Allowlist) -> list[Hit]:
    hits = []
    for match in _PRIVATE_HOST.finditer(line):
        host = match.group(1)
        if not allow.allows_host(host):
            kind = "tailnet host name" if host.lower().endswith(".ts.net") else "private host name"
            hits.append(Hit("SOT304", kind, match.group(0), match.start(), match.end()))
    for match in _LOCALHOST_PORT.finditer(line):
        hits.append(Hit("SOT304", "localhost endpoint", match.group(0), match.start(), match.end()))
    for match in _HOST_PORT.finditer(line):
        host, suffix = match.group(1), match.group(2).lower()
        if suffix in _FILE_SUFFIXES or allow.allows_host(host):
            continue
        hits.append(Hit("SOT302", "host:port endpoint", match.group(0), match.start(), match.end()))
    return hits


def _assigned_value(line: str, position: int) -> tuple[int, int, bool] | None:
    """(start, end, quoted) of the value after `=` or `:` at `position`, or None."""
    index = position
    while index < len(line) and line[index] in " \t":
        index += 1
    if index >= len(line):
        return None
    opener = line[index]
    if opener in "`'\"":
        close = line.find(opener, index + 1)
        if close < 0:
            return None
        return index + 1, close, True
    end = index
    while end < len(line) and not line[end].isspace() and line[end] not in ",;)]}":
        end += 1
    while end > index and line[end - 1] in _TRAILING:
        end -= 1
    return (index, end, False) if end > index else None


def _assignments(line: str, sensitive: Sensitive) -> list[Hit]:
    hits = []
    consumed = 0  # a name inside a value already read is not read again: linear time
    for match in _NAME.finditer(line):
        if match.start() < consumed or match.group(0) not in sensitive:
            continue
        index = match.end()
        if index < len(line) and line[index] in "`'\"":
            index += 1
        while index < len(line) and line[index] in " \t":
            index += 1
        if index >= len(line) or line[index] not in "=:":
            continue
        assignment = line[index]
        span = _assigned_value(line, index + 1)
        if span is None:
            continue
        start, end, quoted = span
        consumed = end
        value = line[start:end]
        if not value.strip() or _PLACEHOLDER.fullmatch(value.strip()):
            continue
        if assignment == ":" and not quoted and not re.search(r"[/.:@\d]", value):
            continue  # `NAME: required at runtime` is prose, not a value
        hits.append(Hit("SOT305", "value of a sensitive variable", value, start, end))
    return hits


def _paths(line: str) -> list[Hit]:
    hits = []
    for match in _LOCAL_PATH.finditer(line):
        value = match.group(0).rstrip(_TRAILING)
        hits.append(Hit("SOT306", "local user path", value, match.start(), match.start() + len(value)))
    return hits


def scan_line(text: str, allow: Allowlist = Allowlist(), sensitive: Sensitive = Sensitive()) -> list[Hit]:
    """Leaks on one line, one per span: a sensitive assignment first, then the longest."""
    candidates = [
        *_assignments(text, sensitive),
        *_urls(text, allow),
        *_addresses(text, allow),
        *_hosts(text, allow),
        *_paths(text),
    ]
    candidates.sort(key=lambda hit: (hit.code != "SOT305", -(hit.end - hit.start), hit.start))
    chosen: list[Hit] = []  # kept sorted by start; never overlapping, so ends are sorted too
    for hit in candidates:
        if allow.allows_value(hit.value):
            continue
        index = bisect.bisect_left(chosen, hit.start, key=lambda other: other.start)
        before_ok = index == 0 or chosen[index - 1].end <= hit.start
        after_ok = index == len(chosen) or hit.end <= chosen[index].start
        if before_ok and after_ok:
            chosen.insert(index, hit)
    return chosen
