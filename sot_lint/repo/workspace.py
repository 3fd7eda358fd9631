"""The files around the one being linted: loaded by path, never from the hook's list.

pre-commit passes only changed files and may split them across processes, so
cross-file rules ask the workspace for a record's admission JSON, or a JSON's
records, and the workspace reads them from the repository. Reading goes
through `FileSource`, so a later source can read the git index instead.
"""

from __future__ import annotations

import collections
import contextlib
import hashlib
import os
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Protocol, TypeVar

from sot_lint.config import Config
from sot_lint.parse import admission, document
from sot_lint.parse.body import Field
from sot_lint.parse.document import Document
from sot_lint.parse.source import Problem
from sot_lint.repo.discover import relative

K = TypeVar("K")
V = TypeVar("V")
D = TypeVar("D", str, str | None)  # a digest, or None for content that cannot be read


STABLE_AFTER_NS = 2_000_000_000  # see Workspace._hash


class DigestLookup(Protocol):
    """Path -> (stat signature, content digest) remembered by earlier runs."""

    def get(self, path: str, /) -> tuple[str, str] | None: ...


class FileSource(Protocol):
    """Where file content comes from: the work tree, or later the git index."""

    def read(self, path: Path, limit: int) -> bytes: ...
    def exists(self, path: str | Path) -> bool: ...
    def listdir(self, directory: Path) -> list[str]: ...
    def listing(self, directory: Path) -> list[str]: ...


class WorkTree:
    """Files as they are on disk."""

    def read(self, path: Path, limit: int) -> bytes:
        """At most `limit + 1` bytes of a regular file; a FIFO or device is never opened."""
        if not stat.S_ISREG(path.stat().st_mode):
            raise OSError(0, "not a regular file")
        with path.open("rb") as handle:
            return handle.read(limit + 1)

    def exists(self, path: str | Path) -> bool:
        return os.path.isfile(path)  # several times cheaper than Path.is_file

    def listdir(self, directory: Path) -> list[str]:
        try:
            return sorted(os.listdir(directory))
        except OSError:
            return []

    def listing(self, directory: Path) -> list[str]:
        """Names with a trailing `/` for directories: a directory replaced by a file changes it."""
        try:
            with os.scandir(directory) as entries:
                return sorted(e.name + "/" if e.is_dir(follow_symlinks=False) else e.name for e in entries)
        except OSError:
            return []


class Recent(collections.OrderedDict[K, V]):
    """A dict that forgets its least recently used entries past `limit`.

    An audit walks directories in order, so a record and its admission file are
    read close together; keeping every parsed file would grow with the tree.
    """

    def __init__(self, limit: int = 512) -> None:
        super().__init__()
        self.limit = limit

    def __getitem__(self, key: K) -> V:
        self.move_to_end(key)
        return super().__getitem__(key)

    def __setitem__(self, key: K, value: V) -> None:
        super().__setitem__(key, value)
        if len(self) > self.limit:
            self.popitem(last=False)


def state_value(fields: tuple[Field, ...], key: str) -> str | None:
    """The single string value of `key` among `fields`, or None."""
    field = next((f for f in fields if f.key == key), None)
    return field.value if field is not None and isinstance(field.value, str) and field.value else None


