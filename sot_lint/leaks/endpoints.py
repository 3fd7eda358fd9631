"""sot-lint's own line detectors (SOT301-SOT306), judged by the reachability classes of `reach.py`.

A password in a URL is a secret (SOT301) whatever the host. `scan_line` is the one entry point:
a line of text in, hits with spans out, one hit per span in SPEC §8's order,
so the decoded scan view can feed decoded lines through it too. Every regex
here starts only where a token starts (a lookbehind bars the middle of a
run), so a hostile line costs linear time, and no input raises.
"""

from __future__ import annotations

import ipaddress
import re

from sot_lint.leaks import formats, generated, named
from sot_lint.leaks.reach import (
    _LABEL,
    _PRIVATE_SUFFIXES,
    LOOPBACK,
    PRIVATE,
    RESERVED,
    Allowlist,
    Hit,
    Sensitive,
    _public,
    host_class,
    ip_class,
    parse_ip,
)
from sot_lint.leaks.screens import ALL, FORMATS, NAMED, NEAR
from sot_lint.leaks.spans import one_per_span
from sot_lint.leaks.urls import credentials, endpoint_hit, urls
from sot_lint.leaks.values import assignments, local_paths

__all__ = ["ALL", "FORMATS", "NAMED", "NEAR", "Allowlist", "Hit", "Sensitive", "scan_line"]

# ---------------------------------------------------------------- addresses

_IPV4 = re.compile(r"(?<![\w.-])(\d{1,3}(?:\.\d{1,3}){3})(:\d{1,5})?(?!\.?[\w-])")
_IPV6 = re.compile(r"(?<![\w:.])(\[?)([0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7})(%[\w.]+)?(\]:\d{1,5})?(?![\w:])")


def _addresses(line: str, allow: Allowlist) -> list[Hit]:
    hits: list[Hit] = []
    for match in _IPV4.finditer(line) if "." in line else ():
        address = parse_ip(match.group(1))
        if address is None or allow.allows_address(match.group(1)):
            continue
        hit = _address_hit(
            "IPv4 address", address, match.group(0), match.start(), port=bool(match.group(2)), allow=allow
        )
        if hit is not None:
            hits.append(hit)
    for match in _IPV6.finditer(line) if line.count(":") >= 2 else ():
        text = match.group(2)
        if (text.count(":") < 7 and "::" not in text) or not any(c not in ":" for c in text):
            continue
        address = parse_ip(text)
        if address is None or allow.allows_address(text):
            continue
        port = bool(match.group(4))
        value = match.group(0) if port or not match.group(1) else match.group(0)[1:]
        start = match.start() if port or not match.group(1) else match.start() + 1
        hit = _address_hit("IPv6 address", address, value, start, port=port, allow=allow)
        if hit is not None:
            hits.append(hit)
    return hits


def _address_hit(
    kind: str,
    address: ipaddress.IPv4Address | ipaddress.IPv6Address,
    value: str,
    start: int,
    *,
    port: bool,
    allow: Allowlist,
) -> Hit | None:
    cls = ip_class(address)
    end = start + len(value)
    if cls == RESERVED:
        return None
    if cls == LOOPBACK:
        return Hit("SOT303", "loopback endpoint", value, start, end, warning=True) if port else None
    if cls == PRIVATE:
        return Hit("SOT303", f"private {kind}", value, start, end)
    if not port:
        return None  # a bare public address: `Section 4.2.1.3`, `JRuby 9.4.8.0`
    return _public("SOT303", f"public {kind} endpoint", value, start, endpoint=True, allow=allow)


# ---------------------------------------------------------------- host names

