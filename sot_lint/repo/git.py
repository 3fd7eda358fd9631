"""Reads from git: the index, a base revision, the commits of a history walk.

Every call runs `git` with `-z` or a batch protocol, so file names with spaces,
quotes or unicode pass through untouched. Nothing here writes to the
repository.
"""

from __future__ import annotations

import codecs
import os
import subprocess
from collections.abc import Iterable, Iterator, Sequence
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

    def listing(self, directory: str | Path) -> list[str]:
        return self.listdir(Path(directory))  # the index holds files only


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


# Settings a user's config could change in `git log -p` output, pinned back to git's defaults.
_LOG_CONFIG = (
    "core.quotepath=off", "diff.noprefix=false", "diff.mnemonicPrefix=false",
    "diff.suppressBlankEmpty=false", "log.showSignature=false", "diff.relative=false",
)  # fmt: skip


def _ranges(header: str) -> list[int] | None:
    """Line counts of a hunk header, parents first then the result: `@@ -1,2 +3 @@` -> [2, 1]."""
    marker = header[: len(header) - len(header.lstrip("@"))]
    body, closed, _ = header[len(marker) :].partition(" " + marker)
    if not closed:
        return None
    counts = []
    for part in body.split():
        if part[:1] not in "-+":
            return None
        _, _, count = part[1:].partition(",")
        counts.append(int(count) if count.isdigit() else 1)
    return counts


def _start(header: str) -> int:
    """The first result line of a hunk (`+c,d`)."""
    plus = next(part for part in header.split() if part.startswith("+"))
    return int(plus[1:].split(",")[0])


def _patch(output: Iterable[bytes]) -> Iterator[tuple[str, str, int, str]]:
    """("commit", id and parents, 0, "") and ("line", path, line, text) records of `git log/diff -p -U0`.

    No content can pass for a diff header: inside a hunk, the lines its
    header counts are read as content whatever they start with (`++ b/x`,
    `@@`, `commit ...`); headers are recognised only between hunks. A
    combined hunk (`@@@`, a merge shown by a user's config) is counted the
    same way and skipped: merges are read against each parent instead.
    """
    path = ""
    counts: list[int] = []  # lines still to read in the current hunk: per parent, then the result
    line = 0  # the next result line
    for raw in output:
        text = raw.rstrip(b"\n").decode("utf-8", "surrogateescape")
        if any(count > 0 for count in counts):
            parents = len(counts) - 1
            marks = text[:parents].ljust(parents)
            if marks.startswith("\\"):
                continue  # "\ No newline at end of file" counts for no side
            if "-" in marks:  # a line of the parents marked `-` only
                counts[:-1] = [count - (mark == "-") for count, mark in zip(counts, marks, strict=False)]
                continue
            counts[:-1] = [count - (mark == " ") for count, mark in zip(counts, marks, strict=False)]
            counts[-1] -= 1
            if path and parents == 1 and marks == "+":
                yield "line", path, line, text[1:]
            line += 1
            continue
        counts = []
        if text.startswith("commit ") and len(text) >= 47:
            path = ""
            yield "commit", text[7:], 0, ""
        elif text.startswith("diff "):
            path = ""
        elif text.startswith("+++ "):
            target = _unquote(text[4:].removesuffix("\t"))
            path = target[2:] if target.startswith("b/") else ""
        elif text.startswith("@@"):
            ranges = _ranges(text)
            if ranges is not None and len(ranges) >= 2:
                counts, line = ranges, _start(text)


def _diff_args(*extra: str) -> list[str]:
    pinned = [part for setting in _LOG_CONFIG for part in ("-c", setting)]
    options = ["-p", "--text", "--unified=0", "--no-color", "--no-ext-diff", "--no-textconv", "--no-renames"]
    return ["git", *pinned, *extra, *options, "--src-prefix=a/", "--dst-prefix=b/"]


def _merge_lines(root: Path, commit: str, parents: list[str]) -> Iterator[AddedLine]:
    """Lines a merge added that none of its parents holds there: its own resolution."""
    added: list[dict[tuple[str, int], str]] = []
    for parent in parents:
        output = run(root, *_diff_args("diff")[1:], parent, commit, "--").splitlines(keepends=True)
        added.append({(path, line): text for kind, path, line, text in _patch(output) if kind == "line"})
    shared = set(added[0]).intersection(*added[1:])
    for path, line in sorted(shared):
        yield AddedLine(commit, path, line, added[0][(path, line)])


def added_lines(root: Path, revisions: Sequence[str]) -> Iterator[AddedLine]:
    """Every line each commit added, merges' own resolutions included, streamed from `git log -p`.

    `--text` diffs files marked `-diff` or `binary` too. A merge shows no diff
    in the log; it is diffed against each parent, and a line new to all of
    them is one the merge itself wrote.
    """
    args = [*_diff_args("log"), "--format=commit %H %P", *revisions, "--"]
    process = subprocess.Popen(args, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None
    commit = ""
    for kind, path, line, text in _patch(process.stdout):
        if kind == "commit":
            commit, *parents = path.split()
            if len(parents) > 1:
                yield from _merge_lines(root, commit, parents)
        else:
            yield AddedLine(commit, path, line, text)
    _, error = process.communicate()
    if process.returncode not in (0, None):
        reason = error.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(f"git log failed: {reason[-1] if reason else process.returncode}")
