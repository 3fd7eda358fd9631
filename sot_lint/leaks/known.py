"""Known values: the real values of sensitive variables, searched for literally (SOT307).

Pattern detectors cannot tell `gpu-node-07.acme-infra.io` from any public
host, but the committer's machine usually has the real value in its
environment (or in a local `.env` the runtime reads). Every value, and for a
URL its host, `host:port` and address, is searched for in the scanned text.
The values live in memory only: they are never printed, cached or logged.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import NamedTuple

MINIMUM_LENGTH = 8
TOO_COMMON = frozenset(
    {
        "localhost", "127.0.0.1", "0.0.0.0", "::1", "true", "false", "none", "null",
        "http://localhost", "https://localhost", "example.com", "changeme", "password",
    }
)  # fmt: skip
_ASSIGNMENT = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$")


class KnownValue(NamedTuple):
    """A string that must not appear, and the variable it belongs to (the name may be printed)."""

    name: str
    needle: str


def is_sensitive(name: str, names: Iterable[str], suffixes: Iterable[str]) -> bool:
    return name in set(names) or name.endswith(tuple(suffixes))


def _meaningful(text: str) -> bool:
    return len(text) >= MINIMUM_LENGTH and text.casefold() not in TOO_COMMON


def needles(value: str) -> set[str]:
    """The value, and for a URL its host, host:port and network location."""
    value = value.strip()
    found = {value}
    try:
        parsed = urllib.parse.urlsplit(value) if "://" in value else None
    except ValueError:  # `http://[fd00::1`: not a URL urllib reads, still a value to find
        parsed = None
    if parsed is not None and parsed.hostname and parsed.hostname.casefold() in TOO_COMMON:
        return set()  # a loopback URL names no machine of anyone's
    if parsed is not None and parsed.hostname:
        found.add(parsed.hostname)
        try:
            port = parsed.port
        except ValueError:
            port = None
        if port is not None:
            found.add(f"{parsed.hostname}:{port}")
        found.add(parsed.netloc.rsplit("@", 1)[-1])
    return {needle for needle in found if _meaningful(needle)}


def parse_env_file(text: str) -> dict[str, str]:
    """`KEY=value` lines of a dotenv file, read as data (nothing is expanded or run)."""
    values: dict[str, str] = {}
    for line in text.splitlines():
        if line.lstrip().startswith("#"):
            continue
        match = _ASSIGNMENT.match(line)
        if match is None:
            continue
        name, raw = match.groups()
        quoted = len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "'\""
        values[name] = raw[1:-1] if quoted else raw.split(" #", 1)[0].strip()
    return values


def collect(
    environ: Mapping[str, str], env_files: Iterable[Path], names: Iterable[str], suffixes: Iterable[str]
) -> tuple[KnownValue, ...]:
    """Known values of the sensitive variables in the environment and the named env files."""
    sources: list[Mapping[str, str]] = [environ]
    for path in env_files:
        try:
            sources.append(parse_env_file(path.expanduser().read_text("utf-8", "replace")))
        except OSError:
            continue
    names, suffixes = tuple(names), tuple(suffixes)
    found: dict[str, str] = {}
    for source in sources:
        for name, value in source.items():
            if value and is_sensitive(name, names, suffixes):
                for needle in needles(value):
                    found.setdefault(needle, name)
    return tuple(sorted((KnownValue(name, needle) for needle, name in found.items()), key=lambda k: -len(k.needle)))


def find(lines: Iterable[str], known: tuple[KnownValue, ...]) -> Iterator[tuple[int, int, KnownValue]]:
    """(1-based line, 1-based column, value) for each line holding a known value (the longest one)."""
    if not known:
        return
    folded = [(k, k.needle.casefold()) for k in known]
    for number, line in enumerate(lines, start=1):
        lowered = line.casefold()
        for value, needle in folded:
            index = lowered.find(needle)
            if index >= 0:
                yield number, index + 1, value
                break