_PRIVATE_HOST = re.compile(  # lowercase only: `t.Local` and `TIME.Local` are code
    rf"(?<![\w.-])((?:{_LABEL}\.)+(?:ts\.net|internal|local|lan|corp|home\.arpa|intranet|localdomain))(:\d{{1,5}})?(?![\w-])"
)
_COLON_DIGIT = re.compile(r":\d")
_HOST_PORT = re.compile(rf"(?<![\w.@/:-])((?:{_LABEL}\.)+([A-Za-z]{{2,63}})):(\d{{2,5}})(?![\w.:])")
_SINGLE_HOST_PORT = re.compile(r"(?<![\w.@/:$%-])([A-Za-z][A-Za-z0-9-]{0,62}):(\d{4,5})(?![\w.:/-])")
_UNC = re.compile(r"(?<![\w\\])\\\\([A-Za-z][\w.-]{1,62})\\[\w$.-]+(?:\\[^\s\\`'\"<>|]+)*")
# A dotted name ending like a file, not a host: `RECORD.md:24` is a path and a line.
_FILE_SUFFIXES = frozenset(
    {
        "md", "markdown", "json", "yaml", "yml", "toml", "txt", "py", "js", "ts", "sh", "go", "rs", "java", "rb",
        "html", "css", "log", "cfg", "ini", "lock", "csv", "xml", "pdf", "png", "c", "h", "cpp", "kt", "tsx",
        "jsx", "swift", "php", "scala", "ex", "exs", "erl", "hs", "ml", "cs", "vue", "svelte", "sql", "proto",
    }
)  # fmt: skip


def _hosts(line: str, allow: Allowlist) -> list[Hit]:
    hits: list[Hit] = []
    private = any(suffix in line for suffix in _PRIVATE_SUFFIXES)
    for match in _PRIVATE_HOST.finditer(line) if private else ():
        host = match.group(1)
        if host != host.lower() or allow.allows_host(host):
            continue  # `t.Local`, `TIME.Local`: code, not a host name
        kind = "tailnet host name" if host.endswith(".ts.net") else "private host name"
        hits.append(Hit("SOT304", kind, match.group(0), match.start(), match.end()))
    for match in allow.internal_host.finditer(line) if allow.internal_domains else ():
        host = match.group(0).split(":")[0]
        if not allow.allows_host(host):
            hits.append(Hit("SOT304", "internal host name", match.group(0), match.start(), match.end()))
    ported = _COLON_DIGIT.search(line) is not None
    for match in _HOST_PORT.finditer(line) if ported else ():
        host, suffix = match.group(1), match.group(2).lower()
        if suffix in _FILE_SUFFIXES or not 0 < int(match.group(3)) <= 65535:
            continue
        hit = endpoint_hit("SOT302", match.group(0), match.start(), host, port=True, path="", allow=allow, url=False)
        if hit is not None:
            hits.append(hit)
    for match in _SINGLE_HOST_PORT.finditer(line) if ported else ():
        host, port = match.group(1), int(match.group(2))
        if not 1024 <= port <= 65535 or not any(c.isalpha() for c in host):
            continue
        hit = endpoint_hit("SOT302", match.group(0), match.start(), host, port=True, path="", allow=allow, url=False)
        if hit is not None:
            hits.append(hit)
    for match in _UNC.finditer(line) if "\\\\" in line else ():
        if host_class(match.group(1), allow) != RESERVED:
            hits.append(Hit("SOT304", "file share path", match.group(0), match.start(), match.end()))
    return hits


# ---------------------------------------------------------------- one line

_DEFAULT_ALLOW, _DEFAULT_SENSITIVE = Allowlist(), Sensitive()


def scan_line(
    text: str, allow: Allowlist = _DEFAULT_ALLOW, sensitive: Sensitive = _DEFAULT_SENSITIVE, families: int = ALL
) -> list[Hit]:
    """Leaks on one line, one per span: SPEC §8's order of codes first, then the longest.

    `families` (from `screens`) leaves out detectors whose screen found nothing on the line.
    """
    candidates: list[Hit] = []
    long_runs: list[tuple[int, int]] = []
    if families & FORMATS:
        candidates += (Hit(*found) for found in formats.scan_line(text, long_runs))
    if families & NAMED:
        candidates += (Hit(*found) for found in named.scan_line(text))
    if long_runs:  # after formats and names: a span either claims is theirs (`one_per_span` keeps the first)
        candidates += (Hit(*found) for found in generated.scan_line(text, long_runs))
    if families & NEAR:
        candidates += [
            *credentials(text, allow),
            *assignments(text, sensitive),
            *urls(text, allow),
            *_addresses(text, allow),
            *_hosts(text, allow),
            *local_paths(text),
        ]
    return [hit for hit in one_per_span(candidates) if not allow.allows_value(hit.value)]
