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
from sot_lint.errors import UsageError
from sot_lint.parse.document import kind_of
from sot_lint.repo.files import FOLDER, LINK, Seen, entries
from sot_lint.repo.globs import match_any

SKIPPED_DIRECTORIES = frozenset({".git", ".hg", ".svn", ".sot-lint-cache", "node_modules", ".venv", "__pycache__"})


def relative(path: str | Path, base: str | Path) -> str:
    """`path` relative to `base` with `/` separators, or absolute when outside it.

    Lexical, like `Path.relative_to`, on strings: it runs several times per file.
    """
    text, prefix = os.fspath(path), os.fspath(base)
    if text == prefix:
        return "."
    if text.startswith(prefix) and (prefix.endswith(os.sep) or text[len(prefix)] == os.sep):
        return text[len(prefix) :].lstrip(os.sep).replace(os.sep, "/")
    if Path(text).anchor == Path(prefix).anchor:
        return Path(os.path.relpath(text, prefix)).as_posix()
    return Path(text).as_posix()


def _excluded(config: Config, path: str | Path) -> bool:
    if not config.exclude:
        return False
    return match_any(config.exclude, relative(path, config.root))


def _included(config: Config, path: str | Path) -> bool:
    """Match the root-relative path; `**/` globs also match the absolute one.

    Outside git the root is where sot-lint started, which may be inside the
    `.sot` tree; `**/.sot/**/*.md` must still match its files there. Excludes
    never look above the root, so a checkout's own location excludes nothing.
    """
    if match_any(config.include, relative(path, config.root)):
        return True
    absolute = os.fspath(path).replace(os.sep, "/").lstrip("/")
    return match_any((p for p in config.include if p.startswith("**/")), absolute)


def _walk(directory: Path, config: Config, seen: Seen) -> Iterator[Path]:
    """Files under `directory`, each folder's own (sorted) before its subfolders (sorted), as `os.walk` orders them.

    One `scandir` per folder: its entries already know whether they are links,
    where `os.walk` plus `islink` cost one more system call per folder. What
    each folder holds is kept in `seen` (by real path), for the checks to come.
    Unreadable folders are skipped, as `os.walk` skips them.
    """
    top = os.fspath(directory)
    real_top = os.path.realpath(top)
    pending = [top]
    while pending:
        current = pending.pop()
        kinds = seen[real_top + current[len(top) :]] = entries(current)
        folders: list[str] = []
        names: list[str] = []
        for name, kind in kinds.items():
            if kind == FOLDER:
                if name not in SKIPPED_DIRECTORIES:
                    folders.append(name)
            elif kind != LINK or not os.path.isdir(os.path.join(current, name)):  # a linked folder is not walked
                names.append(name)
        for name in sorted(names):
            if kind_of(name):
                path = os.path.join(current, name)
                if _included(config, path) and not _excluded(config, path):
                    yield Path(path)
        for name in sorted(folders, reverse=True):  # popped last-in first: sorted order
            path = os.path.join(current, name)
            if not _excluded(config, path + os.sep):
                pending.append(path)


def discover(arguments: Sequence[str], config: Config, seen: Seen | None = None) -> list[Path]:
    """Files to lint, absolute, in a stable order, each once; the folders walked are kept in `seen`."""
    targets = [Path(a) for a in arguments] or [config.root]
    found: dict[Path, None] = {}
    for target in targets:
        absolute = Path(os.path.abspath(target))
        if absolute.is_dir():
            found.update(dict.fromkeys(_walk(absolute, config, {} if seen is None else seen)))
        elif absolute.exists() or absolute.is_symlink():
            if kind_of(absolute.name) and not _excluded(config, absolute):
                found[absolute] = None
        else:
            raise UsageError(f"{target}: no such file or directory")
    return list(found)


def discover_staged(
    arguments: Sequence[str],
    config: Config,
    root: Path,
    staged: Sequence[tuple[str, str]],
    index_paths: Sequence[Path],
) -> list[Path]:
    """Files to lint under `--staged`: the staged SOT files, or the named ones in the index.

    `staged` holds (status, path) pairs from `git diff --cached`; a deleted
    admission file brings in the records beside it, whose admission it was.
    """
    in_index = set(index_paths)
    if arguments:
        named = [Path(os.path.abspath(a)) for a in arguments]
        return [p for p in named if p in in_index and kind_of(p.name)]
    found: dict[Path, None] = {}
    for status, name in staged:
        path = root / name
        if not kind_of(name) or not _included(config, path) or _excluded(config, path):
            continue
        if status != "D":
            found[path] = None
        elif kind_of(name) == "json":
            found.update(
                dict.fromkeys(p for p in index_paths if p.parent == path.parent and kind_of(p.name) == "markdown")
            )
    return list(found)


def included(config: Config, path: Path) -> bool:
    """Whether `path` is a SOT file by the include and exclude globs."""
    return _included(config, path) and not _excluded(config, path)


def nothing_to_check(arguments: Sequence[str], config: Config) -> UsageError:
    """The one error of an audit (or a register) that found no SOT file: never a green "0 files checked"."""
    where = ", ".join(arguments) or relative(config.root, Path.cwd())
    return UsageError(f"no SOT file to check in {where} ({include_globs(config)}, relative to {config.root})")


def include_globs(config: Config) -> str:
    """The include globs as an error line names them."""
    return f"include globs: {', '.join(config.include) or '(none)'}"
