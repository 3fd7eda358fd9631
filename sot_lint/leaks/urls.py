"""URLs and credentials written without a scheme (SOT301, SOT302), judged by reachability (`reach.py`).

A password in a URL's user part is a secret whatever the host; otherwise a
URL or an scp-style remote is an endpoint of its host's class. Every regex
here starts only where a token starts, so a hostile line costs linear time.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from sot_lint.leaks.placeholder import is_placeholder
from sot_lint.leaks.reach import _LABEL, LOOPBACK, PRIVATE, RESERVED, Allowlist, Hit, _public, host_class, parse_ip

# ---------------------------------------------------------------- URLs

_URL = re.compile(
    r"(?<![A-Za-z0-9+.-])(?:[A-Za-z][A-Za-z0-9+.-]{0,30}:)?//(?=[\w\[@%-])[^\s`'\"<>()\[\]{}|\\^]*"
    r"(?:\[[0-9A-Fa-f:.%\w]*\][^\s`'\"<>()\[\]{}|\\^]*)?"
)
_API_PATH = re.compile(
    r"(?i)/(?:v\d+(?:beta\d*|alpha\d*)?|api|apis|rpc|graphql|completions|chat|embeddings|inference|predict|generate)(?:/|\Z|\?)"
)
_TRAILING = ".,;:!?*_"
_PORT = re.compile(r"\d{1,5}")
_HOST_CHARS = re.compile(r"[A-Za-z0-9.:%_-]*")


class _Url(NamedTuple):
    scheme: str
    user: str
    password: str | None
    host: str
    port: str
    path: str


def split_url(value: str) -> _Url | None:
    """Parts of a URL without `urllib` (which raises on `http://[fd00::1` and full-width solidus)."""
    scheme, sep, rest = value.partition("//")
    if not sep:
        return None
    cut = min((i for i in (rest.find("/"), rest.find("?"), rest.find("#")) if i >= 0), default=len(rest))
    authority, path = rest[:cut], rest[cut:]
    userinfo, at, hostport = authority.rpartition("@")
    if not at:
        userinfo, hostport = "", authority
    user, colon, password = userinfo.partition(":")
    if hostport.startswith("["):
        close = hostport.find("]")
        host, port = (hostport[1:close], hostport[close + 2 :]) if close > 0 else (hostport[1:], "")
    else:
        host, _, port = hostport.partition(":")
    if port and not _PORT.fullmatch(port):
        port = ""
    host = _HOST_CHARS.match(host).group(0)  # type: ignore[union-attr]  # always matches, maybe empty
    return _Url(scheme.rstrip(":").lower(), user, password if colon else None, host, port, path)


def urls(line: str, allow: Allowlist) -> list[Hit]:
    hits: list[Hit] = []
    for match in _URL.finditer(line):
        value = match.group(0).rstrip(_TRAILING)
        start = match.start()
        parts = split_url(value)
        if parts is None:
            continue
        if parts.password and not is_placeholder(parts.password):
            hits.append(Hit("SOT301", "password in URL", value, start, start + len(value)))
            continue
        host = parts.host
        if not host or (not parts.scheme and "." not in host):
            continue  # `file:///path`, and `//comment` in code
        hit = endpoint_hit("SOT302", value, start, host, port=bool(parts.port), path=parts.path, allow=allow, url=True)
        if hit is not None:
            hits.append(hit)
    return hits


def endpoint_hit(
    code: str, value: str, start: int, host: str, *, port: bool, path: str, allow: Allowlist, url: bool
) -> Hit | None:
    cls = host_class(host, allow, strict_case=False)
    what = "URL" if url else "host:port endpoint"
    if cls == RESERVED:
        return None
    if cls == LOOPBACK:
        return Hit(code, f"loopback {what}", value, start, start + len(value), warning=True) if port else None
    if cls == PRIVATE:
        return Hit(code, f"private {what}", value, start, start + len(value))
    literal = parse_ip(host) is not None
    endpoint = port or literal or bool(_API_PATH.search(path))
    kind = f"public service {what}" if endpoint else f"public {what}"
    return _public(code, kind, value, start, endpoint=endpoint, allow=allow)


# ---------------------------------------------------------------- credentials without a scheme

# `redis:hunter2xyz@db.acme.io`, `git@gitlab.acme.io:team/repo.git`
_USER_PASS_HOST = re.compile(
    rf"(?<![\w.%+/:@-])([A-Za-z][\w.-]{{0,63}}):([^\s@/:'\"`<>]{{3,128}})@((?:{_LABEL}\.)+[A-Za-z]{{2,63}})(?![\w-])"
)
_SCP_REMOTE = re.compile(rf"(?<![\w.%+/:@-])[\w.-]{{1,64}}@((?:{_LABEL}\.)+[A-Za-z]{{2,63}}):(?!\d)[\w~./-]+")


def credentials(line: str, allow: Allowlist) -> list[Hit]:
    hits: list[Hit] = []
    if "@" not in line:
        return hits
    for match in _USER_PASS_HOST.finditer(line):
        user, password, host = match.groups()
        if user.lower() in ("mailto", "http", "https", "tel", "urn") or is_placeholder(password):
            continue
        if host_class(host, allow) == RESERVED and is_placeholder(user):
            continue
        hits.append(Hit("SOT301", "password in URL", match.group(0), match.start(), match.end()))
    for match in _SCP_REMOTE.finditer(line):
        value = match.group(0).rstrip(_TRAILING)
        hit = endpoint_hit("SOT302", value, match.start(), match.group(1), port=True, path="", allow=allow, url=False)
        if hit is not None:
            hits.append(hit)
    return hits
