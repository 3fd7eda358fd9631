"""No IP address may appear in a SOT document.

Why: an address pins down a machine. Each IPv4 or IPv6 address (leading zeros
too: `010.001.002.003` is 10.1.2.3) is put in its reachability class:
documentation ranges (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24,
2001:db8::/32) and 0.0.0.0 are never findings; loopback (127.0.0.0/8, ::1)
is a warning only with a port; private addresses (10/8, 172.16/12,
192.168/16, tailnet 100.64.0.0/10, link-local, fc00::/7 including the
tailnet's fd7a:115c:a1e0::/48) are errors, with or without a port; a public
address is a warning with a port (a service endpoint) and nothing bare, so
numbers that only look like addresses (`Section 4.2.1.3`, `JRuby 9.4.8.0`)
raise nothing. Version strings such as `qwen3.6-35b-a3b`, `gpt-5.5`, `3.11.7`
or `2026.11.25` are not addresses.

Bad:
    - Spark serves on 100.101.102.103:8000.               (error: tailnet)
    - The old host was 10.40.7.9.                         (error: private)

Good:
    - Spark serves on the tailnet; see `allowed_network_class`.
    - Bind to 127.0.0.1 in tests; docs use 192.0.2.7.     (nothing)

Settings (`[tool.sot-lint.leaks]`): `allow-addresses = ["198.18.0.0/15"]`
never reports those networks; `public-urls` (see SOT302) also governs public
addresses with a port ("off" silences them, "error" makes them errors).

Fix: describe the network class instead of the address.
"""

from __future__ import annotations

from sot_lint.finding import Severity
from sot_lint.rules.base import Meta

META = Meta("SOT303", "ip-address", Severity.ERROR)


def message(kind: str, label: str) -> str:
    """What was found, by its redacted label (kind and short hash): never the value."""
    return f"{kind} found: {label}"
