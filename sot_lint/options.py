"""The command line's grammar: every subcommand and option, kept apart from what they do (cli.py)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import NoReturn

from sot_lint import __version__, config
from sot_lint.configfile import keys
from sot_lint.configfile.presets import PRESETS
from sot_lint.errors import UsageError
from sot_lint.finding import Severity
from sot_lint.repo.cache import DIRECTORY
from sot_lint.report import REPORTERS

COMMANDS = ("check", "rules", "rule", "history", "init", "install-hook", "clean", "server", "status")
TOP_LEVEL = ("-h", "--help", "--version", "-V")
STATUS_FORMATS = ("text", "json", "csv", "markdown", "html")
STATUS_SORTS = ("path", "age", "status")


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
        return keys.parse_codes(items, "--select/--ignore")
    except config.ConfigError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _config_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config", type=Path, metavar="FILE", help="take the rules from this .sot-lint.toml or pyproject.toml"
    )


def _check(commands: argparse._SubParsersAction[_Parser]) -> None:
    check = commands.add_parser("check", help="lint files and directories (default: the repository)")
    check.add_argument("paths", nargs="*", metavar="PATH", help="files or directories to lint ('-' reads stdin)")
    check.add_argument("--format", choices=sorted(REPORTERS), default=None, help="output format (default: text)")
    check.add_argument("--output", metavar="FILE", type=Path, help="write the report to FILE instead of stdout")
    check.add_argument("--select", type=_codes, metavar="CODES", help="only these codes or prefixes (comma-separated)")
    check.add_argument("--ignore", type=_codes, metavar="CODES", help="skip these codes or prefixes (comma-separated)")
    _config_option(check)
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
    check.add_argument("--fix", action="store_true", help="apply the safe fixes, then report what remains")
    check.add_argument("--diff", action="store_true", help="print the safe fixes as a unified diff; change nothing")
    check.add_argument("--list-files", action="store_true", help="print the files that would be checked, and stop")
    check.add_argument(
        "--stdin-filename", metavar="PATH", help="with '-': lint stdin as the file at PATH (for editors)"
    )


def build() -> argparse.ArgumentParser:
    parser = _Parser(prog="sot-lint", description="Lint governance source-of-truth records.")
    parser.add_argument("-V", "--version", action="version", version=f"sot-lint {__version__}")
    parser.add_argument("--debug", action="store_true", help="on an internal error, print the (redacted) traceback")
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)
    _check(commands)

    rules = commands.add_parser("rules", help="list the rule catalog")
    rules.add_argument("--format", choices=("text", "json", "markdown"), default="text")

    rule = commands.add_parser("rule", help="explain one rule: rationale, examples, fix")
    rule.add_argument("code", metavar="CODE")

    history = commands.add_parser("history", help="find leaks in the lines past commits added (SOT504)")
    history.add_argument("revisions", nargs="*", metavar="REV-RANGE", help="commits to scan (default: HEAD)")
    history.add_argument("--format", choices=sorted(REPORTERS), default=None, help="output format (default: text)")
    history.add_argument("--output", metavar="FILE", type=Path, help="write the report to FILE instead of stdout")
    _config_option(history)
    history.add_argument("--exit-zero", action="store_true", help="exit 0 even when leaks are found")

    init = commands.add_parser("init", help="write a starter config and the pre-commit entry")
    init.add_argument(
        "--preset", choices=sorted(PRESETS), help="the conventions of your records (default: found from them)"
    )

    install = commands.add_parser("install-hook", help="install hooks/pre-commit as the git pre-commit hook")
    install.add_argument("--force", action="store_true", help="replace a pre-commit hook sot-lint did not write")

    clean = commands.add_parser("clean", help=f"remove the cache ({DIRECTORY}/ at the repository root)")
    _config_option(clean)

    server = commands.add_parser("server", help="run the language server (LSP over stdio) for editors")
    server.add_argument("--stdio", action="store_true", help="talk LSP over stdin/stdout (the default and only mode)")

    status = commands.add_parser("status", help="the decision register: every record, its state and evidence")
    status.add_argument("paths", nargs="*", metavar="PATH", help="files or directories (default: the repository)")
    status.add_argument("--format", choices=STATUS_FORMATS, default="text", help="output format (default: text)")
    status.add_argument("--output", metavar="FILE", type=Path, help="write the register to FILE instead of stdout")
    status.add_argument("--sort", choices=STATUS_SORTS, default="path", help="row order (default: path)")
    status.add_argument("--history", action="store_true", help="add every decision_status change from git")
    _config_option(status)
    status.add_argument("--no-cache", action="store_true", help="neither read nor write .sot-lint-cache/")
    status.add_argument("--jobs", type=_positive, default=os.cpu_count() or 1, metavar="N", help="processes")
    return parser
