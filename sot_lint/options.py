"""The command line's grammar: every subcommand and option, kept apart from what they do (cli.py)."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
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


class _Formatter(argparse.HelpFormatter):
    """argparse's help layout, asking the terminal's width only when help is written.

    argparse makes a formatter for every option it adds, and each asked
    shutil for the width: a hook run imported shutil (and bz2, lzma) for
    nothing.
    """

    def __init__(
        self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None
    ) -> None:
        super().__init__(prog, indent_increment, max_help_position, 80 if width is None else width)
        self._asked_position = max_help_position
        self._measure = width is None

    def format_help(self) -> str:
        if self._measure:
            import shutil

            self._width = shutil.get_terminal_size().columns - 2
            self._max_help_position = min(self._asked_position, max(self._width - 20, self._indent_increment * 2))
        return super().format_help()


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


def _check(check: argparse.ArgumentParser) -> None:
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


def _rules(rules: argparse.ArgumentParser) -> None:
    rules.add_argument("--format", choices=("text", "json", "markdown"), default="text")


def _rule(rule: argparse.ArgumentParser) -> None:
    rule.add_argument("code", metavar="CODE")


def _history(history: argparse.ArgumentParser) -> None:
    history.add_argument("revisions", nargs="*", metavar="REV-RANGE", help="commits to scan (default: HEAD)")
    history.add_argument("--format", choices=sorted(REPORTERS), default=None, help="output format (default: text)")
    history.add_argument("--output", metavar="FILE", type=Path, help="write the report to FILE instead of stdout")
    _config_option(history)
    history.add_argument("--exit-zero", action="store_true", help="exit 0 even when leaks are found")


def _init(init: argparse.ArgumentParser) -> None:
    init.add_argument(
        "--preset", choices=sorted(PRESETS), help="the conventions of your records (default: found from them)"
    )


def _install_hook(install: argparse.ArgumentParser) -> None:
    install.add_argument("--force", action="store_true", help="replace a pre-commit hook sot-lint did not write")


def _server(server: argparse.ArgumentParser) -> None:
    server.add_argument("--stdio", action="store_true", help="talk LSP over stdin/stdout (the default and only mode)")


def _status(status: argparse.ArgumentParser) -> None:
    status.add_argument("paths", nargs="*", metavar="PATH", help="files or directories (default: the repository)")
    status.add_argument("--format", choices=STATUS_FORMATS, default="text", help="output format (default: text)")
    status.add_argument("--output", metavar="FILE", type=Path, help="write the register to FILE instead of stdout")
    status.add_argument("--sort", choices=STATUS_SORTS, default="path", help="row order (default: path)")
    status.add_argument("--history", action="store_true", help="add every decision_status change from git")
    _config_option(status)
    status.add_argument("--no-cache", action="store_true", help="neither read nor write .sot-lint-cache/")
    status.add_argument("--jobs", type=_positive, default=os.cpu_count() or 1, metavar="N", help="processes")


# Each subcommand: its one-line help and its arguments, in the order `sot-lint --help` lists them.
_SUBCOMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None]]] = {
    "check": ("lint files and directories (default: the repository)", _check),
    "rules": ("list the rule catalog", _rules),
    "rule": ("explain one rule: rationale, examples, fix", _rule),
    "history": ("find leaks in the lines past commits added (SOT504)", _history),
    "init": ("write a starter config and the pre-commit entry", _init),
    "install-hook": ("install hooks/pre-commit as the git pre-commit hook", _install_hook),
    "clean": (f"remove the cache ({DIRECTORY}/ at the repository root)", _config_option),
    "server": ("run the language server (LSP over stdio) for editors", _server),
    "status": ("the decision register: every record, its state and evidence", _status),
}
assert tuple(_SUBCOMMANDS) == COMMANDS


def build(only: str | None = None) -> argparse.ArgumentParser:
    """The parser of every subcommand, or of `only` that one (the command a run names).

    A hook run is `check`: building the eight others' parsers cost it about
    a twentieth of its time.
    """
    parser = _Parser(
        prog="sot-lint", description="Lint governance source-of-truth records.", formatter_class=_Formatter
    )
    parser.add_argument("-V", "--version", action="version", version=f"sot-lint {__version__}")
    parser.add_argument("--debug", action="store_true", help="on an internal error, print the (redacted) traceback")
    commands = parser.add_subparsers(dest="command", parser_class=_Parser, prog="sot-lint")  # no usage to format
    for name, (summary, arguments) in _SUBCOMMANDS.items():
        if only in (None, name) or only not in _SUBCOMMANDS:
            arguments(commands.add_parser(name, help=summary, formatter_class=_Formatter))
    return parser
