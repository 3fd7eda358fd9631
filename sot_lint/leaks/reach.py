"""The reachability classes of SPEC §8: where a host or address leads, and what the settings make of it.

Every host or address is put in one class: documentation / reserved (never a
finding), loopback (a warning when it carries a port), private infrastructure
(an error: RFC 1918, tailnet, link-local, ULA, private suffixes, single-label
hosts with a scheme or port, the repository's `leaks.internal-domains`), or
public (a web link is nothing; a service endpoint is a warning;
`leaks.public-urls` changes that). The detectors in `endpoints.py` ask here.
"""

from __future__ import annotations

import functools
import ipaddress
import re
from dataclasses import dataclass
from typing import NamedTuple

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
