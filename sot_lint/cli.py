"""`sot-lint` command line: config -> discover -> lint -> report -> exit code.

Every error a user can cause ends here as one line on stderr and exit 2;
nothing below this module calls `sys.exit`.
"""

from __future__ import annotations

import argparse
import dataclasses
import inspect
import io
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from sot_lint import config, configfile, options
from sot_lint.errors import UsageError
from sot_lint.finding import Result, Severity
from sot_lint.leaks import Scanner
from sot_lint.linter import Linter
from sot_lint.parse.document import kind_of
from sot_lint.repo import git
from sot_lint.repo.cache import Cache, KnownDigests, ResultStore
from sot_lint.repo.discover import (
    discover,
    discover_staged,
    include_globs,
    included,
    nothing_to_check,
    relative,
)
from sot_lint.repo.files import Overlay, WorkTree
from sot_lint.repo.index import Index
from sot_lint.repo.revision import BaseRevision
from sot_lint.report import REPORTERS, summary, text
from sot_lint.report.escape import printable
from sot_lint.rules import RULES
from sot_lint.selection import Selection
from sot_lint.suppress import load_baseline

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
EXIT_BROKEN_PIPE = 128 + 13  # what a shell reports for a writer whose reader went away (SIGPIPE)


def _hook_mode(args: argparse.Namespace) -> bool:
    """`--staged`, stdin, or files named explicitly (as pre-commit passes them); directories mean an audit."""
    if args.staged or args.stdin_filename:
        return True
    return bool(args.paths) and not any(os.path.isdir(path) for path in args.paths)


def _audited(args: argparse.Namespace, settings: config.Config) -> list[Path]:
    """The files an audit or a hook run checks; a path that does not exist is an error.

    Files named explicitly pass the include globs too: pre-commit's hook
    filters by file type only and leaves the rest to the globs (SPEC §11).
    """
    for path in args.paths:
        if not os.path.lexists(path):
            raise UsageError(f"{path}: no such file or directory ({include_globs(settings)})")
    found = discover(args.paths, settings)
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


def _prepare(args: argparse.Namespace, settings: config.Config, cache: Cache, cwd: Path) -> _Run:
    base: BaseRevision | None = None
    if args.staged or args.base:
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
        paths = _audited(args, settings)
    except BaseException:
        if base is not None:
            base.close()
        raise
    store = ResultStore(cache) if cache.directory is not None else None
    index = Index.open(settings, cwd, known_digests=KnownDigests(store) if store is not None else None)
    return _Run(paths, index, base, store)


def _run_check(args: argparse.Namespace) -> int:
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
    run = _prepare(args, settings, cache, cwd)  # after the fixes: a created admission file is checked too
    try:
        if args.list_files:
            sys.stdout.writelines(f"{relative(path, cwd)}\n" for path in run.paths)
            return EXIT_OK
        if not run.paths:
            if not _hook_mode(args):
                raise nothing_to_check(args.paths, settings)
            _default_format(args)
            if args.format != "text":  # machine formats still get their (empty) document
                _write(Result((), ()), args)
            return EXIT_OK  # a hook run with no SOT file among its files: silent
        progress = _progress_meter() if not _hook_mode(args) and len(run.paths) >= 200 else None
        jobs = 1 if args.staged else args.jobs
        linter = Linter(settings, selection, scanner, run.index, base=run.base, store=run.store)
        result = linter.run(run.paths, progress, jobs)
    finally:
        if run.base is not None:
            run.base.close()
    result = dataclasses.replace(result, fail_on=settings.fail_on)
    _write(result, args)
    failing = any(f.severity.rank >= settings.fail_on.rank for f in result.findings)
    return EXIT_FINDINGS if failing and not args.exit_zero else EXIT_OK


def _run_history(args: argparse.Namespace) -> int:
    from sot_lint.repo import history

    cwd = Path.cwd()
    root = git.toplevel(cwd)
    settings = configfile.load(args.config, cwd)
    for revision in args.revisions:
        if revision.startswith("-"):
            raise UsageError(f"invalid revision range '{revision}'")
    scanner = Scanner.from_config(settings, environ=os.environ)
    findings = tuple(history.scan(root, settings, scanner, args.revisions, cwd))
    result = Result(findings, tuple(sorted({f.path for f in findings})))
    _write(result, args)
    failing = any(f.severity is Severity.ERROR for f in findings)
    return EXIT_FINDINGS if failing and not args.exit_zero else EXIT_OK


def _run_init(args: argparse.Namespace) -> int:
    from sot_lint.repo.init import init

    init(Path.cwd(), print, args.preset)
    return EXIT_OK


def _run_install_hook(args: argparse.Namespace) -> int:
    from sot_lint.repo.install import install

    target = install(Path.cwd(), args.force)
    sys.stdout.write(f"installed the sot-lint pre-commit hook at {target}\n")
    return EXIT_OK


def _run_clean(args: argparse.Namespace) -> int:
    cache = Cache(configfile.load(args.config, Path.cwd()).root)
    directory = cache.path
    try:
        removed = cache.clear()
    except OSError as error:
        raise UsageError(f"cannot remove {directory}: {error.strerror}") from None
    sys.stdout.write(f"removed {directory}\n" if removed else f"no cache at {directory}\n")
    return EXIT_OK


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


