"""Leak scanning (SOT301-SOT306): secrets, endpoints, addresses, local paths.

Everything a detector finds is a `Leak` that carries its raw value only so the
linter can redact it from every message; reporters only ever see labels.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from sot_lint.config import Config
from sot_lint.leaks import known, plugins, reach
from sot_lint.leaks.memo import LineMemo
from sot_lint.leaks.redact import label, scrub
from sot_lint.parse.document import Document

# The detectors are imported when a document is first scanned: a warm audit answered from the
# result cache builds a Scanner only for its fingerprint, and never loads them.
if TYPE_CHECKING:
    from sot_lint.leaks import hyper, screens, secrets

_EXTENSION = re.compile(r"\.(?:md|markdown|json)$", re.IGNORECASE)
_FILE_SEPARATORS = re.compile(r"[-_/]")
_JSON_PAIR = re.compile(r'"((?:[^"\\]|\\.)*)"\s*:\s*"((?:[^"\\]|\\.)*)"')


class Leak(NamedTuple):
    """One detected value. `value` never leaves the process: it is only used to redact."""

    code: str
    kind: str
    value: str
    line: int
    column: int
    hashed: str
    hidden: bool = False  # redacted everywhere, but not reported (baseline, allowlisted, decoded double...)
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


_SPACED = -1  # the origin of a file name read with its separators as spaces (0: as written or decoded)
# Blank lines between a document and its views when both are scanned as one text: more than the
# lines of context detect-secrets reads around a line, so no view is read as the document's neighbour.
_APART = 8


def _name_texts(rel: str) -> list[tuple[int, str]]:
    """The readings of a path that are scanned, by origin: as written, decoded, separators as spaces.

    Names join words with `-` and `_` and end in an extension, which the
    address detector's token boundaries refuse (`n-10.1.2.3:80.md`); only
    addresses are taken from that reading. A pseudo path (`<text>`) is no
    file name.
    """
    if not rel or rel.startswith("<"):
        return []
    from sot_lint.leaks import decoded

    meant = decoded.decode_line(rel)
    readings = [(0, rel)] + ([(0, meant)] if meant != rel else [])
    return [*readings, (_SPACED, _FILE_SEPARATORS.sub(" ", _EXTENSION.sub("", meant)))]


def _front_end(doc: Document) -> int:
    """The 1-based line of the closing `---` (also of a block that failed to load), or 0."""
    if doc.frontmatter is not None:
        return doc.frontmatter.end_line
    from sot_lint.leaks import decoded

    end = decoded.front_end(doc.lines) if doc.kind == "markdown" else None
    return end + 1 if end is not None else 0


def _doubled(leak: Leak, raw: Iterable[Leak]) -> bool:
    """A decoded hit of the same kind as a raw hit on its line that starts alike: one finding is enough."""
    head = leak.value[:8]
    return any(other.code == leak.code and other.value[: len(head)] == head for other in raw)


def _column(line: str, value: str) -> int:
    index = line.find(value)
    return index + 1 if index >= 0 else 1


@dataclass(frozen=True)
class Scanner:
    """Leak detectors configured once per run."""

    allow: reach.Allowlist
    sensitive: reach.Sensitive
    baseline: frozenset[tuple[str, str]] = frozenset()
    cache: plugins.Store = field(default_factory=plugins.NoStore)
    known: tuple[known.KnownValue, ...] = field(default=(), repr=False)
    _endpoint_hits: LineMemo[tuple[reach.Hit, ...]] = field(default_factory=LineMemo, repr=False, compare=False)
    _secrets_detector: secrets.Detector | None = field(default=None, repr=False, compare=False)
    _automaton: screens.Automaton | None = field(default=None, repr=False, compare=False)
    _ahead: hyper.Apart | None = field(default=None, repr=False, compare=False)

    @property
    def detector(self) -> secrets.Detector:
        """detect-secrets behind its gates, made on first use (a clean hook run never needs it)."""
        if self._secrets_detector is None:
            from sot_lint.leaks import secrets

            object.__setattr__(self, "_secrets_detector", secrets.Detector(self.cache))
        assert self._secrets_detector is not None
        return self._secrets_detector

    def _sources(self) -> tuple[list[hyper.Source], int]:
        """The automaton's patterns: the gates' (how many), then the screens'."""
        from sot_lint.leaks import gates, screens

        own = gates.Screened.sources(self.detector.gates)
        return [*own, *screens.Automaton.sources(self.sensitive, self.allow)], len(own)

    def compile_ahead(self) -> None:
        """Start compiling the automaton in another process, for the `warm` of a large audit to come."""
        if self._automaton is None and self._ahead is None:
            from sot_lint.leaks import hyper

            object.__setattr__(self, "_ahead", hyper.Apart(self._sources()[0]))

    def settle(self) -> None:
        """Stop compiling ahead what no `warm` took (the audit was small, or answered from the cache)."""
        if self._ahead is not None:
            self._ahead.close()
            object.__setattr__(self, "_ahead", None)

    def warm(self) -> None:
        """Load every detector and compile the automaton now: before a large audit forks, so its workers share them.

        One automaton holds the gates' patterns and the screens': a line is scanned once for both.
        """
        if self._automaton is not None:
            return
        from sot_lint.leaks import (
            endpoints,  # noqa: F401  (loaded before a fork: the workers share it)
            formats,
            gates,
            hyper,
            screens,
        )

        formats.warm()
        sources, own = self._sources()
        self.detector.warm()  # detect-secrets' imports, while the automaton may still compile apart
        screen = self._ahead.result() if self._ahead is not None else hyper.screen(sources)
        object.__setattr__(self, "_ahead", None)
        if screen is not None:
            self.detector.warm(gates.Screened(self.detector.gates, screen))
            object.__setattr__(self, "_automaton", screens.Automaton(self.sensitive, self.allow, screen, own))

    @classmethod
    def from_config(
        cls,
        config: Config,
        baseline: frozenset[tuple[str, str]] = frozenset(),
        cache: plugins.Store | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> Scanner:
        """Detectors for `config`; known values come from `environ` (default: none) and env files."""
        allow = reach.Allowlist(
            config.allow_hosts,
            config.allow_addresses,
            config.allow_patterns,
            config.public_urls,
            config.internal_domains,
        )
        sensitive = reach.Sensitive(config.sensitive_env, config.sensitive_suffixes)
        files = [Path(name) for name in config.env_files]
        values = known.collect(environ or {}, files, config.sensitive_env, config.sensitive_suffixes)
        return cls(allow, sensitive, baseline, cache or plugins.NoStore(), values)

    @property
    def fingerprint(self) -> str:
        """What changes results, for the result cache: never a value itself, only a digest."""
        digest = hashlib.sha256("\0".join(f"{k.name}={k.needle}" for k in self.known).encode()).hexdigest()
        return repr((self.allow, self.sensitive, sorted(self.baseline), digest))

    def scan(self, doc: Document, rel: str) -> list[Leak]:
        """Every value the detectors find in `doc`, its decoded view and its file name, in line order.

        `rel` is the path for baseline matching, also scanned itself (a leak in
        a file name is a finding at line 1). Every leak returned is redacted
        from all output; those marked `hidden` (listed in the baseline, or the
        decoded double of a raw hit) are not reported.
        """
        from sot_lint.leaks import decoded

        views = [*decoded.views(doc), *_name_texts(rel)]
        raw_leaks: list[Leak] = []
        view_leaks: list[tuple[int, Leak]] = []  # (index into views, leak)
        for leak in self._detect(doc, views):
            if leak.line <= len(doc.lines):
                raw_leaks.append(leak)
            else:
                view_leaks.append((leak.line - 1 - len(doc.lines) - _APART, leak))
        found: dict[tuple[int, str], Leak] = {}
        for leak in raw_leaks:
            found.setdefault((leak.line, leak.value), leak)
        raw: dict[int, list[Leak]] = {}
        for leak in found.values():
            raw.setdefault(leak.line, []).append(leak)
        named_in_file: list[str] = []
        for index, leak in view_leaks:
            origin = views[index][0]
            if origin == _SPACED and leak.code != "SOT303":
                continue  # `ADMISSION.local-1` is no host, but `n-10.1.2.3:80.md` holds an address
            if origin <= 0:
                if not any(leak.value in other for other in named_in_file):  # the plainer reading's hit is enough
                    named_in_file.append(leak.value)
                    found[(0, leak.value)] = leak._replace(kind=f"{leak.kind} in the file name", line=1, column=1)
            elif (origin, leak.value) not in found:
                moved = leak._replace(line=origin, column=_column(doc.lines[origin - 1], leak.value))
                found[(origin, leak.value)] = moved._replace(hidden=_doubled(moved, raw.get(origin, ())))
        return sorted(self._reported(doc, rel, found.values()), key=lambda leak: (leak.line, leak.column))

    def _reported(self, doc: Document, rel: str, found: Iterable[Leak]) -> list[Leak]:
        """Placeholders dropped; baseline and allowlisted secrets hidden; one reported finding per span.

        Hidden leaks stay in the list: they are redacted from every output all the same.
        """
        from sot_lint.leaks import spans
        from sot_lint.leaks.placeholder import is_placeholder

        leaks: list[Leak] = []
        for leak in found:
            if leak.code == "SOT301" and is_placeholder(leak.value):
                continue  # no secret at all: nothing to report or redact
            allowlisted = 1 <= leak.line <= len(doc.lines) and spans.allowlisted(doc.lines, leak.line)
            hide = leak.code == "SOT301" and ((rel, leak.hashed) in self.baseline or allowlisted)
            leaks.append(leak._replace(hidden=True) if hide else leak)
        by_line: dict[int, list[Leak]] = {}
        for leak in leaks:
            if not leak.hidden:
                by_line.setdefault(leak.line, []).append(leak)
        kept = {leak for line in by_line.values() for leak in spans.one_per_span(line)}
        return [leak if leak.hidden or leak in kept else leak._replace(hidden=True) for leak in leaks]

    def _detect(self, doc: Document, views: list[tuple[int, str]]) -> Iterator[Leak]:
        """Leaks in the document's lines, then (past `_APART` blank lines) in `views`, in one pass of each detector.

        A leak's line counts on through the blank lines into the views. The
        views are read as the document's file type, their frontmatter lines as
        frontmatter; file names (origin 0 or less) as the file type.
        """
        from sot_lint.leaks import secrets

        if not views:
            yield from chain(self._known(doc), self._secrets(doc), self._named(doc), self._endpoints(doc))
            return
        count = len(doc.lines)
        lines = (*doc.lines, *([""] * _APART), *(text for _, text in views))
        whole = replace(doc, lines=lines)
        raw_front_end = doc.frontmatter.end_line if doc.frontmatter is not None else 0
        view_front_end = _front_end(doc)
        names = secrets.JSON_AS if doc.kind == "json" else secrets.MARKDOWN_AS

        def filenames(index: int) -> tuple[str, ...]:
            if index < count:
                return secrets.FRONTMATTER_AS if 0 < index < raw_front_end - 1 else names
            origin = views[index - count - _APART][0] if index >= count + _APART else 0
            return secrets.FRONTMATTER_AS if 1 < origin < view_front_end else names

        found = (self._known(whole), self._secrets(whole, filenames), self._named(whole), self._endpoints(whole))
        yield from chain(*found)

    def _secrets(self, doc: Document, filenames: Callable[[int], tuple[str, ...]] | None = None) -> Iterator[Leak]:
        from sot_lint.leaks import secrets

        if filenames is None:
            front_end = doc.frontmatter.end_line if doc.frontmatter is not None else 0
            names = secrets.JSON_AS if doc.kind == "json" else secrets.MARKDOWN_AS

            def filenames(index: int) -> tuple[str, ...]:
                return secrets.FRONTMATTER_AS if 0 < index < front_end - 1 else names

        for hit in self.detector.scan(doc.lines, filenames):
            line = doc.lines[hit.line - 1]
            yield Leak("SOT301", hit.kind, hit.value, hit.line, _column(line, hit.value), hit.hashed)

    def _named(self, doc: Document) -> Iterator[Leak]:
        from sot_lint.leaks import named

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
        from sot_lint.leaks import endpoints, screens

        def decide(fresh: list[str]) -> list[tuple[endpoints.Hit, ...]]:
            if self._automaton is not None:
                screened = self._automaton.screened(fresh)
            else:
                screened = screens.screened_lines(fresh, self.sensitive, self.allow)
            return [
                tuple(endpoints.scan_line(line, self.allow, self.sensitive, families)) if families else ()
                for line, families in zip(fresh, (screened.get(i, 0) for i in range(len(fresh))), strict=True)
            ]

        for index, hits in enumerate(self._endpoint_hits.answers(doc.lines, decide)):
            for hit in hits:
                yield Leak(
                    hit.code, hit.kind, hit.value, index + 1, hit.start + 1, _sha1(hit.value), warning=hit.warning
                )


def redact_text(text: str, scanner: Scanner) -> str:
    """`text` with every value the leak detectors find in it, or in its decoded view, replaced by its label."""
    lines = text.split("\n")
    leaks = scanner.scan(Document("<text>", "markdown", tuple(lines)), "<text>")
    for leak in leaks:  # detect-secrets finds a key block by its header: the body on that line goes too
        if leak.code == "SOT301" and "Private Key" in leak.kind:
            lines[leak.line - 1] = label(leak.kind, leak.value)
    return scrub("\n".join(lines), {leak.value: label(leak.kind, leak.value) for leak in leaks})
