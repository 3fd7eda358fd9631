"""Unsaved content over the files on disk, for the editor and for checking fixes before writing them.

An editor's open buffers, and the text a fix is about to write, must win over
disk for every rule, cross-file ones included: the index reads through this
source exactly as it reads the work tree (it is `repo.files.Overlay`, keyed by
`Path`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from sot_lint.repo import files
from sot_lint.repo.files import FileSource


def key(path: str | Path) -> Path:
    """The absolute, normalised path buffers are kept under."""
    return Path(os.path.abspath(path))


class Overlay(files.Overlay):
    """A `FileSource` that answers from `texts` (absolute path -> bytes) first, then from `base` (disk)."""

    def __init__(self, texts: Mapping[Path, bytes], base: FileSource | None = None) -> None:
        super().__init__(base or files.WorkTree(Path(os.sep)), {str(key(path)): data for path, data in texts.items()})
        self.texts = {key(path): data for path, data in texts.items()}
