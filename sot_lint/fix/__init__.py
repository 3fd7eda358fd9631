"""Safe fixes (`sot-lint check --fix`, `--diff`, and the server's quick fixes).

A plan is worked out in memory: the record's own edits (SOT105 title, field
syntax), then its admission JSON (SOT401 create, SOT402 update). Before a plan
is returned it is checked by linting the changed files through an overlay:
a file whose fix leaves a fixed finding, or brings any finding it did not
have, is dropped from the plan. Nothing is written here.
"""

from __future__ import annotations

import collections
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sot_lint.config import Config
from sot_lint.finding import Finding
from sot_lint.fix import admission
from sot_lint.fix.overlay import Overlay, key
from sot_lint.fix.record import LineEdit, record_edits
from sot_lint.fix.textfile import TextFile
from sot_lint.leaks import Scanner
from sot_lint.linter import Linter
from sot_lint.parse.admission import key_lines
from sot_lint.parse.document import Document
from sot_lint.repo.discover import included, relative
from sot_lint.repo.files import FileSource, WorkTree
from sot_lint.repo.index import Index
from sot_lint.selection import Selection

FIXABLE = ("SOT105", "SOT401", "SOT402")
FIELD_SYNTAX = "SOT200"  # the decision-field family: field syntax fixes run when it is selected


@dataclass(frozen=True)
class Fix:
    """One fix, for messages and code actions: its rule (None: field syntax), line and description."""

    code: str | None
    line: int
    title: str


@dataclass
class FileChange:
    """The bytes a file has (None: it does not exist yet) and the bytes the plan gives it."""

    path: Path
    display: str
    before: bytes | None
    after: bytes
    fixes: list[Fix] = field(default_factory=list)
    allowed: collections.Counter[str] = field(default_factory=collections.Counter)  # findings a fix may add
    resolves: list[tuple[str, str]] = field(default_factory=list)  # (display path, code) it must reduce
    related: set[Path] = field(default_factory=set)  # files whose findings the change may move: checked with it


@dataclass
class Plan:
    changes: dict[Path, FileChange] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # "path: what was left, and why"

    @property
    def fixes(self) -> int:
        return sum(len(change.fixes) for change in self.changes.values())


