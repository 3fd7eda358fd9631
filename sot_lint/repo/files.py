"""File access: where content comes from (the work tree, the git index, an editor's buffers).

Every read of a SOT file goes through a `FileSource`, so the same checks run
on the work tree, on staged content (`--staged`) or on unsaved buffers (the
language server). `WorkTree` never leaves the repository: a file whose real
path (symlinks and symlinked folders resolved) is outside the root is
refused, as is anything that is not a regular file.
"""

from __future__ import annotations

import collections
import os
import stat
from pathlib import Path
from typing import Protocol, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class FileSource(Protocol):
    """Where file content comes from: read, exists, and a directory's entries."""

    def read(self, path: Path, limit: int) -> bytes: ...
    def exists(self, path: str | Path) -> bool: ...
    def listdir(self, directory: Path) -> list[str]: ...
    def listing(self, directory: str | Path) -> list[str]: ...


def inside(path: str, root: str) -> bool:
    """Whether `path` is `root` or below it (both absolute and normalised)."""
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


FILE, LINK, FOLDER, OTHER = 1, 2, 3, 4  # a regular file, a symlink, a directory (not a link), anything else
Kinds = dict[str, int]  # name -> kind: one folder's entries
Seen = dict[str, Kinds]  # real folder -> its entries, as one run saw them


def entries(folder: str) -> Kinds:
    """The kinds of a folder's entries from one `scandir` (they come with it: no stat); {} when unreadable."""
    kinds: Kinds = {}
    try:
        with os.scandir(folder) as found:
            for entry in found:
                if entry.is_symlink():
                    kinds[entry.name] = LINK
                elif entry.is_file(follow_symlinks=False):
                    kinds[entry.name] = FILE
                else:
                    kinds[entry.name] = FOLDER if entry.is_dir(follow_symlinks=False) else OTHER
    except OSError:
        pass
    return kinds


class WorkTree:
    """Files as they are on disk, below `root`.

    A run reads each folder's entries once (their kinds come with the
    listing), so finding whether a file exists or is a link costs no system
    call of its own. One instance serves one run: it does not see later changes.
    """

    def __init__(self, root: Path, seen: Seen | None = None) -> None:
        """`seen`: folders discovery already listed in this run, so no folder is listed twice."""
        self.root = os.path.realpath(root)
        self._real_dirs: dict[str, str] = {}
        self._kinds: Seen = seen if seen is not None else {}
        self._splits: dict[str, tuple[str, str]] = {}  # path as given -> (real folder, name)

    def _split(self, path: str | Path) -> tuple[str, str]:
        """(the real path of the folder holding `path`, its name); worked out once per path and run."""
        given = os.fspath(path)
        split = self._splits.get(given)
        if split is None:
            directory, name = os.path.split(os.path.abspath(given))
            split = self._splits[given] = (self._real_dir(directory), name)
        return split

    def _real_dir(self, directory: str) -> str:
        """The real path of an absolute `directory`; a folder already listed by its real path is its own."""
        if directory in self._kinds:
            return directory
        real_dir = self._real_dirs.get(directory)
        if real_dir is None:
            real_dir = self._real_dirs[directory] = os.path.realpath(directory)
        return real_dir

    def _entries(self, real_dir: str) -> Kinds:
        kinds = self._kinds.get(real_dir)
        if kinds is None:
            kinds = self._kinds[real_dir] = entries(real_dir)
        return kinds

    def _kind(self, real_dir: str, name: str) -> int | None:
        """What `name` is in the folder, from one listing per folder and run; None when it is not there."""
        return self._entries(real_dir).get(name)

    def real(self, path: str | Path) -> str:
        """The real path of `path`; directories are resolved once per run, files only when links."""
        real_dir, name = self._split(path)
        joined = os.path.join(real_dir, name)
        return os.path.realpath(joined) if self._kind(real_dir, name) == LINK else joined

    def contained(self, path: str | Path) -> bool:
        """Whether `path` really lies inside the repository (no symlink leads out)."""
        return inside(self.real(path), self.root)

    def followable(self, path: str | Path) -> bool:
        """False when a symlink (of the file or a folder above it) leads out of the repository.

        A file named outside the repository without any link is read as named.
        """
        real = self.real(path)
        return inside(real, self.root) or real == os.path.abspath(path)

    def read(self, path: Path, limit: int) -> bytes:
        """At most `limit + 1` bytes of a regular file inside the root; a FIFO or device is never opened."""
        if not self.followable(path):
            raise OSError(0, "symlink leads outside the repository; not followed")
        if self._kind(*self._split(path)) != FILE and not stat.S_ISREG(os.stat(path).st_mode):
            raise OSError(0, "not a regular file")
        with open(path, "rb") as handle:
            wanted = min(os.fstat(handle.fileno()).st_size, limit) + 1  # read(limit + 1) allocates all of it
            content = handle.read(wanted)
            if len(content) == wanted < limit + 1:  # the file grew since
                content += handle.read(limit + 1 - wanted)
            return content

    def exists(self, path: str | Path) -> bool:
        """A regular file no symlink leads out to."""
        kind = self._kind(*self._split(path))
        if kind is None or kind in (OTHER, FOLDER):
            return False
        return (kind == FILE or os.path.isfile(path)) and self.followable(path)

    def listdir(self, directory: Path) -> list[str]:
        return sorted(self._entries(self._real_dir(os.path.abspath(directory))))

    def listing(self, directory: str | Path) -> list[str]:
        """Names with a trailing `/` for directories: a directory replaced by a file changes it."""
        kinds = self._entries(self._real_dir(os.path.abspath(directory)))
        return sorted(name + "/" if kind == FOLDER else name for name, kind in kinds.items())


