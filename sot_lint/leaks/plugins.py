"""Where gates come from: detect-secrets' own plugins, the shipped gates.json, the cache.

Building gates walks every plugin's regexes and needs detect-secrets
imported (about a tenth of a second). The gates for the pinned version ship
with the package, so a hook run never builds them; another installed version
builds them once and keeps them in the cache.
"""

from __future__ import annotations

import functools
import hashlib
import math
import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, Protocol

from sot_lint import __version__
from sot_lint.leaks import prefilter
from sot_lint.leaks.gates import SCANNED_AS, Gate, Source


class Store(Protocol):
    """Where built gates are kept between runs: the repository's cache (repo.cache.Cache), or nowhere."""

    def read(self, name: str) -> Any: ...

    def write(self, name: str, value: Any) -> None: ...


class NoStore:
    """Keeps nothing: gates are built again in every process that needs them."""

    def read(self, name: str) -> Any:
        return None

    def write(self, name: str, value: Any) -> None:
        return None


LEFT_TO_SOT303 = frozenset({"IPPublicDetector"})  # sot-lint's SOT303 knows private and tailnet ranges too


@functools.cache
def plugins() -> dict[str, Any]:
    """Every detect-secrets plugin but the public-IP one, configured in transient settings."""
    from detect_secrets.core.plugins.util import get_mapping_from_secret_type_to_class
    from detect_secrets.settings import get_plugins, transient_settings

    classes: list[Any] = list(get_mapping_from_secret_type_to_class().values())
    used = [{"name": cls.__name__} for cls in classes if cls.__name__ not in LEFT_TO_SOT303]
    with transient_settings({"plugins_used": used, "filters_used": []}):
        return {type(plugin).__name__: plugin for plugin in get_plugins()}


def _sources(patterns: Sequence[re.Pattern[str]]) -> tuple[Source, ...]:
    return tuple((p.pattern, p.flags) for p in patterns)


def _pattern_order(pattern: re.Pattern[str]) -> tuple[str, int]:
    return (pattern.pattern, pattern.flags)  # not str(): a pattern's repr is cut at 200 characters


def _multiline(patterns: Sequence[re.Pattern[str]]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p.pattern, p.flags | re.MULTILINE) for p in patterns)


def _gate(plugin: Any) -> Gate:
    gate = _gate_patterns(plugin)
    needs = tuple(prefilter.requirements(p, fold=bool(p.flags & re.IGNORECASE)) for p in gate.patterns)
    return replace(gate, needs=needs, anchors=tuple(_selective(prefilter.anchor(p)) for p in gate.patterns)).prepared()


# One-character starts that are rare in prose and JSON keys alike; any other single
# letter, digit or punctuation starts too many tries to beat a screened search.
_RARE_STARTS = frozenset("\"'[")


def _selective(anchor: prefilter.Anchor | None) -> prefilter.Anchor | None:
    """`anchor` when its strings are rare enough to try a match at each, else None (screen instead)."""
    if anchor is None or any(len(s) < 2 and s not in _RARE_STARTS for s in anchor[0]):
        return None
    return anchor


def _gate_patterns(plugin: Any) -> Gate:
    from detect_secrets.plugins.base import RegexBasedDetector
    from detect_secrets.plugins.high_entropy_strings import HighEntropyStringsPlugin
    from detect_secrets.plugins.keyword import (
        QUOTES_REQUIRED_DENYLIST_REGEX_TO_GROUP,
        REGEX_BY_FILETYPE,
        KeywordDetector,
    )
    from detect_secrets.util.filetype import determine_file_type

    name = type(plugin).__name__
    if isinstance(plugin, HighEntropyStringsPlugin):
        distinct = max(1, math.ceil(2 ** float(plugin.entropy_limit)))
        charset = re.escape(plugin.charset)
        coarse = re.compile(rf"""(['"])[{charset}]{{{distinct},}}\1""", re.MULTILINE)
        return Gate(name, _sources([coarse]), (plugin.regex.pattern, plugin.regex.flags), distinct)
    if isinstance(plugin, RegexBasedDetector):
        return Gate(name, _sources(_multiline(list(plugin.denylist))))
    if isinstance(plugin, KeywordDetector):  # only the tables of the file types sot-lint scans as
        default = QUOTES_REQUIRED_DENYLIST_REGEX_TO_GROUP
        tables = [REGEX_BY_FILETYPE.get(determine_file_type(scanned), default) for scanned in SCANNED_AS]
        keyword = sorted({regex for table in tables for regex in table}, key=_pattern_order)
        return Gate(name, _sources(_multiline(keyword)))
    return Gate(name, (("^", re.MULTILINE),))  # a plugin we cannot gate sees every line


def _installed() -> tuple[str, str] | None:
    """(location, version) of the installed detect-secrets, found without importing it."""
    import importlib.util

    spec = importlib.util.find_spec("detect_secrets")
    if spec is None or spec.origin is None:
        return None
    try:
        text = (Path(spec.origin).parent / "__version__.py").read_text("utf-8")
    except OSError:
        return None
    match = re.search(r"""VERSION\s*=\s*['"]([^'"]+)['"]""", text)
    return (spec.origin, match.group(1)) if match else None


def _gate_key(installed: tuple[str, str]) -> str:
    """Names the gate cache entry after the installed detect-secrets."""
    origin, version = installed
    try:
        stamp = (Path(origin).parent / "plugins").stat().st_mtime_ns
    except OSError:
        stamp = 0
    return "gates-" + hashlib.sha256(f"{__version__}|{origin}|{version}|{stamp}".encode()).hexdigest()[:16] + ".json"


SHIPPED = "gates.json"  # gates for the detect-secrets version pinned in pyproject.toml, next to this module


def shipped_gates() -> dict[str, Any] | None:
    """The gates shipped with sot-lint: {"detect_secrets": version, "gates": [...]}, or None."""
    import json

    try:
        data = json.loads((Path(__file__).parent / SHIPPED).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def built_gates() -> list[dict[str, Any]]:
    """Gates built from the installed detect-secrets (imports it), as stored."""
    return [_gate(plugin).describe() for plugin in plugins().values()]


def _described(stored: Any, trusted: bool = False) -> tuple[Gate, ...] | None:
    """Gates from their stored description; None when it is missing or unusable.

    The shipped gates are `trusted` (a test keeps them equal to the built
    ones) and compile as lines need them; cached ones are compiled here.
    """
    if not isinstance(stored, list):
        return None
    try:
        gates = tuple(Gate.from_description(item) for item in stored)
        if not trusted:
            for gate in gates:
                _ = (gate.patterns, gate.runs)
        return gates
    except (TypeError, ValueError, KeyError, IndexError, re.error):
        return None


def load_gates(cache: Store) -> tuple[Gate, ...]:
    """Shipped gates when they fit the installed detect-secrets, else cached ones, else built.

    The shipped file spares every hook run importing detect-secrets and
    walking its regexes; a test keeps it equal to what `built_gates` gives.
    """
    installed = _installed()
    shipped = shipped_gates()
    if installed is not None and shipped is not None and shipped.get("detect_secrets") == installed[1]:
        gates = _described(shipped.get("gates"), trusted=True)
        if gates is not None:
            return gates
    key = _gate_key(installed) if installed is not None else None
    gates = _described(cache.read(key)) if key is not None else None
    if gates is not None:
        return gates
    described = built_gates()
    if key is not None:
        cache.write(key, described)
    return tuple(Gate.from_description(item) for item in described)
