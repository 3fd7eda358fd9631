"""Reads from git: the index, a base revision, the commits of a history walk.

Every call runs `git` with `-z` or a batch protocol, so file names with spaces,
quotes or unicode pass through untouched. Nothing here writes to the
repository.
"""

from __future__ import annotations

import codecs
import os
import subprocess
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sot_lint.errors import UsageError

EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"


def run(root: Path, *args: str, input_bytes: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(
            ["git", "-c", "core.quotepath=off", *args],
            cwd=root,
            input=input_bytes,
            capture_output=True,
            check=False,
        )
    except OSError as error:
        raise UsageError(f"cannot run git: {error.strerror}") from None
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(f"git {args[0]} failed: {reason[-1] if reason else 'exit ' + str(done.returncode)}")
    return done.stdout


def toplevel(cwd: Path) -> Path:
    """The work tree root, or a UsageError outside a git repository."""
    try:
        out = run(cwd, "rev-parse", "--show-toplevel")
    except UsageError:
        raise UsageError("not inside a git repository (--staged, --base and history need one)") from None
    return Path(out.decode("utf-8").strip())


def has_commits(root: Path) -> bool:
    done = subprocess.run(["git", "rev-parse", "--verify", "-q", "HEAD"], cwd=root, capture_output=True, check=False)
    return done.returncode == 0


def resolve_revision(root: Path, revision: str) -> str:
    """The commit id of `revision`; a UsageError naming it when it does not exist."""
    try:
        return run(root, "rev-parse", "--verify", "-q", f"{revision}^{{commit}}").decode().strip()
    except UsageError:
        raise UsageError(f"unknown revision '{revision}'") from None


class BlobReader:
    """Reads many blobs through one `git cat-file --batch` process."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._process: subprocess.Popen[bytes] | None = None

    def read(self, spec: str) -> bytes | None:
        """Content of `spec` (`<rev>:<path>`, `:<path>` or a blob id), None when missing."""
        if self._process is None:
            self._process = subprocess.Popen(
                ["git", "cat-file", "--batch"],
                cwd=self.root,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        assert self._process.stdin is not None and self._process.stdout is not None
        self._process.stdin.write(spec.encode("utf-8", "surrogateescape") + b"\n")
        self._process.stdin.flush()
        header = self._process.stdout.readline().rstrip(b"\n").split(b" ")
        if len(header) != 3 or header[1] != b"blob":
            return None
        size = int(header[2])
        data = self._process.stdout.read(size)
        self._process.stdout.read(1)  # the newline after the content
        return data

    def close(self) -> None:
        if self._process is not None:
            if self._process.stdin is not None:
                self._process.stdin.close()
            self._process.wait()
            self._process = None


@dataclass
class IndexFiles:
    """The staged (index) content of the repository, as a `FileSource`."""

    root: Path
    blobs: dict[Path, str] = field(default_factory=dict)  # absolute path -> blob id
    reader: BlobReader | None = None

    @classmethod
    def load(cls, root: Path) -> IndexFiles:
        entries: dict[Path, str] = {}
        for record in run(root, "ls-files", "-s", "-z").split(b"\0"):
            if not record:
                continue
            meta, _, name = record.partition(b"\t")
            mode, blob, stage = meta.split(b" ")
            if stage in (b"0", b"2") and mode != b"160000":  # merged, or "ours" in a conflict
                entries[root / os.fsdecode(name)] = blob.decode()
        return cls(root, entries, BlobReader(root))

    def read(self, path: Path, limit: int) -> bytes:
        blob = self.blobs.get(path)
        data = self.reader.read(blob) if blob is not None and self.reader is not None else None
        if data is None:
            raise FileNotFoundError(2, "not in the index", str(path))
        return data[: limit + 1]

    def exists(self, path: str | Path) -> bool:
        return Path(path) in self.blobs

    def listdir(self, directory: Path) -> list[str]:
        return sorted(p.name for p in self.blobs if p.parent == directory)

    def listing(self, directory: Path) -> list[str]:
        return self.listdir(directory)  # the index holds files only


@dataclass(frozen=True)
class Change:
    """One changed path between two states; `old` differs from `new` for a rename."""

    status: str
    old: str
    new: str


def _name_status(output: bytes) -> list[Change]:
    fields = [os.fsdecode(part) for part in output.split(b"\0")]
    changes: list[Change] = []
    index = 0
    while index < len(fields) and fields[index]:
        status = fields[index]
        if status[0] in "RC":
            changes.append(Change(status[0], fields[index + 1], fields[index + 2]))
            index += 3
        else:
            changes.append(Change(status[0], fields[index + 1], fields[index + 1]))
            index += 2
    return changes


def staged_changes(root: Path) -> list[Change]:
    """Changes of the index against HEAD (or the empty tree before the first commit)."""
    return changes_since(root, "HEAD" if has_commits(root) else EMPTY_TREE, staged=True)


def changes_since(root: Path, base: str, staged: bool) -> list[Change]:
    """Changes from `base` to the index (staged) or to the work tree."""
    args = ["diff", "--name-status", "-z", "-M"]
    if staged:
        args.append("--cached")
    return _name_status(run(root, *args, base))


def _unquote(name: str) -> str:
    """git's C-style quoting of unusual file names (`"b/a\\tb"`), undone."""
    if len(name) < 2 or not (name.startswith('"') and name.endswith('"')):
        return name
    raw = name[1:-1].encode("latin-1", "backslashreplace")
    return codecs.escape_decode(raw)[0].decode("utf-8", "surrogateescape")


@dataclass(frozen=True)
class AddedLine:
    commit: str
    path: str
    line: int
    text: str


def added_lines(root: Path, revisions: Sequence[str]) -> Iterator[AddedLine]:
    """Every line each commit added, streamed from one `git log -p` process."""
    args = ["git", "-c", "core.quotepath=off", "log", "-p", "--unified=0", "--no-color", "--no-ext-diff"]
    args += ["--format=commit %H", "--no-renames", *revisions, "--"]
    process = subprocess.Popen(args, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None
    commit = path = ""
    line = 0
    for raw in process.stdout:
        text = raw.rstrip(b"\n").decode("utf-8", "surrogateescape")
        if text.startswith("commit ") and len(text) == 47:
            commit, path = text[7:], ""
        elif text.startswith("+++ "):
            target = _unquote(text[4:])
            path = target[2:] if target.startswith("b/") else ""
        elif text.startswith("@@ "):
            plus = text.split(" ")[2]
            line = int(plus[1:].split(",")[0])
        elif text.startswith("+") and path:
            yield AddedLine(commit, path, line, text[1:])
            line += 1
    _, error = process.communicate()
    if process.returncode not in (0, None):
        reason = error.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(f"git log failed: {reason[-1] if reason else process.returncode}")
