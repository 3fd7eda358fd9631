"""The per-run index: the one path to every cross-file answer.

pre-commit passes only changed files and may split them across processes,
so a record's admission JSON, or the records naming a JSON, are found by
path, never from the list of files being checked. The index answers:

- record -> the admission file it calls for (by template) or names;
- admission file -> the records that name it (its `record` key, and the
  records of its folder, summarised once per folder and run);
- reference -> resolved path, inside the repository only.

Every answer is memoised for the run, so a folder of a thousand records
costs one pass over them, not one per admission file. Documents themselves
are kept only briefly (a small recently-used set): answers never depend on
them staying.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sot_lint.config import Config
from sot_lint.parse import admission, document
from sot_lint.parse.body import Field
from sot_lint.parse.document import Document
from sot_lint.parse.source import Problem
from sot_lint.repo.discover import relative
from sot_lint.repo.files import Contents, FileSource, Recent, Seen, WorkTree, inside
from sot_lint.repo.tracking import DigestLookup, Reads, Tracker

CROWDED = 16  # records in one folder from which workers share the parent's summaries (Index.prepare)


@dataclass(frozen=True)
class RecordSummary:
    """What the index needs of a record: its state and what it names, not the whole document."""

    decision_record: bool
    state: tuple[Field, ...]
    called_for: str | None  # the admission file name its provider and model call for
    targets: tuple[str, ...]  # references as written


class Index:
    """Documents of one run, loaded by path, and the answers about how they relate."""

    def __init__(self, config: Config, cwd: Path, files: FileSource, tracker: Tracker) -> None:
        self.config = config
        self.cwd = cwd
        self.files = files
        self.tracker = tracker
        self.contents: Contents = tracker.contents
        self._root = os.path.realpath(config.root)
        self._documents: Recent[str, Document] = Recent(64)
        self._summaries: dict[str, RecordSummary] = {}
        self._exists: dict[str, bool] = {}
        self._resolved: dict[tuple[str, str], tuple[tuple[str, ...], str | None]] = {}
        self._folders: dict[str, dict[str, list[str]]] = {}  # folder -> admission path -> records naming it
        # The last `admission_for` answer: (the reads being recorded then, record path, answer).
        self._last_admission: tuple[Reads | None, str, str | None] | None = None

    @classmethod
    def open(
        cls,
        config: Config,
        cwd: Path,
        files: FileSource | None = None,
        known_digests: DigestLookup | None = None,
        seen: Seen | None = None,
    ) -> Index:
        """An index over `files` (default: the work tree, with the folders a walk already `seen`)."""
        source = files if files is not None else WorkTree(config.root, seen)
        contents = Contents(source, config.max_file_size)
        return cls(config, cwd, source, Tracker(contents, source.listing, known_digests))

    # --- documents -------------------------------------------------------

    def load(self, path: str | Path) -> Document:
        """The parsed document at `path`; unreadable files become SOT001 documents."""
        key = os.path.abspath(path)
        self.tracker.read(key)
        if key not in self._documents:
            self._documents[key] = self._parse(key)
        return self._documents[key]

    def _parse(self, path: str) -> Document:
        display = relative(path, self.cwd)
        kind = document.kind_of(path) or "markdown"
        content = self.contents.get(path)
        if isinstance(content, OSError):
            reason = content.strerror or type(content).__name__
            message = reason if reason.startswith("symlink") else f"cannot read file: {reason}"
            return Document(display, kind, (), (Problem("SOT001", 1, 1, message),))
        return document.parse(display, kind, content, self.config.max_file_size)

    def summary(self, path: str) -> RecordSummary:
        """The record at `path`, summarised once per run."""
        if path not in self._summaries:
            doc = self._documents.get(path)
            if doc is None:  # kept a while: the record is usually checked right after its admission file
                doc = self._documents[path] = self._parse(path)
            state_section = doc.section(self.config.state_section)
            state = doc.fields_in(self.config.state_section) if state_section is not None else ()
            self._summaries[path] = RecordSummary(
                state_section is not None,
                state,
                admission.called_for(state, self.config.admission_template),
                tuple(reference.target for reference in doc.references),
            )
        return self._summaries[path]

    # --- references ------------------------------------------------------

    def is_admission(self, path: str | Path) -> bool:
        return admission.is_admission_name(os.path.basename(path), self.config.admission_template)

    def candidates(self, target: str, near: str) -> Iterator[str]:
        """Where a relative reference may point: beside `near`, under the `.sot` holder, at the root."""
        directory = os.path.dirname(near)
        bases = [directory, str(self.config.root)]
        holder = (directory + os.sep).rfind(f"{os.sep}.sot{os.sep}")  # the innermost `.sot` directory
        if holder >= 0:
            bases.insert(1, directory[:holder] or os.sep)
        seen = set()
        for base in bases:
            candidate = os.path.normpath(os.path.join(base, target))
            if candidate not in seen:
                seen.add(candidate)
                yield candidate

    def exists(self, path: str) -> bool:
        """A file inside the repository (its real path too); recorded for the result cache."""
        if path not in self._exists:
            real = self.files.real(path) if hasattr(self.files, "real") else os.path.normpath(path)
            self._exists[path] = inside(real, self._root) and self.files.exists(path)
        if self._exists[path]:
            self.tracker.read(path)
        else:
            self.tracker.missing(path)
        return self._exists[path]

    def resolve(self, target: str, near: str | Path) -> str | None:
        """The first existing candidate for a reference written in the file at `near`; never outside the root."""
        near = os.fspath(near)
        key = (target, os.path.dirname(near))
        if key not in self._resolved:
            tried: list[str] = []
            found = None
            for candidate in self.candidates(target, near):
                tried.append(candidate)
                if self.exists(candidate):
                    found = candidate
                    break
            self._resolved[key] = (tuple(tried), found)
        tried_all, found = self._resolved[key]
        if self.tracker.active:
            for candidate in tried_all:
                self.exists(candidate)  # records the read for the result cache
        return found

    # --- admission -------------------------------------------------------

    def expected_admission(self, record: RecordSummary, path: str | Path) -> str | None:
        """The admission file the record's current provider and model call for (it may not exist)."""
        if record.called_for is None:
            return None
        return os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(path)), record.called_for))

    def admission_for(self, path: str | Path) -> str | None:
        """The existing admission file of the record at `path`: by template, else by a reference it makes.

        Several rules of one check, and the register's row, ask this of the
        same record in a row: while the same reads are being recorded, the
        last answer is given again, its reads already among them.
        """
        path = os.path.abspath(path)
        last = self._last_admission
        if last is not None and last[0] is self.tracker.recording and last[1] == path:
            return last[2]
        found = self._admission_for(path)
        self._last_admission = (self.tracker.recording, path, found)
        return found

    def _admission_for(self, path: str) -> str | None:
        record = self.summary(path)
        expected = self.expected_admission(record, path)
        if expected is None:
            return None
        if self.exists(expected):
            return expected
        for target in record.targets:
            resolved = self.resolve(target, path)
            admitted = resolved is not None and self.is_admission(resolved)
            if resolved is not None and admitted and admission.admits(self.load(resolved).json_value, record.state):
                return resolved
        return None

    def names(self, record_path: str, admission_path: str) -> bool:
        """Whether the record calls for or references this admission file."""
        record = self.summary(record_path)
        if self.expected_admission(record, record_path) == admission_path:
            return True
        return any(self.resolve(target, record_path) == admission_path for target in record.targets)

    def records_for(self, admission_path: str | Path) -> list[str]:
        """Records that name this admission file: its `record` key, then the decision records of its folder."""
        admission_path = os.path.abspath(admission_path)
        found: list[str] = []
        value = self.load(admission_path).json_value
        named = value.get("record") if isinstance(value, dict) else None
        if isinstance(named, str) and named.endswith(".md"):
            resolved = self.resolve(named, admission_path)
            if resolved is not None and self.names(resolved, admission_path):
                self.tracker.read(resolved)
                found.append(resolved)
        folder = os.path.dirname(admission_path)
        self.tracker.records(folder)
        for record_path in self._folder(folder).get(admission_path, ()):
            if record_path not in found:
                self.names(record_path, admission_path)  # records what the naming depends on
                found.append(record_path)
        return found

    def prepare(self, paths: Iterable[str | Path]) -> None:
        """Summarise now the crowded folders the admission files among `paths` will ask about.

        Called before a large audit forks: each worker would otherwise read
        and summarise every record of such a folder itself; now they inherit
        the summaries. A folder of one record and its admission file is left
        to the worker that checks it. Records are counted among `paths`: a
        folder crowded only with files the run leaves out is summarised by
        each worker that asks, with the same answers.
        """
        records: dict[str, int] = {}  # folder -> records among `paths`: no listing of every folder to count them
        asked: set[str] = set()
        for path in paths:
            folder, name = os.path.split(os.path.abspath(path))
            if name.lower().endswith((".md", ".markdown")):
                records[folder] = records.get(folder, 0) + 1
            elif self.is_admission(name):
                asked.add(folder)
        for folder in sorted(asked):
            if records.get(folder, 0) >= CROWDED:
                self._folder(folder)

    def _folder(self, folder: str) -> dict[str, list[str]]:
        """Admission path -> the decision records of `folder` naming it, worked out once per run."""
        if folder not in self._folders:
            naming: dict[str, list[str]] = {}
            with self.tracker.paused():  # one record-set key covers the folder instead
                for name in self.files.listdir(Path(folder)):
                    record_path = os.path.join(folder, name)
                    if not name.lower().endswith((".md", ".markdown")):
                        continue
                    record = self.summary(record_path)
                    if not record.decision_record:
                        continue
                    named = {self.expected_admission(record, record_path)}
                    named.update(self.resolve(target, record_path) for target in record.targets)
                    for target in named:
                        if target is not None:
                            naming.setdefault(target, []).append(record_path)
            self._folders[folder] = naming
        return self._folders[folder]
