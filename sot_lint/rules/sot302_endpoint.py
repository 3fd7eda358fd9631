"""No URL or `host:port` endpoint may appear in a SOT document.

Why: detect-secrets finds credentials, not internal endpoints, yet an
inference server's address is exactly what an attacker looks for, and the
record's own rules say the endpoint value must not be copied into SOT. Any
`scheme://` URL and any `name.domain:port` is reported, redacted.

Bad:
    - The local path uses https://spark1.example.com:8000/v1.

Good:
    - The local path reads its endpoint from `CTO_HARNESS_CASE_LOCAL_BASE_URL`.

Fix: name the variable that holds the endpoint instead of its value. Public
hosts that may appear (documentation sites) go in
`[tool.sot-lint.leaks] allow-hosts`.
"""

from __future__ import annotations

from sot_lint.finding import Severity
from sot_lint.rules.base import Meta

META = Meta("SOT302", "endpoint", Severity.ERROR)


def message(kind: str, label: str) -> str:
    """What was found, by its redacted label (kind and short hash): never the value."""
    return f"{kind} found: {label}"
