"""Where a command's report goes: stdout, coloured for a person at a terminal, or with `--output` one atomic write.

`check`, `history` and `status` all deliver through `deliver`, so a report
file is never left half-written and never holds colour codes. The reporters
themselves (`report/`) only write to the stream they are given.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from sot_lint.errors import UsageError
from sot_lint.finding import Result
from sot_lint.report import REPORTERS, summary, text

Render = Callable[[TextIO, bool], None]  # (stream, colour) -> None


def chosen_format(name: str | None) -> str:
    """`--format` as given; else `github` inside GitHub Actions (annotations on the diff), else `text`."""
    if name is not None:
        return name
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def deliver(render: Render, output: Path | None, colour: bool) -> None:
    """`render` to stdout (`colour` only at a terminal without NO_COLOR), or to `output`; either in one write.

    A reporter writes many small pieces, and under PYTHONUNBUFFERED (set in
    many CI images) each would be a system call of its own.
    """
    stream = io.StringIO()
    if output is None:
        render(stream, colour and sys.stdout.isatty() and "NO_COLOR" not in os.environ)
        sys.stdout.write(stream.getvalue())
        return
    from sot_lint.repo.install import write_atomically

    render(stream, False)
    try:
        write_atomically(output, stream.getvalue())
    except OSError as error:
        raise UsageError(f"{output}: cannot write: {error.strerror}") from None


def write_result(
    result: Result, name: str, output: Path | None, *, quiet: bool = False, statistics: bool = False
) -> None:
    """The findings in format `name`; `--statistics` follows the text report, or goes to stderr after another."""

    def render(stream: TextIO, colour: bool) -> None:
        if name == "text":
            text.report(result, stream, colour, quiet=quiet)
        else:
            REPORTERS[name](result, stream, colour)
        if statistics and name == "text":
            summary.statistics(result.findings, stream)

    deliver(render, output, colour=name == "text")
    if statistics and name != "text":
        summary.statistics(result.findings, sys.stderr)
