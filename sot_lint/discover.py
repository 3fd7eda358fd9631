"""Command-line paths -> the SOT files to lint.

Directories are walked (hidden ones such as `.sot` included, `.git` and
symlinked directories not) and filtered by the include globs. Files named
explicitly are linted when they are `.md` or `.json`, even outside the include
globs, but excludes apply to them too, as ruff's `--force-exclude` does:
pre-commit passes files explicitly.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from sot_lint.config import Config
from sot_lint.document import kind_of
from sot_lint.globs import matches

SKIPPED_DIRECTORIES = frozenset({".git", ".hg", ".svn", ".sot-lint-cache", "node_modules", ".venv", "__pycache__"})


class UsageError(Exception):
    """A bad command line; the CLI prints it as one line and exits 2."""


def relative(path: Path, base: Path) -> str:
    """`path` relative to `base` with `/` separators, or absolute when outside it."""
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return Path(os.path.relpath(path, base)).as_posix() if path.anchor == base.anchor else path.as_posix()


def _excluded(config: Config, rel: str) -> bool:
    return any(matches(pattern, rel) for pattern in config.exclude)


def _included(config: Config, rel: str) -> bool:
    return any(matches(pattern, rel) for pattern in config.include)


def _walk(directory: Path, config: Config) -> Iterator[Path]:
    for current, dirs, files in os.walk(directory):
        here = Path(current)
        dirs[:] = sorted(
            d
            for d in dirs
            if d not in SKIPPED_DIRECTORIES
            and not (here / d).is_symlink()
            and not _excluded(config, relative(here / d, config.root))
        )
        for name in sorted(files):
            path = here / name
            rel = relative(path, config.root)
            if kind_of(name) and _included(config, rel) and not _excluded(config, rel):
                yield path


def discover(arguments: Sequence[str], config: Config) -> list[Path]:
    """Files to lint, absolute, in a stable order, each once."""
    targets = [Path(a) for a in arguments] or [config.root]
    found: dict[Path, None] = {}
    for target in targets:
        absolute = Path(os.path.abspath(target))
        if absolute.is_dir():
            found.update(dict.fromkeys(_walk(absolute, config)))
        elif absolute.exists() or absolute.is_symlink():
            if kind_of(absolute.name) and not _excluded(config, relative(absolute, config.root)):
                found[absolute] = None
        else:
            raise UsageError(f"{target}: no such file or directory")
    return list(found)
