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
from typing import NoReturn, TextIO

from sot_lint import __version__, config
from sot_lint.errors import UsageError
from sot_lint.finding import Result, Severity
from sot_lint.leaks import Scanner
from sot_lint.linter import Linter
from sot_lint.repo import git
from sot_lint.repo.cache import DIRECTORY, Cache, KnownDigests, ResultStore
from sot_lint.repo.discover import discover, discover_staged
from sot_lint.repo.revision import BaseRevision
from sot_lint.repo.workspace import Workspace
from sot_lint.report import REPORTERS
from sot_lint.rules import RULES
from sot_lint.selection import Selection
from sot_lint.suppress import load_baseline

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
COMMANDS = ("check", "rules", "rule", "history", "init", "install-hook", "clean", "status")


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of printing usage and exiting."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see 'sot-lint --help')")


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a positive number, got '{text}'")
    return int(text)


def _codes(text: str) -> tuple[str, ...]:
    items = [item.strip() for item in text.split(",") if item.strip()]
    try:
        return config.parse_codes(items, "--select/--ignore")
    except config.ConfigError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="sot-lint", description="Lint governance source-of-truth records.")
    parser.add_argument("--version", action="version", version=f"sot-lint {__version__}")
    parser.add_argument("--debug", action="store_true", help="on an internal error, print the (redacted) traceback")
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)

    check = commands.add_parser("check", help="lint files and directories (default: the repository)")
    check.add_argument("paths", nargs="*", metavar="PATH", help="files or directories to lint")
    check.add_argument("--format", choices=sorted(REPORTERS), default=None, help="output format (default: text)")
    check.add_argument("--output", metavar="FILE", type=Path, help="write the report to FILE instead of stdout")
    check.add_argument("--select", type=_codes, metavar="CODES", help="only these codes or prefixes (comma-separated)")
    check.add_argument("--ignore", type=_codes, metavar="CODES", help="skip these codes or prefixes (comma-separated)")
    check.add_argument("--config", type=Path, metavar="FILE", help="use this .sot-lint.toml or pyproject.toml")
    check.add_argument("--staged", action="store_true", help="lint the staged (index) content; base = HEAD")
    check.add_argument("--base", metavar="REV", help="enable the SOT5xx rules against revision REV")
    check.add_argument("--baseline", metavar="FILE", help="hide the secrets listed in this detect-secrets baseline")
    check.add_argument(
        "--jobs", type=_positive, default=os.cpu_count() or 1, metavar="N", help="processes for large audits"
    )
    check.add_argument("--no-cache", action="store_true", help="neither read nor write .sot-lint-cache/")
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even when findings fail the run")
    check.add_argument("--fail-on", choices=[s.value for s in Severity], help="lowest severity that fails the run")
    check.add_argument("--quiet", action="store_true", help="print findings only, no summary")
    check.add_argument("--statistics", action="store_true", help="print the count of findings per code")

    rules = commands.add_parser("rules", help="list the rule catalog")
    rules.add_argument("--format", choices=("text", "json", "markdown"), default="text")

    rule = commands.add_parser("rule", help="explain one rule: rationale, examples, fix")
    rule.add_argument("code", metavar="CODE")

    history = commands.add_parser("history", help="find leaks in the lines past commits added (SOT504)")
    history.add_argument("revisions", nargs="*", metavar="REV-RANGE", help="commits to scan (default: HEAD)")
    history.add_argument("--format", choices=sorted(REPORTERS), default=None, help="output format (default: text)")
    history.add_argument("--output", metavar="FILE", type=Path, help="write the report to FILE instead of stdout")
    history.add_argument("--config", type=Path, metavar="FILE", help="use this .sot-lint.toml or pyproject.toml")
    history.add_argument("--exit-zero", action="store_true", help="exit 0 even when leaks are found")
    history.set_defaults(quiet=False, statistics=False)

    commands.add_parser("init", help="write a starter config and the pre-commit entry")

    install = commands.add_parser("install-hook", help="install hooks/pre-commit as the git pre-commit hook")
    install.add_argument("--force", action="store_true", help="replace a pre-commit hook sot-lint did not write")

    clean = commands.add_parser("clean", help=f"remove the cache ({DIRECTORY}/ at the repository root)")
    clean.add_argument("--config", type=Path, metavar="FILE", help="use this .sot-lint.toml or pyproject.toml")

    from sot_lint.register import command as status

    status.add_parser(commands)
    return parser


