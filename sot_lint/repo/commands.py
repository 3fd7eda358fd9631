"""The repository's own commands: `init`, `install-hook` and `clean`.

Each imports its stage when run, so `sot-lint check` loads none of them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sot_lint import configfile
from sot_lint.errors import EXIT_OK, UsageError


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
