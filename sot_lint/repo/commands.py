"""The repository's own commands: `history` (leaks in past commits), `init`, `install-hook` and `clean`.

Each imports its stage when run, so `sot-lint check` loads none of them.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from sot_lint import configfile
from sot_lint.errors import EXIT_FINDINGS, EXIT_OK, UsageError
from sot_lint.finding import Result, Severity
from sot_lint.report import output


def run_history(args: argparse.Namespace) -> int:
    """Scan the lines past commits added for leaks (SOT504); exit 1 when one is found."""
    from sot_lint.leaks import Scanner
    from sot_lint.repo import git, history

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


def run_init(args: argparse.Namespace) -> int:
    """Write a starter config and the pre-commit entry."""
    from sot_lint.repo.init import init

    init(Path.cwd(), print, args.preset)
    return EXIT_OK


def run_install_hook(args: argparse.Namespace) -> int:
    """Install hooks/pre-commit as the git pre-commit hook."""
    from sot_lint.repo.install import install

    target = install(Path.cwd(), args.force)
    sys.stdout.write(f"installed the sot-lint pre-commit hook at {target}\n")
    return EXIT_OK


def run_clean(args: argparse.Namespace) -> int:
    """Remove the cache directory at the repository root."""
    from sot_lint.repo.cache import Cache

    cache = Cache(configfile.load(args.config, Path.cwd()).root)
    directory = cache.path
    try:
        removed = cache.clear()
    except OSError as error:
        raise UsageError(f"cannot remove {directory}: {error.strerror}") from None
    sys.stdout.write(f"removed {directory}\n" if removed else f"no cache at {directory}\n")
    return EXIT_OK