def _run_check(args: argparse.Namespace) -> int:
    cwd = Path.cwd()
    settings = config.load(args.config, cwd)
    if args.fail_on:
        settings = dataclasses.replace(settings, fail_on=Severity(args.fail_on))
    selection = Selection(
        select=args.select or settings.select,
        ignore=settings.ignore + (args.ignore or ()),
        per_file_ignores=settings.per_file_ignores,
    )
    baseline = load_baseline(args.baseline) if args.baseline else frozenset()
    cache = Cache(None if args.no_cache else settings.root)
    scanner = Scanner.from_config(settings, baseline, cache, os.environ)
    base: BaseRevision | None = None
    if args.staged or args.base:
        root = git.toplevel(cwd)
        revision = args.base or ("HEAD" if git.has_commits(root) else None)
        base = BaseRevision(settings, root, revision, args.staged) if revision else None
    if args.staged:
        index = git.IndexFiles.load(root)
        changes = [(c.status, c.new) for c in git.staged_changes(root)]
        paths = discover_staged(args.paths, settings, root, changes, list(index.blobs))
        workspace = Workspace(settings, cwd, index)
        store = None  # the index is not the work tree: its results are not kept
    else:
        paths = discover(args.paths, settings)
        store = ResultStore(cache) if cache.directory is not None else None
        workspace = Workspace(settings, cwd, known_digests=KnownDigests(store) if store is not None else None)
    try:
        progress = _progress_meter() if not args.staged and len(paths) >= 200 else None
        jobs = 1 if args.staged else args.jobs
        result = Linter(settings, selection, scanner, workspace, base=base, store=store).run(paths, progress, jobs)
    finally:
        if base is not None:
            base.close()
    _write(result, args)
    failing = any(f.severity.rank >= settings.fail_on.rank for f in result.findings)
    return EXIT_FINDINGS if failing and not args.exit_zero else EXIT_OK


def _run_history(args: argparse.Namespace) -> int:
    from sot_lint.repo import history

    cwd = Path.cwd()
    root = git.toplevel(cwd)
    settings = config.load(args.config, cwd)
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

    init(Path.cwd(), print)
    return EXIT_OK


def _run_install_hook(args: argparse.Namespace) -> int:
    from sot_lint.repo.install import install

    target = install(Path.cwd(), args.force)
    sys.stdout.write(f"installed the sot-lint pre-commit hook at {target}\n")
    return EXIT_OK


def _run_clean(args: argparse.Namespace) -> int:
    cache = Cache(config.load(args.config, Path.cwd()).root)
    directory = cache.directory
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
    if name == "text" and args.quiet:
        for f in result.findings:
            stream.write(f"{f.path}:{f.line}:{f.column}: {f.code} {f.message}\n")
    else:
        REPORTERS[name](result, stream, colour)
    if args.statistics:
        counts: dict[str, int] = {}
        for f in result.findings:
            counts[f.code] = counts.get(f.code, 0) + 1
        target = sys.stderr if name != "text" else stream
        for code, count in sorted(counts.items()):
            target.write(f"{count:5d}  {code}  {RULES[code].META.name}\n")


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


def main(argv: Sequence[str] | None = None) -> int:
    """Run sot-lint; returns the exit code (0 clean, 1 findings, 2 error)."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    leading = [a for a in arguments[:1] if a == "--debug"]
    rest = arguments[len(leading) :]
    if not rest or (rest[0] not in COMMANDS and rest[0] not in ("-h", "--help", "--version")):
        arguments = [*leading, "check", *rest]
    try:
        args = _build_parser().parse_args(arguments)
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
        if args.command == "status":
            from sot_lint.register import command as status

            return status.run(args)
        return _run_check(args)
    except (UsageError, config.ConfigError) as error:
        sys.stderr.write(f"sot-lint: error: {error}\n")
        return EXIT_ERROR
    except KeyboardInterrupt:
        sys.stderr.write("sot-lint: interrupted\n")
        return EXIT_ERROR
    except Exception as error:  # noqa: BLE001 - the one place errors become exit codes
        if "--debug" in arguments:
            sys.stderr.write(redacted_traceback(error))
        sys.stderr.write(
            f"sot-lint: internal error ({type(error).__name__}); rerun with --debug for the traceback and "
            "report it with the command you ran\n"
        )
        return EXIT_ERROR


def redacted_traceback(error: BaseException) -> str:
    """The traceback, with anything a leak detector would flag replaced by its label."""
    import traceback

    from sot_lint.leaks import redact_text

    text = "".join(traceback.format_exception(error))
    return redact_text(text, Scanner.from_config(config.Config(), environ=os.environ))
