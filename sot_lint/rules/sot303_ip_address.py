"""No IP address may appear in a SOT document.

Why: an address pins down a machine: private (10/8, 172.16/12, 192.168/16),
loopback, link-local, tailnet (100.64.0.0/10, fd7a:115c:a1e0::/48), ULA or
public, IPv4 or IPv6, with or without a port. Version strings such as
`qwen3.6-35b-a3b`, `gpt-5.5`, `3.11.7` or `2026.11.25` are not addresses.

Bad:
    - Spark serves on 100.101.102.103:8000.

Good:
    - Spark serves on the tailnet; see `allowed_network_class`.

Fix: describe the network class instead; documentation addresses can be
allowed with `[tool.sot-lint.leaks] allow-addresses = ["192.0.2.0/24"]`.
"""

from __future__ import annotations

from sot_lint.finding import Severity
from sot_lint.rules.base import Meta

META = Meta("SOT303", "ip-address", Severity.ERROR)


def message(kind: str, label: str) -> str:
    """What was found, by its redacted label (kind and short hash): never the value."""
    return f"{kind} found: {label}"
