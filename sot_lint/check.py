"""`sot-lint check`: config -> discover -> (fix) -> lint -> report -> exit code; and `sot-lint history`.

An audit (directories, or the repository) and a hook run (`--staged`, stdin,
or files named as pre-commit passes them) differ in where content comes from
and in what an empty selection means; both end in one Result and its report.
`history` runs the same leak scan over the lines past commits added.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from sot_lint import configfile, output
from sot_lint.config import Config
from sot_lint.errors import EXIT_FINDINGS, EXIT_OK, UsageError
from sot_lint.finding import Result, Severity
from sot_lint.leaks import Scanner
from sot_lint.linter import Linter
from sot_lint.parse.document import kind_of
from sot_lint.repo.cache import Cache, KnownDigests, ResultStore
from sot_lint.repo.discover import (
    discover,
    discover_staged,
    include_globs,
    included,
    nothing_to_check,
    relative,
)
from sot_lint.repo.files import Overlay, Seen, WorkTree
from sot_lint.repo.index import Index
from sot_lint.selection import Selection
from sot_lint.suppress import load_baseline

if TYPE_CHECKING:
    from sot_lint.repo.revision import BaseRevision


def _hook_mode(args: argparse.Namespace) -> bool:
    """`--staged`, stdin, or files named explicitly (as pre-commit passes them); directories mean an audit."""
    if args.staged or args.stdin_filename:
        return True
    return bool(args.paths) and not any(os.path.isdir(path) for path in args.paths)


def _audited(args: argparse.Namespace, settings: Config, seen: Seen | None = None) -> list[Path]:
    """The files an audit or a hook run checks; a path that does not exist is an error.

    Files named explicitly pass the include globs too: pre-commit's hook
    filters by file type only and leaves the rest to the globs (SPEC §11).
    """
    for path in args.paths:
        if not os.path.lexists(path):
            raise UsageError(f"{path}: no such file or directory ({include_globs(settings)})")
    found = discover(args.paths, settings, seen)
    if _hook_mode(args):
        found = [path for path in found if included(settings, path)]
    return found


def _validate(args: argparse.Namespace) -> None:
    if (args.stdin_filename is not None or "-" in args.paths) and (args.paths != ["-"] or not args.stdin_filename):
        raise UsageError("read stdin with 'check --stdin-filename PATH -' (one '-' and the path it stands for)")
    if args.stdin_filename and args.staged:
        raise UsageError("--stdin-filename and --staged cannot be combined")


@dataclasses.dataclass
class _Run:
    """What one check reads: its files, where their content comes from, its base and result store."""

    paths: list[Path]
    index: Index
    base: BaseRevision | None = None
    store: ResultStore | None = None  # results are kept for the work tree only, not for the index or stdin


def _prepare(args: argparse.Namespace, settings: Config, cache: Cache, cwd: Path, scanner: Scanner) -> _Run:
    base: BaseRevision | None = None
    if args.staged or args.base:  # git only when asked for: a plain check never starts it or imports it
        from sot_lint.repo import git
        from sot_lint.repo.revision import BaseRevision

        root = git.toplevel(cwd)
        revision = args.base or ("HEAD" if git.has_commits(root) else None)
        base = BaseRevision(settings, root, revision, args.staged) if revision else None
    try:
        if args.stdin_filename:
            target = Path(os.path.abspath(args.stdin_filename))
            paths = [target] if kind_of(target.name) and included(settings, target) else []
            buffer = Overlay(WorkTree(settings.root), {str(target): sys.stdin.buffer.read()})
            return _Run(paths, Index.open(settings, cwd, buffer), base)
        if args.staged:
            staged = git.IndexFiles.load(root)
            changes = [(c.status, c.new) for c in git.staged_changes(root)]
            paths = discover_staged(args.paths, settings, root, changes, list(staged.blobs))
            return _Run(paths, Index.open(settings, cwd, staged), base)
        store = ResultStore(cache) if cache.directory is not None else None
        if not args.list_files:
            cache.prepare()  # before the walk: what it sees of the root is then what later runs see
            if args.jobs > 1 and not _hook_mode(args) and (store is None or store.empty()):
                scanner.compile_ahead()  # nothing stored: every file will be scanned, so compile while walking
        seen: Seen = {}
        paths = _audited(args, settings, seen)
    except BaseException:
        scanner.settle()
        if base is not None:
            base.close()
        raise
    index = Index.open(settings, cwd, known_digests=KnownDigests(store) if store is not None else None, seen=seen)
    return _Run(paths, index, base, store)


def run(args: argparse.Namespace) -> int:
    """`sot-lint check`: exit 1 when a finding reaches `fail-on` (unless --exit-zero), else 0."""
    cwd = Path.cwd()
    settings = configfile.load(args.config, cwd)
    if args.fail_on:
        settings = dataclasses.replace(settings, fail_on=Severity(args.fail_on))
    _validate(args)
    selection = Selection.of(settings, args.select, args.ignore or ())
    baseline = load_baseline(args.baseline) if args.baseline else frozenset()
    cache = Cache(None if args.no_cache or args.stdin_filename else settings.root)
    if cache.problem is not None:
        sys.stderr.write(f"sot-lint: warning: {cache.problem}\n")
    scanner = Scanner.from_config(settings, baseline, cache, os.environ)
    if args.fix or args.diff:
        if args.staged:
            raise UsageError("--fix and --diff work on the work tree; they cannot be combined with --staged")
        from sot_lint.fix.command import run as run_fixes

        fixable = run_fixes(
            _audited(args, settings), settings, selection, scanner, diff=args.diff, out=sys.stdout, err=sys.stderr
        )
        if args.diff:
            return EXIT_FINDINGS if fixable else EXIT_OK
    run = _prepare(args, settings, cache, cwd, scanner)  # after the fixes: a created admission file is checked too
    try:
        if args.list_files:
            sys.stdout.writelines(f"{relative(path, cwd)}\n" for path in run.paths)
            return EXIT_OK
        if not run.paths:
            if not _hook_mode(args):
                raise nothing_to_check(args.paths, settings)
            if output.chosen_format(args.format) != "text":  # machine formats still get their (empty) document
                _write(Result((), ()), args)
            return EXIT_OK  # a hook run with no SOT file among its files: silent
        progress = _progress_meter() if not _hook_mode(args) and len(run.paths) >= 200 else None
        jobs = 1 if args.staged else args.jobs
        linter = Linter(settings, selection, scanner, run.index, base=run.base, store=run.store)
        result = linter.run(run.paths, progress, jobs)
    finally:
        scanner.settle()
        if run.base is not None:
            run.base.close()
    result = dataclasses.replace(result, fail_on=settings.fail_on)
    _write(result, args)
    failing = any(f.severity.rank >= settings.fail_on.rank for f in result.findings)
    return EXIT_FINDINGS if failing and not args.exit_zero else EXIT_OK


def run_history(args: argparse.Namespace) -> int:
    """Scan the lines past commits added for leaks (SOT504); exit 1 when one is found."""
    from sot_lint import history
    from sot_lint.repo import git

    cwd = Path.cwd()
    root = git.toplevel(cwd)
    settings = configfile.load(args.config, cwd)
    for revision in args.revisions:
        if revision.startswith("-"):
            raise UsageError(f"invalid revision range '{revision}'")
    scanner = Scanner.from_config(settings, environ=os.environ)
    findings = tuple(history.scan(root, settings, scanner, args.revisions, cwd))
    result = Result(findings, tuple(sorted({f.path for f in findings})))
    output.write_result(result, output.chosen_format(args.format), args.output)
    failing = any(f.severity is Severity.ERROR for f in findings)
    return EXIT_FINDINGS if failing and not args.exit_zero else EXIT_OK


def _progress_meter() -> Callable[[int, int], None] | None:
    """Files done / total on stderr, only for a person at a terminal (never in CI)."""
    if not sys.stderr.isatty() or os.environ.get("CI"):
        return None
    shown = [0.0]

    def show(done: int, total: int) -> None:
        now = time.monotonic()
        if done == total:
            sys.stderr.write("\r\033[K")
        elif now - shown[0] >= 0.1:
            sys.stderr.write(f"\rsot-lint: {done}/{total} files")
            shown[0] = now
        sys.stderr.flush()

    return show


def _write(result: Result, args: argparse.Namespace) -> None:
    name = output.chosen_format(args.format)
    output.write_result(result, name, args.output, quiet=args.quiet, statistics=args.statistics)
