"""`.sot-lint-cache/` at the repository root: gates and results, never a value found.

Everything here is an optimisation: a missing, unreadable or corrupt entry
is treated as absent and rebuilt, and any failure of the store means "run
uncached", never an error. Writes are atomic (temporary file, then rename),
so a crash or a parallel run never leaves half an entry. The directory
carries its own `.gitignore`, so it is never committed. A cache path that is
not a plain directory (a committed symlink, a file) is refused: sot-lint
never writes where a link points.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

DIRECTORY = ".sot-lint-cache"


def _refusal(directory: Path) -> str | None:
    """Why `directory` cannot hold the cache, or None when it can (or does not exist yet)."""
    try:
        info = os.lstat(directory)
    except FileNotFoundError:
        return None
    except OSError as error:
        return f"cannot use {directory}: {error.strerror}"
    if stat.S_ISLNK(info.st_mode):
        return f"{directory} is a symlink; running without the cache ('sot-lint clean' removes the link)"
    if not stat.S_ISDIR(info.st_mode):
        return f"{directory} is not a directory; running without the cache ('sot-lint clean' removes it)"
    return None


class Cache:
    """The cache directory of a repository, or none (`--no-cache`, or a path that cannot be used)."""

    def __init__(self, root: Path | None) -> None:
        self.path = root / DIRECTORY if root is not None else None
        self.problem = _refusal(self.path) if self.path is not None else None
        self.directory = self.path if self.problem is None else None

    def read(self, name: str) -> Any:
        """The JSON stored under `name`, or None when absent or unusable."""
        if self.directory is None:
            return None
        try:
            with (self.directory / name).open(encoding="utf-8") as handle:
                return json.load(handle)
        except (OSError, ValueError):
            return None

    def prepare(self) -> bool:
        """Create the directory and its .gitignore; False when that is not possible."""
        if self.directory is None:
            return False
        try:
            self.directory.mkdir(exist_ok=True)
            if _refusal(self.directory) is not None:  # replaced by a link since the check
                return False
            ignore = self.directory / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# created by sot-lint\n*\n", encoding="utf-8")
        except OSError:
            return False
        return True

    def write(self, name: str, value: Any) -> None:
        """Store `value` under `name`; failures (read-only tree, full disk) are ignored."""
        if not self.prepare():
            return
        assert self.directory is not None
        try:
            import tempfile  # only when writing: a hook run without a cache never needs it

            handle, temporary = tempfile.mkstemp(dir=self.directory, prefix=".tmp-")
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as stream:
                    json.dump(value, stream, separators=(",", ":"))
                os.replace(temporary, self.directory / name)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError:
            return

    def clear(self) -> bool:
        """Remove the cache directory; False when there was none to remove.

        A symlink or file named like the cache is unlinked, never followed,
        so `clean` cannot delete anything outside the repository.
        """
        if self.path is None or not os.path.lexists(self.path):
            return False
        if self.path.is_symlink() or not self.path.is_dir():
            self.path.unlink()
            return True
        import shutil

        shutil.rmtree(self.path)
        return True


class ResultStore:
    """Entries keyed by a string (per-file findings, register rows...) and remembered digests, in SQLite.

    A value is any JSON; its key says what it is for (a kind prefix and a
    hash of content, configuration and version). Connections are opened per
    process (workers are forked); a store that cannot be opened or read is
    rebuilt empty once, then given up for the run.
    """

    NAME = "results-v2.sqlite3"
    SCHEMA = (
        "CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS digests (path TEXT PRIMARY KEY, signature TEXT NOT NULL, digest TEXT NOT NULL)",
    )

    def __init__(self, cache: Cache) -> None:
        self.cache = cache
        self._connection: Any = None
        self._pid = 0
        self._pending = 0
        self._failed = False
        self._prefetched: dict[str, str] = {}  # key -> stored text, read in bulk for the gets to come

    def _open(self) -> Any:
        if self._connection is not None and self._pid == os.getpid():
            return self._connection
        if self._failed or not self.cache.prepare():
            return None
        import sqlite3

        assert self.cache.directory is not None
        path = self.cache.directory / self.NAME
        for attempt in range(2):
            try:
                connection = sqlite3.connect(path, timeout=30, isolation_level="DEFERRED")
                connection.execute("PRAGMA journal_mode=WAL")
                connection.execute("PRAGMA synchronous=NORMAL")  # a cache: losing the last writes to a crash is fine
                for statement in self.SCHEMA:
                    connection.execute(statement)
                connection.execute("SELECT count(*) FROM results LIMIT 1").fetchone()
            except sqlite3.DatabaseError:
                if attempt == 0 and _remove_store(path):
                    continue
                break
            self._connection, self._pid, self._pending = connection, os.getpid(), 0
            return connection
        self._failed = True
        return None

    def _run(self, statement: str, rows: Iterable[tuple[str, ...]] | tuple[str, ...] = (), many: bool = False) -> Any:
        """The cursor of one statement, or None when the store cannot answer (then: uncached)."""
        connection = self._open()
        if connection is None:
            return None
        import sqlite3

        try:
            if many:
                return connection.executemany(statement, rows)
            return connection.execute(statement, rows)
        except sqlite3.DatabaseError:
            return None

    def get(self, key: str) -> Any:
        text = self._prefetched.pop(key, None)
        if text is None:
            cursor = self._run("SELECT value FROM results WHERE key = ?", (key,))
            row = cursor.fetchone() if cursor is not None else None
            text = row[0] if row is not None else None
        try:
            return json.loads(text) if text is not None else None
        except ValueError:
            return None

    PREFETCH_BATCH = 500  # keys per query: under SQLite's limit of bound parameters

    def prefetch(self, keys: Sequence[str]) -> None:
        """Read the entries of `keys` a few hundred per query, for the `get` of each that follows.

        A warm audit asks for every file's entry: one query per file was a
        tenth of its time.
        """
        for start in range(0, len(keys), self.PREFETCH_BATCH):
            batch = keys[start : start + self.PREFETCH_BATCH]
            marks = ",".join("?" * len(batch))
            cursor = self._run(f"SELECT key, value FROM results WHERE key IN ({marks})", tuple(batch))
            if cursor is None:
                return
            self._prefetched.update((str(key), str(value)) for key, value in cursor.fetchall())

    def put(self, key: str, value: Any) -> None:
        text = json.dumps(value, separators=(",", ":"))
        if self._run("INSERT OR REPLACE INTO results (key, value) VALUES (?, ?)", (key, text)) is not None:
            self._pending += 1
            if self._pending >= 500:
                self.flush()

    def put_sole(self, key: str, value: Any) -> None:
        """Store `value` as the only entry of its kind (the key up to its ':'), dropping the others.

        Whole answers are large and only the last one is worth keeping.
        """
        kind = key[: key.index(":") + 1]
        if self._run("DELETE FROM results WHERE key >= ? AND key < ?", (kind, kind[:-1] + ";")) is not None:
            self.put(key, value)

    def empty(self) -> bool:
        """Whether no result is stored (a first run, or after `clean`): nothing worth looking up."""
        cursor = self._run("SELECT 1 FROM results LIMIT 1")
        return cursor is None or cursor.fetchone() is None

    def digests(self) -> dict[str, tuple[str, str]]:
        """Path -> (stat signature, content digest) of the files earlier runs hashed."""
        cursor = self._run("SELECT path, signature, digest FROM digests")
        rows = cursor.fetchall() if cursor is not None else []
        return {str(path): (str(signature), str(digest)) for path, signature, digest in rows}

    def digest(self, path: str) -> tuple[str, str] | None:
        """(stat signature, content digest) an earlier run remembered for `path`, or None."""
        cursor = self._run("SELECT signature, digest FROM digests WHERE path = ?", (path,))
        row = cursor.fetchone() if cursor is not None else None
        return (str(row[0]), str(row[1])) if row is not None else None

    def put_digests(self, rows: list[tuple[str, str, str]]) -> None:
        """Remember (path, stat signature, content digest) rows; see tracking.Tracker."""
        if rows:
            self._run("INSERT OR REPLACE INTO digests (path, signature, digest) VALUES (?, ?, ?)", rows, many=True)

    def flush(self) -> None:
        if self._connection is None or self._pid != os.getpid():
            return
        import sqlite3

        try:
            self._connection.commit()
            self._pending = 0
        except sqlite3.DatabaseError:
            return


def _remove_store(path: Path) -> bool:
    """Delete a corrupt store and its journals; False when something is in the way (a folder...)."""
    try:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    except OSError:
        return False
    return True


class KnownDigests:
    """The store's remembered digests, read as needed (see tracking.Tracker._remembered).

    A hook run asks for a handful, one query each; past `BULK_AFTER` questions
    (an audit asks thousands) one query loads them all.
    """

    BULK_AFTER = 64

    def __init__(self, store: ResultStore) -> None:
        self.store = store
        self._all: dict[str, tuple[str, str]] | None = None
        self._asked = 0

    def get(self, path: str) -> tuple[str, str] | None:
        if self._all is None:
            self._asked += 1
            if self._asked <= self.BULK_AFTER:
                return self.store.digest(path)
            self._all = self.store.digests()
        return self._all.get(path)
