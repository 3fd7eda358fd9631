"""Absolute local user paths are reported (warning).

Why: `/home/<user>/...`, `/Users/<user>/...`, `C:\\Users\\<user>\\...`,
`/mnt/c/Users/<user>/...` and `/root/...` reveal user names and machine
layout, and they mean nothing on any other machine, so they are poor evidence
references. Documentation stand-ins (`/home/user/`, `/Users/you/`,
`/home/<user>/`, `$USER`) are not reported.

Bad:
    - `evidence_sources`: `/home/svrnty/.hermes/config.yaml`.

Good:
    - `evidence_sources`: `hermes/config.yaml` (relative to its repository).

Settings: none; `[tool.sot-lint.leaks] allow-patterns` lists regexes a
detected value may fullmatch.

Fix: reference the file relative to its repository, or by its role.
"""

from __future__ import annotations

from sot_lint.finding import Severity
from sot_lint.rules.base import Meta

META = Meta("SOT306", "local-path", Severity.WARNING)


def message(kind: str, label: str) -> str:
    """What was found, by its redacted label (kind and short hash): never the value."""
    return f"{kind} found: {label}"
