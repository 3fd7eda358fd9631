"""`sot-lint` command line: parse the arguments, run one command, turn every outcome into an exit code.

Each command's body lives next to its stage (`check.py`, `repo/commands.py`,
`rules/catalog.py`, `register/command.py`, `server/`). Every error a user can
cause ends here as one line on stderr and exit 2; nothing below this module
calls `sys.exit`, and only `run` (the console script) ends the process.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from sot_lint import check, config, configfile, options
from sot_lint.errors import EXIT_ERROR, UsageError
from sot_lint.leaks import Scanner
from sot_lint.repo import commands
from sot_lint.report.escape import printable
from sot_lint.rules import catalog

EXIT_BROKEN_PIPE = 128 + 13  # what a shell reports for a writer whose reader went away (SIGPIPE)


def _serve(args: argparse.Namespace) -> int:
    from sot_lint.server import serve

    return serve()


def _status(args: argparse.Namespace) -> int:
    from sot_lint.register import command as status

    return status.run(args)


# Each subcommand of options.COMMANDS -> what runs it.
_RUNS: dict[str, Callable[[argparse.Namespace], int]] = {
    "check": check.run,
    "rules": catalog.run_rules,
    "rule": catalog.run_rule,
    "history": check.run_history,
    "init": commands.run_init,
    "install-hook": commands.run_install_hook,
    "clean": commands.run_clean,
    "server": _serve,
    "status": _status,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run sot-lint; returns the exit code (0 clean, 1 findings, 2 error)."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    leading = [a for a in arguments[:1] if a == "--debug"]
    rest = arguments[len(leading) :]
    if not rest or (rest[0] not in options.COMMANDS and rest[0] not in options.TOP_LEVEL):
        arguments = [*leading, "check", *rest]
    try:
        named = arguments[len(leading)] if len(arguments) > len(leading) else None
        args = options.build(named).parse_args(arguments)
        code = _RUNS[args.command or "check"](args)
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


def run() -> None:
    """The `sot-lint` command: `main`, then an exit that skips tearing the interpreter down.

    Everything worth keeping is written, committed and flushed when `main`
    returns; freeing a large audit's objects one by one then cost a
    twentieth of a warm audit and of a hook run (mypy exits the same way).
    """
    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            if not stream.closed:
                stream.flush()
        except (OSError, ValueError):  # a reader gone away: what it missed cannot be delivered anyway
            pass
    os._exit(code)


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
