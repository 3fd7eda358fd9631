"""PLACEHOLDER until the endpoint detectors land (being written now); finds nothing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple


class Hit(NamedTuple):
    code: str
    kind: str
    value: str
    start: int
    end: int


@dataclass(frozen=True)
class Allowlist:
    hosts: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()


@dataclass(frozen=True)
class Sensitive:
    names: tuple[str, ...] = ("CTO_HARNESS_CASE_LOCAL_BASE_URL",)
    suffixes: tuple[str, ...] = ("_BASE_URL", "_ENDPOINT", "_HOST", "_TOKEN", "_KEY", "_SECRET", "_PASSWORD")


def scan_line(text: str, allow: Allowlist = Allowlist(), sensitive: Sensitive = Sensitive()) -> list[Hit]:
    return []


def might_leak(text: str) -> bool:
    return False
