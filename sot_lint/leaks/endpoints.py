"""sot-lint's own line detectors (SOT301-SOT306) and the endpoint policy of SPEC §8.

Every host or address is put in one reachability class: documentation /
reserved (never a finding), loopback (a warning when it carries a port),
private infrastructure (an error), public (a web link is nothing; a service
endpoint is a warning; `leaks.public-urls` changes that). A password in a URL
is a secret (SOT301) whatever the host. `scan_line` is the one entry point:
a line of text in, hits with spans out, one hit per span in SPEC §8's order,
so the decoded scan view can feed decoded lines through it too. Every regex
here starts only where a token starts (a lookbehind bars the middle of a
run), so a hostile line costs linear time, and no input raises.
"""

from __future__ import annotations

import bisect
import functools
import ipaddress
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple, Protocol, TypeVar

from sot_lint.leaks import formats, named
from sot_lint.leaks.placeholder import is_placeholder


class Hit(NamedTuple):
    code: str
    kind: str
    value: str  # the detected text; callers redact it and never log it
    start: int
    end: int
    warning: bool = False  # lowered to a warning by its reachability class


PUBLIC_URLS = ("off", "endpoints", "all", "error")


@dataclass(frozen=True)
class Allowlist:
    """What the repository allows, and how it classes public and internal hosts."""

    hosts: tuple[str, ...] = ()  # exact names, or "*.example.com"
    addresses: tuple[str, ...] = ()  # addresses or networks, e.g. "192.0.2.0/24"
    patterns: tuple[str, ...] = ()  # regexes a value may fullmatch
    public_urls: str = "endpoints"  # off | endpoints | all | error
    internal_domains: tuple[str, ...] = ()  # suffixes of private infrastructure

    def __post_init__(self) -> None:
        formats.warm()  # built once per run, before a large audit forks its workers

    def allows_host(self, host: str) -> bool:
        host = host.lower().rstrip(".")
        for pattern in (allowed.lower() for allowed in self.hosts):
            if host == pattern or (pattern.startswith("*.") and host.endswith(pattern[1:])):
                return True
        return self.allows_address(host)

    def allows_address(self, text: str) -> bool:
        address = parse_ip(text)
        if address is None:
            return False
        return any(address in ipaddress.ip_network(net, strict=False) for net in self.addresses)

    def allows_value(self, value: str) -> bool:
        return any(re.fullmatch(pattern, value) for pattern in self.patterns)

    def is_internal(self, host: str) -> bool:
        host = host.lower().rstrip(".")
        return any(
            host == d.lower().strip(".") or host.endswith("." + d.lower().strip(".")) for d in self.internal_domains
        )

    @functools.cached_property
    def internal_host(self) -> re.Pattern[str]:
        """A name under one of `internal_domains`, written anywhere."""
        suffixes = [re.escape(d.strip(".")) for d in self.internal_domains if d.strip(".")]
        if not suffixes:
            return re.compile(r"(?!)")
        return re.compile(
            rf"(?<![\w.-])(?:(?:{_LABEL}\.)*(?:{'|'.join(suffixes)}))(?::\d{{1,5}})?(?![\w-])", re.IGNORECASE
        )


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


# ---------------------------------------------------------------- classes

RESERVED, LOOPBACK, PRIVATE, PUBLIC = "reserved", "loopback", "private", "public"

_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_PRIVATE_SUFFIXES = ("ts.net", "internal", "local", "lan", "corp", "home.arpa", "intranet", "localdomain")
_RESERVED_NAMES = ("example.com", "example.net", "example.org", "example.edu")
_RESERVED_SUFFIXES = ("example", "test", "invalid", "localhost")
_DOCUMENTATION_NETS = tuple(
    ipaddress.ip_network(net)
    for net in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32", "0.0.0.0/8", "240.0.0.0/4")
)
_TAILNET = ipaddress.ip_network("100.64.0.0/10")
_ULA = ipaddress.ip_network("fc00::/7")
# Single labels that stand for "a host" in documentation: `http://host:8080`.
_STAND_IN_HOSTS = frozenset(
    {
        "host", "hostname", "server", "servername", "domain", "yourdomain", "your-domain", "myhost", "my-host",
        "myserver", "my-server", "yourhost", "your-host", "your-server", "machine", "ip", "address", "addr",
        "node", "service", "container", "app", "proxy", "remote", "target", "name", "port", "url", "endpoint",
    }
)  # fmt: skip


def parse_ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """An address, leading zeros allowed (`010.001.002.003` is 10.1.2.3 to most resolvers); None if not one."""
    text = text.strip("[]").split("%")[0]
    parts = text.split(".")
    if len(parts) == 4 and all(p.isdigit() and len(p) <= 3 for p in parts):
        numbers = [int(p) for p in parts]
        return ipaddress.IPv4Address(bytes(numbers)) if all(n <= 255 for n in numbers) else None
    if ":" not in text:
        return None
    try:
        return ipaddress.IPv6Address(text)
    except ValueError:
        return None


