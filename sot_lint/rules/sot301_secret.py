"""No secret may appear in a SOT document.

Why: SOT records are read by many people and copied into reports, tickets and
prompts; a credential written there is a credential leaked. Every plugin
detect-secrets ships runs on markdown (frontmatter, prose, lists, fenced code)
and JSON alike, and a field or key whose name says it holds a secret (`token`,
`password`, `api_key`, `private_key`, `credential`...; not the `*_class`
fields) is reported unless its value is an obvious placeholder. Encoded forms
(JSON and YAML escapes, HTML entities, fullwidth or zero-width characters)
are decoded first, and the file name is scanned too. The value is never
printed: findings show its kind and a short hash.

Bad:
    - `api_token`: `ghp_...36 characters...`
    aws_access_key_id = AKIA....

Good:
    - `credential_source_class`: `pi-models-json-local-provider-no-secret`.

Fix: remove the secret from the file *and from git history*, rotate it, and
refer to where the runtime reads it instead. A known false positive can be
marked `<!-- pragma: allowlist secret -->` (detect-secrets' own comment) or
kept in a detect-secrets baseline passed with `--baseline`.
"""

from __future__ import annotations

from sot_lint.finding import Severity
from sot_lint.rules.base import Meta

META = Meta("SOT301", "secret", Severity.ERROR)


def message(kind: str, label: str) -> str:
    """What was found, by its redacted label (kind and short hash): never the value."""
    return f"secret found: {label}"