class Workspace:
    """Documents of one run, each read and parsed once, keyed by absolute path."""

    def __init__(
        self,
        config: Config,
        cwd: Path,
        files: FileSource | None = None,
        known_digests: DigestLookup | None = None,
    ) -> None:
        """`known_digests` (path -> stat signature, digest) lets `digest` skip reading unchanged files."""
        self.config = config
        self.cwd = cwd
        self.files: FileSource = files or WorkTree()
        self._documents: Recent[Path, Document] = Recent()
        self._contents: Recent[Path, bytes | OSError] = Recent()
        self._digests: dict[str, str | None] = {}  # by path as given and absolute
        self._exists: dict[Path, bool] = {}
        self._resolved: dict[tuple[str, str], tuple[list[Path], Path | None]] = {}
        self._reads: dict[str, str | None] | None = None
        self._now: dict[str, str | None] = {}  # digests by recorded key, for `unchanged`
        self._listings: dict[str, str] = {}
        self.known_digests = known_digests
        self.hashed: list[tuple[str, str, str]] = []  # (path, stat signature, digest) worth remembering

    @contextlib.contextmanager
    def tracking(self) -> Iterator[dict[str, str | None]]:
        """Record every file (with its digest) and listing the enclosed checks read."""
        self._reads = {}
        try:
            yield self._reads
        finally:
            self._reads = None

    def _content(self, path: Path) -> bytes | OSError:
        if path not in self._contents:
            try:
                if os.path.islink(path) and not path.resolve().is_relative_to(self.config.root.resolve()):
                    raise OSError(0, "symlink leads outside the repository; not followed")
                self._contents[path] = self.files.read(path, self.config.max_file_size)
            except OSError as error:
                self._contents[path] = error
        return self._contents[path]

    def digest(self, path: str | Path) -> str | None:
        """A hash of the file's content; None when it is missing or unreadable."""
        given = os.fspath(path)
        if given in self._digests:  # keyed by the path as given too: normalising costs more
            return self._digests[given]
        absolute = os.path.abspath(given)
        if absolute not in self._digests:
            self._digests[absolute] = self._hash(absolute)
        self._digests[given] = self._digests[absolute]
        return self._digests[given]

    def _hash(self, path: str) -> str | None:
        def content_digest() -> str | None:
            content = self._content(Path(path))
            return None if isinstance(content, OSError) else hashlib.sha256(content).hexdigest()[:32]

        return self._remembered(path, path, stat.S_IFREG, content_digest)

    def listing_digest(self, directory: str | Path) -> str:
        key = os.fspath(directory)
        if key not in self._listings:

            def names_digest() -> str:
                names = "\0".join(self.files.listing(Path(directory)))
                return hashlib.sha256(names.encode("utf-8", "surrogateescape")).hexdigest()[:32]

            # A directory's mtime changes whenever an entry is added, removed or renamed.
            self._listings[key] = self._remembered(key, key + os.sep, stat.S_IFDIR, names_digest)
        return self._listings[key]

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

    def load(self, path: Path) -> Document:
        """The parsed document at `path`; unreadable files become SOT001 documents."""
        path = Path(os.path.abspath(path))
        if self._reads is not None:
            self._reads[str(path)] = self.digest(path)
        if path not in self._documents:
            self._documents[path] = self._read(path)
        return self._documents[path]

    def _read(self, path: Path) -> Document:
        display = relative(path, self.cwd)
        kind = document.kind_of(path.name) or "markdown"
        content = self._content(path)
        if isinstance(content, OSError):
            reason = content.strerror or type(content).__name__
            if reason.startswith("symlink"):
                return Document(display, kind, (), (Problem("SOT001", 1, 1, reason),))
            return Document(display, kind, (), (Problem("SOT001", 1, 1, f"cannot read file: {reason}"),))
        return document.parse(display, kind, content, self.config.max_file_size)

    def candidates(self, target: str, near: Path) -> Iterator[Path]:
        """Where a relative reference may point: beside `near`, under the `.sot` holder, at the root.

        Strings, not Path objects: this runs for every reference of every record.
        """
        directory = os.path.dirname(near)
        bases = [directory, str(self.config.root)]
        inside = (directory + os.sep).rfind(f"{os.sep}.sot{os.sep}")  # the innermost `.sot` directory
        if inside >= 0:
            bases.insert(1, directory[:inside] or os.sep)
        seen = set()
        for base in bases:
            candidate = os.path.normpath(os.path.join(base, target))
            if candidate not in seen:
                seen.add(candidate)
                yield Path(candidate)

    def exists(self, path: Path) -> bool:
        if path not in self._exists:
            self._exists[path] = self.files.exists(path)
        if self._reads is not None:
            if self._exists[path]:
                self._reads[str(path)] = self.digest(path)
            else:  # a missing file would first appear in its nearest existing directory's listing
                directory = os.path.dirname(path)
                while not os.path.isdir(directory) and os.path.dirname(directory) != directory:
                    directory = os.path.dirname(directory)
                self._reads[directory.rstrip(os.sep) + os.sep] = self.listing_digest(directory)
        return self._exists[path]

    def resolve(self, target: str, near: Path) -> Path | None:
        """The first existing candidate for a reference written in the file at `near`."""
        key = (target, os.path.dirname(near))
        if key not in self._resolved:
            tried: list[Path] = []
            found = None
            for candidate in self.candidates(target, near):
                tried.append(candidate)
                if self.exists(candidate):
                    found = candidate
                    break
            self._resolved[key] = (tried, found)
        tried, found = self._resolved[key]
        if self._reads is not None:
            for candidate in tried:
                self.exists(candidate)  # records the read for the result cache
        return found

    def listdir(self, directory: Path) -> list[str]:
        if self._reads is not None:
            self._reads[f"{directory}{os.sep}"] = self.listing_digest(directory)
        return self.files.listdir(directory)

    def unchanged(self, reads: dict[str, str | None]) -> bool:
        """Whether every file and listing recorded by `tracking` still has its digest.

        Files recorded as missing have the digest None, as unreadable ones do.
        """
        for key, digest in reads.items():
            if key not in self._now:
                if key.endswith(os.sep):
                    self._now[key] = self.listing_digest(key[:-1] or os.sep)
                else:
                    self._now[key] = self.digest(key)  # None when missing or unreadable, as recorded
            if self._now[key] != digest:
                return False
        return True

    def is_admission(self, path: Path) -> bool:
        return self.is_admission_name(path.name)

    def is_admission_name(self, name: str) -> bool:
        return admission.is_admission_name(name, self.config.admission_template)

    def expected_admission(self, record: Document, path: Path) -> Path | None:
        """The admission file the record's current provider and model call for."""
        fields = record.fields_in(self.config.state_section)
        provider, model = state_value(fields, "provider"), state_value(fields, "model")
        if provider is None or model is None:
            return None
        return path.parent / admission.expected_name(self.config.admission_template, provider, model)

    def admission_for(self, record: Document, path: Path) -> Path | None:
        """The existing admission file of a record: by template, else by a reference it makes."""
        expected = self.expected_admission(record, path)
        if expected is not None and self.exists(expected):
            return expected
        for reference in record.references:
            resolved = self.resolve(reference.target, path)
            if resolved is not None and self.is_admission(resolved):
                admitted = self.load(resolved).json_value
                if isinstance(admitted, dict) and expected is not None:
                    fields = record.fields_in(self.config.state_section)
                    same = all(admitted.get(k) == state_value(fields, k) for k in ("provider", "model"))
                    if same:
                        return resolved
        return None

    def names(self, record: Document, record_path: Path, admission_path: Path) -> bool:
        """Whether the record calls for or references this admission file."""
        if self.expected_admission(record, record_path) == admission_path:
            return True
        return any(self.resolve(r.target, record_path) == admission_path for r in record.references)

    def records_for(self, admission_path: Path) -> list[Path]:
        """Records that name this admission file: its `record` key, then sibling records."""
        found: list[Path] = []
        value = self.load(admission_path).json_value
        named = value.get("record") if isinstance(value, dict) else None
        if isinstance(named, str) and named.endswith(".md"):
            resolved = self.resolve(named, admission_path)
            if resolved is not None and self.names(self.load(resolved), resolved, admission_path):
                found.append(resolved)
        for name in self.listdir(admission_path.parent):
            candidate = admission_path.parent / name
            if name.endswith(".md") and candidate not in found:
                doc = self.load(candidate)
                if doc.section(self.config.state_section) and self.names(doc, candidate, admission_path):
                    found.append(candidate)
        return found