class Recent(collections.OrderedDict[K, V]):
    """A dict that forgets its least recently used entries past `limit`.

    Only a convenience for locality (a record and its admission file are read
    close together); nothing may depend on an entry staying, so it can never
    turn a linear pass quadratic.
    """

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def __getitem__(self, key: K) -> V:
        self.move_to_end(key)
        return super().__getitem__(key)

    def __setitem__(self, key: K, value: V) -> None:
        super().__setitem__(key, value)
        if len(self) > self.limit:
            self.popitem(last=False)


class Contents:
    """File content read once through a `FileSource`, for the digest and the parse alike."""

    def __init__(self, source: FileSource, limit: int) -> None:
        self.source = source
        self.limit = limit
        self._recent: Recent[str, bytes | OSError] = Recent(64)

    def get(self, path: str | Path) -> bytes | OSError:
        """The content (at most `limit + 1` bytes), or the error that stopped reading it."""
        key = os.fspath(path)
        if key not in self._recent:
            try:
                self._recent[key] = self.source.read(Path(key), self.limit)
            except OSError as error:
                self._recent[key] = error
            except (RuntimeError, ValueError) as error:  # a symlink loop, an embedded NUL in a name
                self._recent[key] = OSError(0, f"cannot read file ({type(error).__name__})")
        return self._recent[key]


class Overlay:
    """Another source with some files replaced by buffers: stdin (`--stdin-filename`), an editor's open files.

    A buffer stands in for its path (which may not exist yet) in reads,
    existence and its folder's listing; every other file comes from `base`.
    """

    def __init__(self, base: FileSource, buffers: dict[str, bytes]) -> None:
        self.base = base
        self.buffers = {os.path.abspath(path): content for path, content in buffers.items()}

    def real(self, path: str | Path) -> str:
        real = getattr(self.base, "real", None)
        return str(real(path)) if real is not None else os.path.normpath(path)

    def read(self, path: Path, limit: int) -> bytes:
        content = self.buffers.get(os.path.abspath(path))
        return content[: limit + 1] if content is not None else self.base.read(path, limit)

    def exists(self, path: str | Path) -> bool:
        return os.path.abspath(path) in self.buffers or self.base.exists(path)

    def _with_buffers(self, directory: str | Path, names: list[str]) -> list[str]:
        folder = os.path.abspath(directory)
        extra = [os.path.basename(p) for p in self.buffers if os.path.dirname(p) == folder]
        return sorted({*names, *extra})

    def listdir(self, directory: Path) -> list[str]:
        return self._with_buffers(directory, self.base.listdir(directory))

    def listing(self, directory: str | Path) -> list[str]:
        return self._with_buffers(directory, self.base.listing(directory))


def write_atomically(path: Path, data: bytes, mode: int | None = None) -> None:
    """Write through a temporary file beside `path`, then rename over it: a reader never sees half a file.

    `mode` defaults to the existing file's permission bits (or the umask's for a new file).
    """
    if mode is None:
        try:
            mode = stat.S_IMODE(path.stat().st_mode)
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
    path.parent.mkdir(parents=True, exist_ok=True)
    import tempfile  # only --fix and --output write files

    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
