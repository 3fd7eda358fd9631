"""The real value of a sensitive variable appears in a SOT document.

Why: pattern detectors cannot recognise every endpoint; a host such as
`gpu-node-07.acme-infra.io` looks like any public name. But where the hook
runs, the real values are usually set: the variables of
`[tool.sot-lint.leaks] sensitive-env` (and every name ending in one of
`sensitive-suffixes`) in the environment, and the `KEY=value` files listed in
`env-files` (read as data, never executed). Each value is searched for
literally (case-insensitive), and for a URL also its host name, `host:port`
and network location. The finding names the variable, never the value.

Values shorter than 8 characters, and values too common to mean anything
(`localhost`, `127.0.0.1`, `0.0.0.0`, `::1`, `true`, `false`, `none`,
`example.com`...), are ignored. The values are held in memory only: not
printed (not even with --debug), not written to the cache.

Bad:
    CTO_HARNESS_CASE_LOCAL_BASE_URL=http://gpu-node-07.acme-infra.io:8000/v1 in the
    environment, and a record saying "Spark runs on gpu-node-07.acme-infra.io".

Good:
    the record says "Spark's endpoint is CTO_HARNESS_CASE_LOCAL_BASE_URL".

Fix: remove the value (or the host) from the document; name the variable.
"""

from __future__ import annotations

from sot_lint.finding import Severity
from sot_lint.rules.base import Meta

META = Meta("SOT307", "known-value", Severity.ERROR)


def message(kind: str, label: str) -> str:
    """What was found, by its redacted label (kind and short hash): never the value."""
    return f"{kind} found: {label}"
