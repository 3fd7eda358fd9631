"""No URL or `host:port` endpoint may appear in a SOT document.

Why: an inference server's address is exactly what an attacker looks for,
and the record's own rules say the endpoint value must not be copied into SOT.
But an ordinary link to public documentation is not a leak, and a hook that
cries wolf gets uninstalled. So each URL, `host:port` and git remote
(`git@host:team/repo.git`) is judged by the reachability class of its host:
- documentation / reserved (`example.com`, `*.example`, `*.test`,
  `*.invalid`, `*.localhost`, 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24,
  2001:db8::/32, 0.0.0.0): never a finding;
- loopback (`localhost`, 127.0.0.0/8, ::1): a warning when it carries a port
  (a runtime endpoint), else nothing;
- private infrastructure (RFC 1918, 100.64.0.0/10, link-local, fc00::/7,
  `*.ts.net`, `*.internal`, `*.lan`, `*.corp`, `*.home.arpa`, `*.intranet`,
  `*.local`, `*.localdomain`, a single-label host with a scheme or a port such
  as `http://spark1:8000`, and `leaks.internal-domains`): an error;
- public: a web link is nothing; a service endpoint (an explicit port, an IP
  literal host, or an API-shaped path such as `/v1`, `/api/`,
  `/chat/completions`) is a warning.
A single-label `host:port` without a scheme counts only with a port of
1024-65535 that is not part of a version (`spark9:8000`, `postgres:5432`;
not `node:20`, `redis:7.2`). A password in the URL makes it SOT301.

Bad:
    - The local path uses http://spark1:8000/v1.          (error: private)
    - The runtime calls https://api.acme.io:8443/v1.      (warning: public service endpoint)

Good:
    - The local path reads its endpoint from `CTO_HARNESS_CASE_LOCAL_BASE_URL`.
    - Background: https://github.com/adr/madr.            (a public web link)

Settings (`[tool.sot-lint.leaks]`):
    public-urls = "endpoints"   # "off": nothing public reported; "endpoints": service
                                # endpoints as warnings (default); "all": every public
                                # URL a warning; "error": every public URL an error
    internal-domains = []       # suffixes of private infrastructure, e.g. ["acme-infra.io"]
    allow-hosts = []            # hosts never reported, e.g. ["docs.acme.io", "*.acme.dev"]

Fix: name the variable that holds the endpoint instead of its value.
"""

from __future__ import annotations

from sot_lint.finding import Severity
from sot_lint.rules.base import Meta

META = Meta("SOT302", "endpoint", Severity.ERROR)


def message(kind: str, label: str) -> str:
    """What was found, by its redacted label (kind and short hash): never the value."""
    return f"{kind} found: {label}"
