"""Unsaved content over the files on disk, for the editor and for checking fixes before writing them.

An editor's open buffers, and the text a fix is about to write, must win over
disk for every rule, cross-file ones included: the workspace reads through this
source exactly as it reads the work tree.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from sot_lint.repo.workspace import FileSource, WorkTree


def key(path: str | Path) -> Path:
    """The absolute, normalised path buffers are kept under."""
    return Path(os.path.abspath(path))


class Overlay:
    """A `FileSource` that answers from `texts` (absolute path -> bytes) first, then from `base`."""

    def __init__(self, texts: Mapping[Path, bytes], base: FileSource | None = None) -> None:
        self.texts = {key(path): data for path, data in texts.items()}
        self.base: FileSource = base or WorkTree()

    def read(self, path: Path, limit: int) -> bytes:
        data = self.texts.get(key(path))
        if data is None:
            return self.base.read(path, limit)
        return data[: limit + 1]

    def exists(self, path: str | Path) -> bool:
        return key(path) in self.texts or self.base.exists(path)

    def _added(self, directory: Path) -> set[str]:
        folder = key(directory)
        return {path.name for path in self.texts if path.parent == folder}

    def listdir(self, directory: Path) -> list[str]:
        return sorted(set(self.base.listdir(directory)) | self._added(directory))

    def listing(self, directory: Path) -> list[str]:
        return sorted(set(self.base.listing(directory)) | self._added(directory))
