"""What the language server knows, without any LSP: buffers, configuration, findings, fixes, hover text.

Findings come from the very `Linter` that `sot-lint check` runs, over a
workspace that reads open buffers before disk (`fix.overlay.Overlay`), so a
cross-file rule sees the unsaved admission JSON of a record and the reverse.
No result cache is used for buffers: they change on every keystroke.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sot_lint import config, configfile
from sot_lint.config import Config, ConfigError
from sot_lint.finding import Finding
from sot_lint.fix import Plan, Planner
from sot_lint.fix.overlay import Overlay, key
from sot_lint.leaks import Scanner, redact_text
from sot_lint.linter import Linter
from sot_lint.parse.document import Document
from sot_lint.repo.cache import Cache
from sot_lint.repo.discover import included
from sot_lint.repo.files import WorkTree
from sot_lint.repo.index import Index
from sot_lint.selection import Selection

Signature = tuple[tuple[str, int, int] | None, ...]


@dataclass(frozen=True)
class Setup:
    """One loaded configuration and what is built from it once."""

    config: Config
    selection: Selection
    scanner: Scanner


def _stat(path: Path) -> tuple[str, int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return (str(path), info.st_mtime_ns, info.st_size)


class Engine:
    """The server's state for one workspace root: open buffers and the configuration found from the root."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.buffers: dict[Path, str] = {}
        self.setup: Setup | None = None
        self.error: str | None = None  # the configuration problem, once redacted
        self._config_signature: Signature = ()
        self._disk_signature: Signature = ()
        self._tried = False  # whether a configuration was loaded (or failed to load) yet

    # --- configuration ---------------------------------------------------------------------

    def _config_files(self) -> list[Path]:
        """Every file whose change may change the configuration: config candidates and the schema."""
        files = []
        git_root = configfile.find_root(self.root)
        for directory in (self.root, *self.root.parents):
            files += [directory / config.CONFIG_FILE, directory / config.PYPROJECT]
            if directory == git_root:
                break
        if self.setup is not None and self.setup.config.admission_schema is not None:
            files.append(self.setup.config.admission_schema)
        return files

    def reload(self) -> bool:
        """Load the configuration again when a config file changed; True when it was (re)loaded."""
        signature = tuple(_stat(path) for path in self._config_files())
        if self._tried and signature == self._config_signature:
            return False  # unchanged since the last attempt, good or broken
        self._tried = True
        self._config_signature = signature
        try:
            settings = configfile.load(None, self.root)
            from sot_lint.parse.admission import load_schema

            load_schema.cache_clear()
            load_schema(settings.admission_schema)
        except ConfigError as error:
            scanner = self.setup.scanner if self.setup is not None else _fallback_scanner()
            self.error = redact_text(f"sot-lint: configuration error: {error}", scanner)
            return True
        selection = Selection.of(settings)
        scanner = Scanner.from_config(settings, frozenset(), Cache(settings.root), os.environ)
        self.setup = Setup(settings, selection, scanner)
        self.error = None
        self._config_signature = tuple(_stat(path) for path in self._config_files())
        return True

    def disk_changed(self) -> bool:
        """Whether a SOT file beside an open buffer changed on disk since the last call."""
        stats: list[tuple[str, int, int] | None] = []
        for directory in sorted({path.parent for path in self.buffers}):
            try:
                names = sorted(os.listdir(directory))
            except OSError:
                continue
            stats += [_stat(directory / name) for name in names if name.endswith((".md", ".json"))]
        signature = tuple(stats)
        changed = signature != self._disk_signature
        self._disk_signature = signature
        return changed

    # --- buffers and findings --------------------------------------------------------------

    def lints(self, path: Path) -> bool:
        """Whether `path` is a SOT file by the configuration (only those get diagnostics)."""
        return self.setup is not None and included(self.setup.config, path) and path.suffix in (".md", ".json")

    def files(self) -> Overlay:
        # a lone surrogate (possible in LSP's JSON) makes the buffer invalid UTF-8: SOT001, as on disk
        texts = {path: text.encode("utf-8", "surrogatepass") for path, text in self.buffers.items()}
        return Overlay(texts, WorkTree(self.setup.config.root) if self.setup is not None else None)

    def _linter(self) -> tuple[Linter, Index]:
        assert self.setup is not None
        index = Index.open(self.setup.config, self.root, self.files())
        return Linter(self.setup.config, self.setup.selection, self.setup.scanner, index), index

    def check(self, paths: Iterable[Path]) -> dict[Path, list[Finding]]:
        """Findings of `paths` (with buffers over disk), by absolute path; every path has an entry."""
        wanted = sorted({key(path) for path in paths if self.lints(key(path))})
        found: dict[Path, list[Finding]] = {path: [] for path in wanted}
        if not wanted:
            return found
        linter, _ = self._linter()
        for finding in linter.run(wanted).findings:
            found.setdefault(key(self.root / finding.path), []).append(finding)
        return found

    def document(self, path: Path) -> Document | None:
        if self.setup is None:
            return None
        _, workspace = self._linter()
        return workspace.load(key(path))

    def plan(self, paths: Sequence[Path], only: Iterable[str | None] | None = None) -> Plan:
        assert self.setup is not None
        planner = Planner(self.setup.config, self.setup.selection, self.setup.scanner, self.root, self.files())
        return planner.plan([key(p) for p in paths if self.lints(key(p))], None if only is None else set(only))

    def redact(self, text: str) -> str:
        return redact_text(text, self.setup.scanner if self.setup is not None else _fallback_scanner())


def _fallback_scanner() -> Scanner:
    return Scanner.from_config(Config(), environ=os.environ)
