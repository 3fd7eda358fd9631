"""Leak scanning (SOT301-SOT306): secrets, endpoints, addresses, local paths.

Everything a detector finds is a `Leak` that carries its raw value only so the
linter can redact it from every message; reporters only ever see labels.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from sot_lint.config import Config
from sot_lint.leaks import endpoints, known, named, secrets
from sot_lint.leaks.memo import LineMemo
from sot_lint.leaks.placeholder import is_placeholder
from sot_lint.leaks.redact import label, scrub
from sot_lint.parse.document import Document
from sot_lint.repo.cache import Cache

_JSON_PAIR = re.compile(r'"((?:[^"\\]|\\.)*)"\s*:\s*"((?:[^"\\]|\\.)*)"')


class Leak(NamedTuple):
    """One detected value. `value` never leaves the process: it is only used to redact."""

    code: str
    kind: str
    value: str
    line: int
    column: int
    hashed: str
    warning: bool = False  # lowered to a warning by its reachability class (SPEC §8)

    @property
    def start(self) -> int:
        return self.column

    @property
    def end(self) -> int:
        return self.column + max(len(self.value), 1)


def _sha1(value: str) -> str:
    """detect-secrets' hash of a secret, so baselines match named-field secrets too."""
    return hashlib.sha1(value.encode("utf-8", "surrogatepass")).hexdigest()


def _column(line: str, value: str) -> int:
    index = line.find(value)
    return index + 1 if index >= 0 else 1


@dataclass(frozen=True)
class Scanner:
    """Leak detectors configured once per run."""

    allow: endpoints.Allowlist
    sensitive: endpoints.Sensitive
    baseline: frozenset[tuple[str, str]] = frozenset()
    cache: Cache = field(default_factory=lambda: Cache(None))
    known: tuple[known.KnownValue, ...] = field(default=(), repr=False)
    _endpoint_hits: LineMemo[tuple[endpoints.Hit, ...]] = field(default_factory=LineMemo, repr=False, compare=False)

    @classmethod
    def from_config(
        cls,
        config: Config,
        baseline: frozenset[tuple[str, str]] = frozenset(),
        cache: Cache | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> Scanner:
        """Detectors for `config`; known values come from `environ` (default: none) and env files."""
        allow = endpoints.Allowlist(
            config.allow_hosts,
            config.allow_addresses,
            config.allow_patterns,
            config.public_urls,
            config.internal_domains,
        )
        sensitive = endpoints.Sensitive(config.sensitive_env, config.sensitive_suffixes)
        files = [Path(name) for name in config.env_files]
        values = known.collect(environ or {}, files, config.sensitive_env, config.sensitive_suffixes)
        return cls(allow, sensitive, baseline, cache or Cache(None), values)

    @property
    def fingerprint(self) -> str:
        """What changes results, for the result cache: never a value itself, only a digest."""
        digest = hashlib.sha256("\0".join(f"{k.name}={k.needle}" for k in self.known).encode()).hexdigest()
        return repr((self.allow, self.sensitive, sorted(self.baseline), digest))

    def scan(self, doc: Document, rel: str) -> list[Leak]:
        """Every leak in `doc`, in line order; `rel` is its path for baseline matching."""
        if not doc.lines:
            return []
        found: dict[tuple[int, str], Leak] = {}
        for leak in (*self._known(doc), *self._secrets(doc), *self._named(doc), *self._endpoints(doc)):
            if leak.code == "SOT301" and (
                (rel, leak.hashed) in self.baseline
                or endpoints.allowlisted(doc.lines, leak.line)
                or is_placeholder(leak.value)
            ):
                continue
            found.setdefault((leak.line, leak.value), leak)
        by_line: dict[int, list[Leak]] = {}
        for leak in found.values():
            by_line.setdefault(leak.line, []).append(leak)
        kept = [leak for line in sorted(by_line) for leak in endpoints.one_per_span(by_line[line])]
        return sorted(kept, key=lambda leak: (leak.line, leak.column))

    def _secrets(self, doc: Document) -> Iterator[Leak]:
        front_end = doc.frontmatter.end_line if doc.frontmatter is not None else 0
        names = secrets.JSON_AS if doc.kind == "json" else secrets.MARKDOWN_AS

        def filenames(index: int) -> tuple[str, ...]:
            return secrets.FRONTMATTER_AS if 0 < index < front_end - 1 else names

        for hit in secrets.scan(doc.lines, filenames, self.cache):
            line = doc.lines[hit.line - 1]
            yield Leak("SOT301", hit.kind, hit.value, hit.line, _column(line, hit.value), hit.hashed)

    def _named(self, doc: Document) -> Iterator[Leak]:
        pairs: list[tuple[str, str, int]] = []
        if doc.frontmatter is not None:
            pairs += [(k.name, k.value, k.line) for k in doc.frontmatter.keys.values() if isinstance(k.value, str)]
        for item in doc.fields:
            pairs += [(item.key, value, item.line) for value in item.values]
        if doc.kind == "json":
            for index, text in enumerate(doc.lines):
                if '"' in text:
                    pairs += [(key, value, index + 1) for key, value in _JSON_PAIR.findall(text)]
        for key, value, line in pairs:
            if named.is_secret_name(key) and named.is_secret_value(value):
                text = doc.lines[line - 1]
                yield Leak("SOT301", "secret-named field", value, line, _column(text, value), _sha1(value))

    def _known(self, doc: Document) -> Iterator[Leak]:
        for line, column, value in known.find(doc.lines, self.known):
            yield Leak("SOT307", f"value of {value.name}", value.needle, line, column, _sha1(value.needle))

    def _endpoints(self, doc: Document) -> Iterator[Leak]:
        def decide(fresh: list[str]) -> list[tuple[endpoints.Hit, ...]]:
            candidates = set(endpoints.candidate_lines(fresh, self.sensitive, self.allow))
            return [
                tuple(endpoints.scan_line(line, self.allow, self.sensitive)) if index in candidates else ()
                for index, line in enumerate(fresh)
            ]

        for index, hits in enumerate(self._endpoint_hits.answers(doc.lines, decide)):
            for hit in hits:
                yield Leak(hit.code, hit.kind, hit.value, index + 1, hit.start + 1, _sha1(hit.value), hit.warning)


def redact_text(text: str, scanner: Scanner) -> str:
    """`text` with every value the leak detectors find in it replaced by its label."""
    lines = tuple(text.split("\n"))
    doc = Document("<text>", "markdown", lines)
    labels = {leak.value: label(leak.kind, leak.value) for leak in scanner.scan(doc, "<text>") if len(leak.value) >= 3}
    return scrub(text, labels)