class Planner:
    """Works out fixes for the files of one run, reading through `files` (disk, or disk under buffers)."""

    def __init__(
        self,
        config: Config,
        selection: Selection,
        scanner: Scanner,
        cwd: Path,
        files: FileSource | None = None,
    ) -> None:
        self.config = config
        self.selection = selection
        self.scanner = scanner
        self.cwd = cwd
        self.files: FileSource = files or WorkTree(config.root)
        self._found: dict[str, list[Finding]] = {}
        self._only: Collection[str | None] | None = None

    def _linter(self, files: FileSource) -> tuple[Linter, Index]:
        index = Index.open(self.config, self.cwd, files)
        return Linter(self.config, self.selection, self.scanner, index), index

    def plan(self, paths: Sequence[Path], only: Collection[str | None] | None = None) -> Plan:
        """Fixes for `paths`; `only` limits them to these rules (None in it: field syntax)."""
        linter, workspace = self._linter(self.files)
        result = Plan()
        self._only = only
        self._found = collections.defaultdict(list)
        paths = [key(p) for p in paths]
        for path in paths:
            for finding in linter.check(path):
                self._found[finding.path].append(finding)
        for path in paths:
            doc = workspace.load(path)
            if doc.kind == "markdown" and doc.readable and not doc.problems:
                self._record(path, doc, workspace, result)
        for path in paths:
            if key(path) in result.changes or not workspace.is_admission(path) or not self._has(path, "SOT402"):
                continue
            records = [r for r in workspace.records_for(path) if workspace.admission_for(r) == str(path)]
            if len(records) == 1:
                self._update(path, Path(records[0]), workspace, result)
            elif records:
                result.notes.append(f"{self._display(path)}: several records name this file; SOT402 left")
        self._verify(result)
        return result

    def _has(self, path: Path, code: str) -> bool:
        """Whether the check reported `code` in `path`, and fixes for it are wanted."""
        wanted = self._only is None or code in self._only
        return wanted and any(f.code == code for f in self._found.get(self._display(path), ()))

    def _display(self, path: Path) -> str:
        return relative(path, self.cwd)

    def _leak_lines(self, doc: Document, path: Path) -> set[int]:
        return {leak.line for leak in self.scanner.scan(doc, relative(path, self.config.root))}

    def _writable(self, path: Path, result: Plan) -> bool:
        """Only SOT files inside the repository, never through a symlink."""
        if path.is_symlink():
            result.notes.append(f"{self._display(path)}: a symlink; fixes are never written through one")
            return False
        if path.resolve().is_relative_to(self.config.root.resolve()) and included(self.config, path):
            return True
        result.notes.append(f"{self._display(path)}: not a SOT file by the include globs; not written")
        return False

    def _record(self, path: Path, doc: Document, workspace: Index, result: Plan) -> None:
        leak_lines = self._leak_lines(doc, path)
        enabled = self.selection.for_path(relative(path, self.config.root))

        def want(code: str | None) -> bool:
            if code is None:
                return (self._only is None or None in self._only) and enabled(FIELD_SYNTAX)
            return self._has(path, code)

        edits = record_edits(doc, self.config, leak_lines, want)
        if want("SOT105") and not any(edit.code == "SOT105" for edit in edits):
            result.notes.append(
                f"{self._display(path)}: SOT105 left: the title or the H1 holds a flagged value, "
                "or the title is not one plain line"
            )
        if edits and self._writable(path, result):
            self._apply_lines(path, edits, result)
        if doc.section(self.config.state_section) is None:
            return
        if self._has(path, "SOT401"):
            expected = workspace.expected_admission(workspace.summary(str(path)), path)
            target = Path(expected) if expected is not None else None
            if target is not None and not workspace.exists(str(target)) and self._writable(target, result):
                change = admission.create(
                    doc, path, target, config=self.config, scanner=self.scanner, leak_lines=leak_lines
                )
                display = self._display(target)
                result.notes.extend(f"{display}: {note}" for note in change.notes)
                item = FileChange(target, display, None, change.text.encode("utf-8"))
                item.fixes.append(Fix("SOT401", 1, f"create {target.name} from the record's current state"))
                item.resolves.append((self._display(path), "SOT401"))
                item.related.add(key(path))
                item.allowed["SOT403"] = len(change.missing)  # left for a person: SOT403 says so
                item.allowed["SOT402"] = len(change.withheld)  # a leak in the record is not copied
                result.changes[key(target)] = item
            return
        found = workspace.admission_for(path)
        target = Path(found) if found is not None else None
        if target is not None and self._has(target, "SOT402") and key(target) not in result.changes:
            self._update(key(target), path, workspace, result)

    def _update(self, target: Path, record_path: Path, workspace: Index, result: Plan) -> None:
        record = workspace.load(record_path)
        try:
            data = self.files.read(target, self.config.max_file_size)
        except OSError:
            return
        text_file = TextFile.decode(data)
        if text_file is None or not self._writable(target, result):
            return
        admitted = workspace.load(target)
        change = admission.update(
            record,
            text_file.text,
            config=self.config,
            scanner=self.scanner,
            leak_lines=self._leak_lines(record, record_path),
            json_leak_lines=self._leak_lines(admitted, target),
        )
        if change is None:
            return
        display = self._display(target)
        result.notes.extend(f"{display}: {note}" for note in change.notes)
        if change.keys:
            item = FileChange(target, display, data, text_file.with_text(change.text).encode())
            keys = ", ".join(f"'{k}'" for k in change.keys)
            lines = key_lines(change.text.split("\n"))
            line = min((lines[k][0] for k in change.keys if k in lines), default=1)
            item.fixes.append(Fix("SOT402", line, f"update {keys} from the record {self._display(record_path)}"))
            item.resolves.append((display, "SOT402"))
            item.related.update(key(p) for p in workspace.records_for(target))
            item.related.add(key(record_path))
            result.changes[key(target)] = item

    def _apply_lines(self, path: Path, edits: list[LineEdit], result: Plan) -> None:
        try:
            data = self.files.read(path, self.config.max_file_size)
        except OSError:
            return
        text_file = TextFile.decode(data)
        if text_file is None:
            return
        lines = list(text_file.lines)
        for edit in edits:
            lines[edit.line - 1] = edit.text
        changed = TextFile(tuple(lines), text_file.newline, text_file.bom, text_file.final_newline).encode()
        item = FileChange(path, self._display(path), data, changed)
        item.fixes.extend(Fix(edit.code, edit.line, edit.title) for edit in edits)
        item.resolves.extend((item.display, edit.code) for edit in edits if edit.code is not None)
        result.changes[key(path)] = item

    def _counts(self, files: FileSource, paths: Sequence[Path]) -> collections.Counter[tuple[str, str]]:
        linter, _ = self._linter(files)
        return collections.Counter((f.path, f.code) for f in linter.run(paths).findings)

    def _verify(self, result: Plan) -> None:
        """Drop every file change that leaves what it fixed, or adds a finding it was not allowed to.

        Each change is checked with the files related to it (its record or
        admission file), then all surviving changes together: linear in the
        number of changes, never a re-check of the whole tree per change.
        """
        for target in list(result.changes):
            if not self._clean({target: result.changes[target]}):
                change = result.changes.pop(target)
                result.notes.append(f"{change.display}: the fix did not check clean; left as it is")
        if result.changes and not self._clean(result.changes):
            result.notes.extend(f"{c.display}: the fixes did not check clean together" for c in result.changes.values())
            result.changes.clear()

    def _clean(self, changes: dict[Path, FileChange]) -> bool:
        """Whether `changes` together reduce what each fixes and add nothing else in the files they touch."""
        checked = sorted({*changes, *(p for c in changes.values() for p in c.related)})
        created = {path for path, change in changes.items() if change.before is None}
        before = self._counts(self.files, [p for p in checked if p not in created])
        after = self._counts(Overlay({path: c.after for path, c in changes.items()}, self.files), checked)
        allowed = collections.Counter({(c.display, code): n for c in changes.values() for code, n in c.allowed.items()})
        if any(count > before[place] + allowed[place] for place, count in after.items()):
            return False
        return all(after[place] < before[place] for c in changes.values() for place in c.resolves)


__all__ = ["FIXABLE", "FileChange", "Fix", "Plan", "Planner"]
