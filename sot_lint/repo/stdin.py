"""`check --stdin-filename PATH -`: an editor's unsaved buffer, linted as the file at PATH.

The buffer stands in for PATH (which may not exist yet); every other file,
the record's admission JSON above all, is read from the work tree as usual.
"""

from __future__ import annotations

import os
from pathlib import Path

from sot_lint.repo.workspace import WorkTree


class StdinOverlay(WorkTree):
    """The work tree, with `target` holding `content` (a `FileSource`)."""

    def __init__(self, target: Path, content: bytes) -> None:
        self.target = target
        self.content = content

    def read(self, path: Path, limit: int) -> bytes:
        if Path(os.path.abspath(path)) == self.target:
            return self.content[: limit + 1]
        return super().read(path, limit)

    def exists(self, path: str | Path) -> bool:
        return Path(os.path.abspath(path)) == self.target or super().exists(path)

    def listdir(self, directory: Path) -> list[str]:
        names = super().listdir(directory)
        if Path(os.path.abspath(directory)) == self.target.parent and self.target.name not in names:
            names = sorted([*names, self.target.name])
        return names

    def listing(self, directory: Path) -> list[str]:
        names = super().listing(directory)
        if Path(os.path.abspath(directory)) == self.target.parent and self.target.name not in names:
            names = sorted([*names, self.target.name])
        return names
