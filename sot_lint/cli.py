"""`sot-lint` command line: config -> discover -> lint -> report -> exit code.

Every error a user can cause ends here as one line on stderr and exit 2;
nothing below this module calls `sys.exit`.
"""

from __future__ import annotations

import argparse
import dataclasses
import inspect
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn, TextIO

from sot_lint import __version__, config
from sot_lint.discover import UsageError, discover
from sot_lint.finding import Severity
from sot_lint.linter import Result, lint
from sot_lint.report import REPORTERS
from sot_lint.rules import RULES
from sot_lint.selection import Selection

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
COMMANDS = ("check", "rules", "rule")


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of printing usage and exiting."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see 'sot-lint --help')")


def _codes(text: str) -> tuple[str, ...]:
    items = [item.strip() for item in text.split(",") if item.strip()]
    try:
        return config.parse_codes(items, "--select/--ignore")
    except config.ConfigError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="sot-lint", description="Lint governance source-of-truth records.")
    parser.add_argument("--version", action="version", version=f"sot-lint {__version__}")
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)

    check = commands.add_parser("check", help="lint files and directories (default: the repository)")
    check.add_argument("paths", nargs="*", metavar="PATH", help="files or directories to lint")
    check.add_argument("--format", choices=sorted(REPORTERS), default=None, help="output format (default: text)")
    check.add_argument("--output", metavar="FILE", type=Path, help="write the report to FILE instead of stdout")
    check.add_argument("--select", type=_codes, metavar="CODES", help="only these codes or prefixes (comma-separated)")
    check.add_argument("--ignore", type=_codes, metavar="CODES", help="skip these codes or prefixes (comma-separated)")
    check.add_argument("--config", type=Path, metavar="FILE", help="use this .sot-lint.toml or pyproject.toml")
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even when findings fail the run")
    check.add_argument("--fail-on", choices=[s.value for s in Severity], help="lowest severity that fails the run")
    check.add_argument("--quiet", action="store_true", help="print findings only, no summary")
    check.add_argument("--statistics", action="store_true", help="print the count of findings per code")

    rules = commands.add_parser("rules", help="list the rule catalog")
    rules.add_argument("--format", choices=("text", "json"), default="text")

    rule = commands.add_parser("rule", help="explain one rule: rationale, examples, fix")
    rule.add_argument("code", metavar="CODE")
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
    paths = discover(args.paths, settings)
    result = lint(paths, settings, selection, cwd)
    _write(result, args)
    failing = any(f.severity.rank >= settings.fail_on.rank for f in result.findings)
    return EXIT_FINDINGS if failing and not args.exit_zero else EXIT_OK


def _write(result: Result, args: argparse.Namespace) -> None:
    if args.output is None:
        colour = (args.format or "text") == "text" and sys.stdout.isatty() and "NO_COLOR" not in os.environ
        _emit(result, args, sys.stdout, colour)
        return
    try:
        with args.output.open("w", encoding="utf-8") as stream:
            _emit(result, args, stream, False)
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
    for code, r in RULES.items():
        sys.stdout.write(f"{code}  {r.META.name:<26} {r.META.severity.value:<8} {_summary(code)}\n")
    return EXIT_OK


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
    if not arguments or (arguments[0] not in COMMANDS and arguments[0] not in ("-h", "--help", "--version")):
        arguments.insert(0, "check")
    try:
        args = _build_parser().parse_args(arguments)
        if args.command == "rules":
            return _run_rules(args)
        if args.command == "rule":
            return _run_rule(args)
        return _run_check(args)
    except (UsageError, config.ConfigError) as error:
        sys.stderr.write(f"sot-lint: error: {error}\n")
        return EXIT_ERROR
    except KeyboardInterrupt:
        sys.stderr.write("sot-lint: interrupted\n")
        return EXIT_ERROR
    except Exception as error:  # noqa: BLE001 - the one place errors become exit codes
        sys.stderr.write(
            f"sot-lint: internal error ({type(error).__name__}); please report it with the command you ran\n"
        )
        return EXIT_ERROR
