"""`.sot-lint-cache/` at the repository root: gates and results, never a value found.

Everything here is an optimisation: a missing, unreadable or corrupt entry
is treated as absent and rebuilt; writes are atomic (temporary file, then
rename), so a crash or a parallel run never leaves half an entry. The
directory carries its own `.gitignore`, so it is never committed.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

DIRECTORY = ".sot-lint-cache"


class Cache:
    def __init__(self, root: Path | None) -> None:
        self.directory = root / DIRECTORY if root is not None else None

    def read(self, name: str) -> Any:
        """The JSON stored under `name`, or None when absent or unusable."""
        if self.directory is None:
            return None
        try:
            with (self.directory / name).open(encoding="utf-8") as handle:
                return json.load(handle)
        except (OSError, ValueError):
            return None

    def write(self, name: str, value: Any) -> None:
        """Store `value` under `name`; failures (read-only tree, full disk) are ignored."""
        if self.directory is None:
            return
        try:
            self.directory.mkdir(exist_ok=True)
            ignore = self.directory / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# created by sot-lint\n*\n", encoding="utf-8")
            if value is None:
                return
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

        A symlink named like the cache is unlinked, never followed, so
        `clean` cannot delete anything outside the repository.
        """
        if self.directory is None or not os.path.lexists(self.directory):
            return False
        if self.directory.is_symlink() or not self.directory.is_dir():
            self.directory.unlink()
            return True
        import shutil

        shutil.rmtree(self.directory)
        return True


class ResultStore:
    """Per-file findings keyed by content, config and tool version, in one SQLite file.

    Each entry also lists what the check read (paths with their content
    digests, directory listings), so a result is reused only while every one
    of those is unchanged. Connections are opened per process (workers are
    forked), and a store that cannot be opened or read is rebuilt empty.
    """

    NAME = "results-v1.sqlite3"

    def __init__(self, cache: Cache) -> None:
        self.cache = cache
        self._connection: Any = None
        self._pid = 0
        self._pending = 0

    def _open(self) -> Any:
        if self.cache.directory is None:
            return None
        if self._connection is not None and self._pid == os.getpid():
            return self._connection
        import sqlite3

        self.cache.write(".keep", None)  # creates the directory and its .gitignore
        path = self.cache.directory / self.NAME
        for attempt in range(2):
            try:
                connection = sqlite3.connect(path, timeout=30, isolation_level="DEFERRED")
                connection.execute("PRAGMA journal_mode=WAL")
                connection.execute("CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
                connection.execute(
                    "CREATE TABLE IF NOT EXISTS digests"
                    " (path TEXT PRIMARY KEY, signature TEXT NOT NULL, digest TEXT NOT NULL)"
                )
                connection.execute("SELECT count(*) FROM results LIMIT 1").fetchone()
            except sqlite3.DatabaseError:
                if attempt:
                    return None
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{path}{suffix}").unlink(missing_ok=True)
                continue
            self._connection, self._pid, self._pending = connection, os.getpid(), 0
            return connection
        return None

    def get(self, key: str) -> Any:
        connection = self._open()
        if connection is None:
            return None
        import sqlite3

        try:
            row = connection.execute("SELECT value FROM results WHERE key = ?", (key,)).fetchone()
            return json.loads(row[0]) if row is not None else None
        except (sqlite3.DatabaseError, ValueError):
            return None

    def put(self, key: str, value: Any) -> None:
        connection = self._open()
        if connection is None:
            return
        import sqlite3

        try:
            connection.execute(
                "INSERT OR REPLACE INTO results (key, value) VALUES (?, ?)",
                (key, json.dumps(value, separators=(",", ":"))),
            )
            self._pending += 1
            if self._pending >= 500:
                self.flush()
        except sqlite3.DatabaseError:
            return

    def digests(self) -> dict[str, tuple[str, str]]:
        """Path -> (stat signature, content digest) of the files earlier runs hashed."""
        connection = self._open()
        if connection is None:
            return {}
        import sqlite3

        try:
            rows = connection.execute("SELECT path, signature, digest FROM digests").fetchall()
        except sqlite3.DatabaseError:
            return {}
        return {str(path): (str(signature), str(digest)) for path, signature, digest in rows}

    def digest(self, path: str) -> tuple[str, str] | None:
        """(stat signature, content digest) an earlier run remembered for `path`, or None."""
        connection = self._open()
        if connection is None:
            return None
        import sqlite3

        try:
            row = connection.execute("SELECT signature, digest FROM digests WHERE path = ?", (path,)).fetchone()
        except sqlite3.DatabaseError:
            return None
        return (str(row[0]), str(row[1])) if row is not None else None

    def put_digests(self, rows: list[tuple[str, str, str]]) -> None:
        """Remember (path, stat signature, content digest) rows; see Workspace.digest."""
        connection = self._open()
        if connection is None or not rows:
            return
        import sqlite3

        try:
            connection.executemany("INSERT OR REPLACE INTO digests (path, signature, digest) VALUES (?, ?, ?)", rows)
        except sqlite3.DatabaseError:
            return

    def flush(self) -> None:
        if self._connection is None or self._pid != os.getpid():
            return
        import sqlite3

        try:
            self._connection.commit()
            self._pending = 0
        except sqlite3.DatabaseError:
            return


class KnownDigests:
    """The store's remembered digests, read as needed (see Workspace._remembered).

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
