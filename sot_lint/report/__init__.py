"""Reporters by name: each writes a Result to a text stream, nothing else.

The registry is one explicit table of names and modules; a module is
imported when its format is asked for, so a hook run pays for the text
reporter only (SARIF's imports the whole rule catalog's documentation).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from typing import TextIO

from sot_lint.finding import Result

Reporter = Callable[[Result, TextIO, bool], None]

_MODULES = {
    "text": "text",
    "json": "json_format",
    "sarif": "sarif",
    "github": "github",
    "junit": "junit",
    "gitlab": "gitlab",
}


class _Reporters(Mapping[str, Reporter]):
    def __getitem__(self, name: str) -> Reporter:
        module = importlib.import_module(f"sot_lint.report.{_MODULES[name]}")
        reporter: Reporter = module.report
        return reporter

    def __iter__(self) -> Iterator[str]:
        return iter(_MODULES)

    def __len__(self) -> int:
        return len(_MODULES)


REPORTERS: Mapping[str, Reporter] = _Reporters()
