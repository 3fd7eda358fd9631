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
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol, TypeVar

from sot_lint import admission, document
from sot_lint.body import Field
from sot_lint.config import Config
from sot_lint.discover import relative
from sot_lint.document import Document
from sot_lint.source import Problem

K = TypeVar("K")
V = TypeVar("V")


class FileSource(Protocol):
    """Where file content comes from: the work tree, or later the git index."""

    def read(self, path: Path, limit: int) -> bytes: ...
    def exists(self, path: Path) -> bool: ...
    def listdir(self, directory: Path) -> list[str]: ...


class WorkTree:
    """Files as they are on disk."""

    def read(self, path: Path, limit: int) -> bytes:
        """At most `limit + 1` bytes of a regular file; a FIFO or device is never opened."""
        if not stat.S_ISREG(path.stat().st_mode):
            raise OSError(0, "not a regular file")
        with path.open("rb") as handle:
            return handle.read(limit + 1)

    def exists(self, path: Path) -> bool:
        return path.is_file()

    def listdir(self, directory: Path) -> list[str]:
        try:
            return sorted(os.listdir(directory))
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

    def __init__(self, config: Config, cwd: Path, files: FileSource | None = None) -> None:
        self.config = config
        self.cwd = cwd
        self.files: FileSource = files or WorkTree()
        self._documents: Recent[Path, Document] = Recent()
        self._contents: Recent[Path, bytes | OSError] = Recent()
        self._digests: dict[Path, str | None] = {}
        self._exists: dict[Path, bool] = {}
        self._resolved: dict[tuple[str, str], tuple[list[Path], Path | None]] = {}
        self._reads: dict[str, str | None] | None = None

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
                if path.is_symlink() and not path.resolve().is_relative_to(self.config.root.resolve()):
                    raise OSError(0, "symlink leads outside the repository; not followed")
                self._contents[path] = self.files.read(path, self.config.max_file_size)
            except OSError as error:
                self._contents[path] = error
        return self._contents[path]

    def digest(self, path: Path) -> str | None:
        """A hash of the file's content; None when it is missing or unreadable."""
        if path in self._digests:  # keyed by the path as given too: normalising is the costly part
            return self._digests[path]
        absolute = Path(os.path.abspath(path))
        if absolute not in self._digests:
            content = self._content(absolute)
            self._digests[absolute] = None if isinstance(content, OSError) else hashlib.sha256(content).hexdigest()[:32]
        self._digests[path] = self._digests[absolute]
        return self._digests[path]

    def listing_digest(self, directory: Path) -> str:
        names = "\0".join(self.files.listdir(directory))
        return hashlib.sha256(names.encode("utf-8", "surrogateescape")).hexdigest()[:32]

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
            self._reads[str(path)] = self.digest(path) if self._exists[path] else None
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
        """Whether every file and listing recorded by `tracking` still has its digest."""
        for key, digest in reads.items():
            if key.endswith(os.sep):
                current: str | None = self.listing_digest(Path(key))
            else:
                path = Path(key)
                current = self.digest(path) if self.files.exists(path) else None
            if current != digest:
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