def ip_class(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    if any(address.version == net.version and address in net for net in _DOCUMENTATION_NETS):
        return RESERVED
    if address.is_unspecified or address.is_multicast:
        return RESERVED
    if address.is_loopback:
        return LOOPBACK
    if isinstance(address, ipaddress.IPv4Address) and address in _TAILNET:
        return PRIVATE
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return ip_class(address.ipv4_mapped)
    if address.is_private or address.is_link_local or (address.version == 6 and address in _ULA):
        return PRIVATE
    if address.is_reserved:
        return RESERVED
    return PUBLIC


def host_class(host: str, allow: Allowlist, strict_case: bool = False) -> str:
    """The reachability class of a host name or address; `strict_case` for names found bare in text."""
    host = host.rstrip(".")
    address = parse_ip(host)
    if address is not None:
        return RESERVED if allow.allows_address(host) else ip_class(address)
    lower = host.lower()
    if not lower or allow.allows_host(lower):
        return RESERVED
    if lower == "localhost" or lower.startswith("localhost."):
        return LOOPBACK
    if lower in _RESERVED_NAMES or lower.endswith(tuple("." + name for name in _RESERVED_NAMES)):
        return RESERVED
    if lower.endswith(tuple("." + suffix for suffix in _RESERVED_SUFFIXES)) or lower in _RESERVED_SUFFIXES:
        return RESERVED
    if allow.is_internal(lower):
        return PRIVATE
    if lower.endswith(tuple("." + suffix for suffix in _PRIVATE_SUFFIXES)):
        return PRIVATE if (host == lower or not strict_case) else PUBLIC
    if "." not in lower:
        return RESERVED if lower in _STAND_IN_HOSTS or is_placeholder(host) else PRIVATE
    return PUBLIC


def _public(code: str, kind: str, value: str, start: int, *, endpoint: bool, allow: Allowlist) -> Hit | None:
    """A public URL or endpoint as `leaks.public-urls` says."""
    mode = allow.public_urls
    if mode == "off" or (mode == "endpoints" and not endpoint):
        return None
    return Hit(code, kind, value, start, start + len(value), warning=mode != "error")


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


def _urls(line: str, allow: Allowlist) -> list[Hit]:
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
        hit = _endpoint_hit("SOT302", value, start, host, port=bool(parts.port), path=parts.path, allow=allow, url=True)
        if hit is not None:
            hits.append(hit)
    return hits


def _endpoint_hit(
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


def _credentials(line: str, allow: Allowlist) -> list[Hit]:
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
        hit = _endpoint_hit("SOT302", value, match.start(), match.group(1), port=True, path="", allow=allow, url=False)
        if hit is not None:
            hits.append(hit)
    return hits


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
        hit = _endpoint_hit("SOT302", match.group(0), match.start(), host, port=True, path="", allow=allow, url=False)
        if hit is not None:
            hits.append(hit)
    for match in _SINGLE_HOST_PORT.finditer(line) if ported else ():
        host, port = match.group(1), int(match.group(2))
        if not 1024 <= port <= 65535 or not any(c.isalpha() for c in host):
            continue
        hit = _endpoint_hit("SOT302", match.group(0), match.start(), host, port=True, path="", allow=allow, url=False)
        if hit is not None:
            hits.append(hit)
    for match in _UNC.finditer(line) if "\\\\" in line else ():
        if host_class(match.group(1), allow) != RESERVED:
            hits.append(Hit("SOT304", "file share path", match.group(0), match.start(), match.end()))
    return hits


# ---------------------------------------------------------------- sensitive assignments

_NAME = re.compile(r"(?<![A-Za-z0-9_])[A-Z][A-Z0-9_]*")


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
    while end > index and line[end - 1] in ".,;:!?":
        end -= 1
    return (index, end, False) if end > index else None


def _assignments(line: str, sensitive: Sensitive) -> list[Hit]:
    hits: list[Hit] = []
    if sensitive.trigger.search(line) is None:
        return hits
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
        if not value.strip() or is_placeholder(value):
            continue
        if assignment == ":" and not quoted and not re.search(r"[/.:@\d]", value):
            continue  # `NAME: required at runtime` is prose, not a value
        hits.append(Hit("SOT305", "value of a sensitive variable", value, start, end))
    return hits


# ---------------------------------------------------------------- local paths

_LOCAL_PATH = re.compile(
    r"(?<![\w.~/\\-])(?:/home/|/Users/|/root/|/mnt/[a-z]/Users/|[A-Za-z]:\\Users\\)[^\s`'\"<>|,;()\[\]{}]+"
)
_STAND_IN_USERS = frozenset(
    {"user", "username", "you", "yourname", "your-name", "your_user", "youruser", "me", "name", "foo", "example",
     "someone", "myuser", "runner", "ubuntu", "ec2-user", "vagrant",
     "<user>", "<username>", "$user", "${user}", "%username%", "shared", "public", "default", "admin"}
)  # fmt: skip


def _paths(line: str) -> list[Hit]:
    hits: list[Hit] = []
    if "/home/" not in line and "/Users/" not in line and "\\Users\\" not in line and "/root/" not in line:
        return hits
    for match in _LOCAL_PATH.finditer(line):
        value = match.group(0).rstrip(".,;:!?")
        rest = re.split(r"/home/|/Users/|\\Users\\|/root/", value, maxsplit=1)[-1]
        user = re.split(r"[/\\]", rest, maxsplit=1)[0].lower()
        if "/root/" not in value[:7] and (user in _STAND_IN_USERS or is_placeholder(user) or not user):
            continue
        hits.append(Hit("SOT306", "local user path", value, match.start(), match.start() + len(value)))
    return hits


# ---------------------------------------------------------------- one line

# Something a detector needs on a line (the assignment detector's needs are the
# sensitive names, in Sensitive.trigger; the token formats have their own screen).
_TRIGGER = re.compile(
    r"//|\d\.\d|:[0-9A-Fa-f]{0,4}:|[A-Za-z]:\d{2}|@[\w-]+\.|\\\\|\.(?:ts\.net|internal|local|lan|corp|home\.arpa|intranet)"
    r"|/home/|/users/|\\users\\|/root/",
    re.IGNORECASE,
)

ORDER = {"SOT301": 0, "SOT307": 1, "SOT305": 2, "SOT302": 3, "SOT304": 4, "SOT303": 5, "SOT306": 6}


def candidate_lines(lines: Sequence[str], sensitive: Sensitive, allow: Allowlist | None = None) -> list[int]:
    """0-based indexes of the lines `scan_line` may find something on, from whole-text scans."""
    text = "\n".join(lines)
    starts = list(itertools.accumulate((len(line) + 1 for line in lines[:-1]), initial=0))
    screens = [_TRIGGER, sensitive.trigger, formats.SCREEN]
    if allow is not None and allow.internal_domains:
        screens.append(allow.internal_host)
    found: set[int] = set()
    for pattern in screens:  # after a hit, search on from the next line: one hit per line is enough
        position = 0
        while (match := pattern.search(text, position)) is not None:
            index = bisect.bisect_right(starts, match.start()) - 1
            found.add(index)
            if index + 1 >= len(starts):
                break
            position = starts[index + 1]
    folded = text.lower()
    if len(folded) != len(text):  # a character whose lower case is longer: compare line by line
        found |= {i for i, line in enumerate(lines) if any(s in line.lower() for s in named.LITERALS)}
        return sorted(found)
    for literal in named.LITERALS:
        position = folded.find(literal)
        while position >= 0:
            index = bisect.bisect_right(starts, position) - 1
            found.add(index)
            following = starts[index + 1] if index + 1 < len(starts) else len(folded)
            position = folded.find(literal, following)
    return sorted(found)


def scan_line(text: str, allow: Allowlist = Allowlist(), sensitive: Sensitive = Sensitive()) -> list[Hit]:
    """Leaks on one line, one per span: SPEC §8's order of codes first, then the longest."""
    candidates = [
        *(Hit(*found) for found in formats.scan_line(text)),
        *(Hit(*found) for found in named.scan_line(text)),
        *_credentials(text, allow),
        *_assignments(text, sensitive),
        *_urls(text, allow),
        *_addresses(text, allow),
        *_hosts(text, allow),
        *_paths(text),
    ]
    return [hit for hit in one_per_span(candidates) if not allow.allows_value(hit.value)]


_PRAGMA = re.compile(r"pragma:\s*allowlist[ -]secret", re.IGNORECASE)
_PRAGMA_NEXT = re.compile(r"pragma:\s*allowlist[ -]nextline[ -]secret", re.IGNORECASE)


def allowlisted(lines: Sequence[str], line: int) -> bool:
    """detect-secrets' own comments, honoured for sot-lint's secrets too: on the line, or `nextline` above it."""
    return bool(
        (0 < line <= len(lines) and _PRAGMA.search(lines[line - 1]))
        or (1 < line <= len(lines) + 1 and _PRAGMA_NEXT.search(lines[line - 2]))
    )


class _Spanned(Protocol):
    @property
    def code(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


Spanned = TypeVar("Spanned", bound=_Spanned)


def one_per_span(candidates: Iterable[Spanned]) -> list[Spanned]:
    """Non-overlapping hits, the higher code of SPEC §8 first, then the longest; sorted by start."""
    ranked = sorted(candidates, key=lambda hit: (ORDER.get(hit.code, 9), -(hit.end - hit.start), hit.start))
    chosen: list[Spanned] = []  # kept sorted by start; never overlapping, so ends are sorted too
    starts: list[int] = []
    for hit in ranked:
        index = bisect.bisect_left(starts, hit.start)
        before_ok = index == 0 or chosen[index - 1].end <= hit.start
        after_ok = index == len(chosen) or hit.end <= chosen[index].start
        if before_ok and after_ok:
            chosen.insert(index, hit)
            starts.insert(index, hit.start)
    return chosen
