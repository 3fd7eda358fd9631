"""`sot-lint status`: build the decision register and write it (its options are in `options.py`)."""

from __future__ import annotations

import argparse
import datetime
import os
from pathlib import Path

from sot_lint import collector, configfile, output
from sot_lint.errors import UsageError
from sot_lint.register import model
from sot_lint.register.collect import collect
from sot_lint.register.formats import format_named
from sot_lint.register.view import Register
from sot_lint.repo.discover import nothing_to_check, relative


def run(args: argparse.Namespace) -> int:
    """Build the register and write it; exit 0 (the register reports, it does not gate)."""
    cwd = Path.cwd()
    settings = configfile.load(args.config, cwd)
    if args.jobs < 1:
        raise UsageError(f"--jobs: expected a positive number, got '{args.jobs}'")
    listed = args.format == "html"  # the one format listing each finding; the others count them
    collected = collect(settings, args.paths, cwd, use_cache=not args.no_cache, jobs=args.jobs, listed=listed)
    if not collected.files:
        raise nothing_to_check(args.paths, settings)  # a register of nothing is no green report either
    history = None
    if args.history:
        from sot_lint.register import history as git_history
        from sot_lint.repo import git

        root = git.toplevel(cwd)
        records = {relative(os.path.normpath(cwd / row.path), root): row.path for row in collected.rows}
        history = git_history.changes(root, settings, records)
    today = datetime.date.today()
    findings = collected.findings if listed else ()
    with collector.acyclic():
        joined = model.entries(collected.rows, collected.counts, settings, today, history, findings=findings)
        register = Register(
            tuple(model.sort(joined, args.sort, settings.statuses)),
            today,
            settings.review_max_age_days,
            settings.statuses,
            history is not None,
        )
        write = format_named(args.format)
        tinted = args.format == "text"
        output.deliver(lambda stream, colour: write(register, stream, colour), args.output, colour=tinted)
    return 0
