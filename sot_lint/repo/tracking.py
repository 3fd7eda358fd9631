"""What a check read, with digests: a stored result is reused only while all of it is unchanged.

A check's result depends on its own file and on what cross-file questions
read: other files (by content digest), files that were missing (through the
listing of the nearest directory that exists) and the set of records in a
folder (one digest over the folder's markdown files). Recorded reads are keys
of one dict:

    /abs/file            -> content digest, or None (missing or unreadable)
    /abs/dir/            -> digest of the directory listing
    /abs/dir/*.md        -> digest of the listing and every markdown file in it

Digests of unchanged files come from the stat signature an earlier run saw,
so a warm run reads almost nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Protocol, TypeVar

from sot_lint.repo.files import Contents

D = TypeVar("D", str, str | None)  # a digest, or None for content that cannot be read
Reads = dict[str, str | None]

STABLE_AFTER_NS = 2_000_000_000  # see Tracker._remembered
RECORDS = "*.md"  # the suffix of a folder's record-set key


class DigestLookup(Protocol):
    """Path -> (stat signature, content digest) remembered by earlier runs."""

    def get(self, path: str, /) -> tuple[str, str] | None: ...


def _sha(text: str | bytes) -> str:
    data = text.encode("utf-8", "surrogateescape") if isinstance(text, str) else text
    return hashlib.sha256(data).hexdigest()[:32]


class Tracker:
    """Digests of files, listings and folders' record sets; records them while `tracking`."""

    def __init__(
        self,
        contents: Contents,
        listing: Callable[[str], list[str]],
        known_digests: DigestLookup | None = None,
    ) -> None:
        self.contents = contents
        self._listing = listing
        self.known_digests = known_digests
        self.hashed: list[tuple[str, str, str]] = []  # (key, stat signature, digest) worth remembering
        self._digests: dict[str, str | None] = {}  # by path as given and absolute
        self._listings: dict[str, str] = {}
        self._nearest: dict[str, str] = {}  # folder -> the nearest existing folder at or above it
        self._now: Reads = {}  # digests by recorded key, for `unchanged`
        self._reads: Reads | None = None

    @contextlib.contextmanager
    def tracking(self) -> Iterator[Reads]:
        """Record every read the enclosed checks make."""
        self._reads = {}
        try:
            yield self._reads
        finally:
            self._reads = None

    @contextlib.contextmanager
    def paused(self) -> Iterator[None]:
        """Record nothing in the enclosed block (its reads are covered by a coarser key)."""
        saved, self._reads = self._reads, None
        try:
            yield
        finally:
            self._reads = saved

    @property
    def active(self) -> bool:
        return self._reads is not None

    @property
    def recording(self) -> Reads | None:
        """The reads being recorded now (None: none): an answer found while it is the same has recorded its reads."""
        return self._reads

    # --- recording -------------------------------------------------------

    def read(self, path: str | Path) -> None:
        """A file was read (or found missing or unreadable)."""
        if self._reads is not None:
            self._reads[os.fspath(path)] = self.digest(path)

    def missing(self, path: str | Path) -> None:
        """A file was looked for and not found: it would first appear in its nearest existing folder."""
        if self._reads is None:
            return
        asked = os.path.dirname(os.fspath(path))
        directory = self._nearest.get(asked)
        if directory is None:
            directory = asked
            while not os.path.isdir(directory) and os.path.dirname(directory) != directory:
                directory = os.path.dirname(directory)
            self._nearest[asked] = directory
        self._reads[directory.rstrip(os.sep) + os.sep] = self.listing_digest(directory)

    def records(self, directory: str) -> None:
        """Every record of `directory` was consulted (one key, however many records)."""
        if self._reads is not None:
            key = os.path.join(directory, RECORDS)
            if key not in self._now:
                self._now[key] = self._records_digest(directory)
            self._reads[key] = self._now[key]

    # --- digests ---------------------------------------------------------

    def digest(self, path: str | Path) -> str | None:
        """A hash of the file's content; None when it is missing or unreadable."""
        given = os.fspath(path)
        if given in self._digests:  # keyed by the path as given too: normalising costs more
            return self._digests[given]
        self._digests[given] = self._recorded(os.path.abspath(given))
        return self._digests[given]

    def _recorded(self, absolute: str) -> str | None:
        """`digest` of a path as reads record it (absolute): no normalising again."""
        if absolute not in self._digests:
            self._digests[absolute] = self._hash(absolute)
        return self._digests[absolute]

    def _hash(self, path: str) -> str | None:
        def content_digest() -> str | None:
            content = self.contents.get(path)
            return None if isinstance(content, OSError) else _sha(content)

        return self._remembered(path, path, stat.S_IFREG, content_digest)

    def listing_digest(self, directory: str | Path) -> str:
        key = os.fspath(directory)
        if key not in self._listings:

            def names_digest() -> str:
                return _sha("\0".join(self._listing(key)))

            # A directory's mtime changes whenever an entry is added, removed or renamed.
            self._listings[key] = self._remembered(key, key + os.sep, stat.S_IFDIR, names_digest)
        return self._listings[key]

    def _records_digest(self, directory: str) -> str:
        names = [n for n in self._listing(directory) if n.lower().endswith((".md", ".markdown"))]
        parts = [self.listing_digest(directory), *(f"{n}={self.digest(os.path.join(directory, n))}" for n in names)]
        return _sha("\0".join(parts))

    def _remembered(self, path: str, key: str, kind: int, compute: Callable[[], D]) -> D:
        """`compute()`, unless the stat signature of `path` (a `kind` entry) matches the one kept under `key`.

        A signature is remembered only for entries last changed over two
        seconds before they were digested, so a change within the file
        system's timestamp granularity can never hide behind an unchanged
        signature (git's "racy clean" problem). Symlinks are never trusted.
        """
        signature = ""
        stable = False
        if self.known_digests is not None:
            try:
                info = os.lstat(path)
            except OSError:
                info = None
            if info is not None and stat.S_IFMT(info.st_mode) == kind:
                signature = f"{info.st_mtime_ns}:{info.st_ctime_ns}:{info.st_size}:{info.st_ino}:{info.st_dev}"
                known = self.known_digests.get(key)
                if known is not None and known[0] == signature:
                    return known[1]
                stable = max(info.st_mtime_ns, info.st_ctime_ns) < time.time_ns() - STABLE_AFTER_NS
        digest = compute()
        if stable and digest is not None:
            self.hashed.append((key, signature, digest))
        return digest

    def unchanged(self, reads: Reads) -> bool:
        """Whether every recorded file, listing and record set still has its digest."""
        for key, digest in reads.items():
            if key not in self._now:
                if key.endswith(os.sep + RECORDS):
                    self._now[key] = self._records_digest(key[: -len(RECORDS) - 1])
                elif key.endswith(os.sep):
                    self._now[key] = self.listing_digest(key[:-1] or os.sep)
                else:
                    self._now[key] = self._recorded(key)  # None when missing or unreadable, as recorded
            if self._now[key] != digest:
                return False
        return True
