"""Every change of `decision_status` per record, from one streaming `git log`.

`git log --raw` names, for each commit that touched a record, the blob before
and after; one `git cat-file --batch` process reads each distinct blob once,
and the real parser reads its decision state. So a history costs two git
processes whatever the number of commits, and the value compared is the one
the `Current Decision State` section holds, never a line of `Decision History`.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator, Mapping
from pathlib import Path

from sot_lint.config import Config
from sot_lint.errors import UsageError
from sot_lint.parse import document
from sot_lint.register.model import Change
from sot_lint.repo import git
from sot_lint.rules.base import first, state_fields

_NO_BLOB = "0" * 40
_MAX_ARGUMENTS = 64_000  # characters of pathspecs; past this, the records' directories are named instead
_HEADER = "\x01"
SHORT = 10  # characters of a commit id shown (--no-abbrev, needed for blob ids, also widens %h)


def _split(chunks: Iterator[bytes]) -> Iterator[str]:
    """NUL-separated tokens of a byte stream, decoded as git writes paths (UTF-8, bytes kept)."""
    pending = b""
    for chunk in chunks:
        pending += chunk
        *done, pending = pending.split(b"\0")
        for token in done:
            yield token.decode("utf-8", "surrogateescape")
    if pending:
        yield pending.decode("utf-8", "surrogateescape")


def _pathspecs(paths: list[str]) -> list[str]:
    """Literal pathspecs of the records, or of their directories when the list is very long."""
    if sum(len(p) + 1 for p in paths) > _MAX_ARGUMENTS:
        paths = sorted({os.path.dirname(p) or "." for p in paths})
    return [f":(literal){p}" for p in paths]


def _log(root: Path, paths: list[str]) -> Iterator[tuple[str, str, str, str, str]]:
    """(path, short commit, date, blob before, blob after) for every commit touching `paths`, newest first."""
    command = [
        "git",
        "-c",
        "core.quotepath=off",
        "log",
        "-z",
        "--no-renames",
        "--raw",
        "--no-abbrev",
        f"--format=tformat:{_HEADER}%H %aI",
        "--",
        *_pathspecs(paths),
    ]
    wanted = set(paths)
    try:
        process = subprocess.Popen(command, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    except OSError as error:
        raise UsageError(f"cannot run git: {error.strerror}") from None
    assert process.stdout is not None
    short = date = ""
    raw: list[str] | None = None
    try:
        stdout = process.stdout
        for item in _split(iter(lambda: stdout.read(65536), b"")):
            token = item.lstrip("\n")
            if token.startswith(_HEADER):
                commit, date = [*token[1:].split(" "), "", ""][:2]
                short = commit[:SHORT]
            elif token.startswith(":"):
                raw = token[1:].split(" ")
            elif raw is not None:
                if len(raw) >= 4 and token in wanted:
                    yield token, short, date, raw[2], raw[3]
                raw = None
        _, errors = process.communicate()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    if process.returncode != 0:
        reason = errors.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(f"git log failed: {reason[-1] if reason else 'exit ' + str(process.returncode)}")


def changes(root: Path, config: Config, records: Mapping[str, str]) -> dict[str, tuple[Change, ...]]:
    """Display path -> its `decision_status` changes, oldest first.

    `records` maps each record's root-relative path (with `/`) to its display
    path. A commit where the record first appears is a change from None.
    """
    if not records or not git.has_commits(root):
        return {}
    reader = git.BlobReader(root)
    statuses: dict[str, str | None] = {_NO_BLOB: None}

    def status(blob: str) -> str | None:
        if blob not in statuses:
            data = reader.read(blob)
            value = None
            if data is not None:
                doc = document.parse("<history>", "markdown", data, config.max_file_size)
                found = first(state_fields(doc, config) or (), "decision_status")
                value = found.value if found is not None and isinstance(found.value, str) else None
            statuses[blob] = value
        return statuses[blob]

    found: dict[str, list[Change]] = {}
    try:
        for path, short, date, before, after in _log(root, sorted(records)):
            old, new = status(before), status(after)
            if old != new:
                found.setdefault(records[path], []).append(Change(short, date, old, new))
    finally:
        reader.close()
    return {path: tuple(reversed(items)) for path, items in found.items()}
