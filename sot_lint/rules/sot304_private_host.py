"""No private or tailnet host name may appear in a SOT document.

Why: names under `.ts.net`, `.internal`, `.local`, `.lan`, `.corp`,
`.home.arpa`, `.intranet` and `.localdomain`, names under the repository's
`leaks.internal-domains`, and file-share paths (`\\\\fileserver\\share\\...`)
map the private network and the services on it. They are not secrets to a
scanner, which is why sot-lint looks for them. Only lowercase host names
count when written bare: `t.Local` and `TIME.Local` are code, not hosts.

Bad:
    - vLLM runs on spark1.tail1234.ts.net.
    - vLLM runs on gpu-node-07.acme-infra.io.   (with internal-domains = ["acme-infra.io"])

Good:
    - vLLM runs on the Spark host of the tailnet (network class
      `local-tailscale-vllm-spark1`).
    - `time.Now().In(t.Local)` in a Go snippet.

Settings (`[tool.sot-lint.leaks]`): `internal-domains = ["acme-infra.io"]`
makes a host equal to a suffix, or ending in `.` + one, private
infrastructure; `allow-hosts` lists names that are truly public.

Fix: refer to the host by role or class.
"""

from __future__ import annotations

from sot_lint.finding import Severity
from sot_lint.rules.base import Meta

META = Meta("SOT304", "private-host", Severity.ERROR)


def message(kind: str, label: str) -> str:
    """What was found, by its redacted label (kind and short hash): never the value."""
    return f"{kind} found: {label}"
