"""Reporters by name: each writes a Result to a text stream, nothing else."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from sot_lint.finding import Result
from sot_lint.report import github, gitlab, json_format, junit, sarif, text

Reporter = Callable[[Result, TextIO, bool], None]

REPORTERS: dict[str, Reporter] = {
    "text": text.report,
    "json": json_format.report,
    "sarif": sarif.report,
    "github": github.report,
    "junit": junit.report,
    "gitlab": gitlab.report,
}