def _default_format(args: argparse.Namespace) -> None:
    if args.format is None:
        args.format = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def _write(result: Result, args: argparse.Namespace) -> None:
    _default_format(args)
    if args.output is None:
        colour = args.format == "text" and sys.stdout.isatty() and "NO_COLOR" not in os.environ
        _emit(result, args, sys.stdout, colour)
        return
    from sot_lint.repo.install import write_atomically

    stream = io.StringIO()
    _emit(result, args, stream, False)
    try:
        write_atomically(args.output, stream.getvalue())
    except OSError as error:
        raise UsageError(f"{args.output}: cannot write: {error.strerror}") from None


def _emit(result: Result, args: argparse.Namespace, stream: TextIO, colour: bool) -> None:
    name = args.format or "text"
    if name == "text":
        text.report(result, stream, colour, quiet=args.quiet)
    else:
        REPORTERS[name](result, stream, colour)
    if args.statistics:
        summary.statistics(result.findings, stream if name == "text" else sys.stderr)


def _summary(code: str) -> str:
    return (inspect.getdoc(RULES[code]) or "").splitlines()[0]


def _run_rules(args: argparse.Namespace) -> int:
    if args.format == "json":
        catalog = [
            {"code": code, "name": r.META.name, "severity": r.META.severity.value, "summary": _summary(code)}
            for code, r in RULES.items()
        ]
        json.dump(catalog, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return EXIT_OK
    if args.format == "markdown":
        sys.stdout.write(rule_table())
        return EXIT_OK
    for code, r in RULES.items():
        sys.stdout.write(f"{code}  {r.META.name:<26} {r.META.severity.value:<8} {_summary(code)}\n")
    return EXIT_OK


def rule_table() -> str:
    """The rule catalog as a markdown table (the README's copy is checked against it)."""
    rows = ["| code | name | severity | what it checks |", "|---|---|---|---|"]
    for code, r in RULES.items():
        summary = _summary(code).replace("|", "\\|")
        rows.append(f"| {code} | `{r.META.name}` | {r.META.severity.value} | {summary} |")
    return "\n".join(rows) + "\n"


def _run_rule(args: argparse.Namespace) -> int:
    code = args.code.upper()
    if code not in RULES:
        raise UsageError(f"unknown rule code '{args.code}' (see 'sot-lint rules')")
    meta = RULES[code].META
    sys.stdout.write(f"{meta.code} {meta.name} ({meta.severity.value})\n\n{inspect.getdoc(RULES[code])}\n")
    return EXIT_OK


def _run(args: argparse.Namespace) -> int:
    if args.command == "rules":
        return _run_rules(args)
    if args.command == "rule":
        return _run_rule(args)
    if args.command == "history":
        return _run_history(args)
    if args.command == "init":
        return _run_init(args)
    if args.command == "install-hook":
        return _run_install_hook(args)
    if args.command == "clean":
        return _run_clean(args)
    if args.command == "server":
        from sot_lint.server import serve

        return serve()
    if args.command == "status":
        from sot_lint.register import command as status

        return status.run(args)
    return _run_check(args)


def main(argv: Sequence[str] | None = None) -> int:
    """Run sot-lint; returns the exit code (0 clean, 1 findings, 2 error)."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    leading = [a for a in arguments[:1] if a == "--debug"]
    rest = arguments[len(leading) :]
    if not rest or (rest[0] not in options.COMMANDS and rest[0] not in options.TOP_LEVEL):
        arguments = [*leading, "check", *rest]
    try:
        args = options.build().parse_args(arguments)
        code = _run(args)
        if not sys.stdout.closed:  # the language server closes it when the client exits
            sys.stdout.flush()  # here, not at exit: a closed pipe is then caught below
        return code
    except (UsageError, config.ConfigError) as error:  # may quote a path or a config value: redacted
        sys.stderr.write(f"sot-lint: error: {printable(_redacted(str(error)))}\n")
        return EXIT_ERROR
    except KeyboardInterrupt:
        sys.stderr.write("sot-lint: interrupted\n")
        return EXIT_ERROR
    except BrokenPipeError:  # `sot-lint rules | head`: the reader has all it wanted
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except Exception as error:  # noqa: BLE001 - the one place errors become exit codes
        if "--debug" in arguments:
            sys.stderr.write(redacted_traceback(error))
        sys.stderr.write(
            f"sot-lint: internal error ({type(error).__name__}); rerun with --debug for the traceback and "
            "report it with the command you ran\n"
        )
        return EXIT_ERROR


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, io.UnsupportedOperation):
        pass


def redacted_traceback(error: BaseException) -> str:
    """The traceback, with anything a leak detector would flag replaced by its label."""
    import traceback

    return _redacted("".join(traceback.format_exception(error)))


def _redacted(text: str) -> str:
    """`text` with anything a leak detector would flag replaced by its label."""
    from sot_lint.leaks import redact_text

    try:  # the repository's own config names its env files and allowlists
        settings = configfile.load(None, Path.cwd())
    except Exception:  # noqa: BLE001 - a broken config still gets the defaults' redaction
        settings = config.Config()
    return redact_text(text, Scanner.from_config(settings, environ=os.environ))
