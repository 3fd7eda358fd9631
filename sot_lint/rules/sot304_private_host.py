"""No private or tailnet host name may appear in a SOT document.

Why: names under `.ts.net`, `.internal`, `.local`, `.lan`, `.corp`,
`.home.arpa`, and `localhost:PORT`, map the private network and the services
on it. They are not secrets to a scanner, which is why sot-lint looks for
them.

Bad:
    - vLLM runs on spark1.tail1234.ts.net.

Good:
    - vLLM runs on the Spark host of the tailnet (network class
      `local-tailscale-vllm-spark1`).

Fix: refer to the host by role or class; allow a name that is truly public
with `[tool.sot-lint.leaks] allow-hosts`.
"""

from __future__ import annotations

from sot_lint.finding import Severity
from sot_lint.rules.base import Meta

META = Meta("SOT304", "private-host", Severity.ERROR)


def message(kind: str, label: str) -> str:
    """What was found, by its redacted label (kind and short hash): never the value."""
    return f"{kind} found: {label}"
