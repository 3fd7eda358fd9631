"""The base revision a change is judged against (`--base REV`, or HEAD with `--staged`)."""

from __future__ import annotations

from pathlib import Path

from sot_lint.config import Config
from sot_lint.parse import document
from sot_lint.parse.document import Document
from sot_lint.repo import git
from sot_lint.repo.discover import relative


class BaseRevision:
    """Documents as they were at one commit, following renames to the old path."""

    def __init__(self, config: Config, root: Path, revision: str, staged: bool) -> None:
        self.config = config
        self.root = root
        self.revision = git.resolve_revision(root, revision)
        changes = git.changes_since(root, self.revision, staged)
        self.renamed_from = {c.new: c.old for c in changes if c.status == "R"}
        self.reader = git.BlobReader(root)

    def load(self, path: Path) -> Document | None:
        """The document at the base, or None for a file the base does not have."""
        rel = relative(path, self.root)
        old = self.renamed_from.get(rel, rel)
        data = self.reader.read(f"{self.revision}:{old}")
        if data is None:
            return None
        kind = document.kind_of(old) or "markdown"
        return document.parse(old, kind, data, self.config.max_file_size)

    def close(self) -> None:
        self.reader.close()
