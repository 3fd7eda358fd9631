"""Fields and keys whose *name* says they hold a secret (SOT301).

detect-secrets' keyword plugin misses the markdown-bullet form
``- `api_token`: `s3cr3t-value` ``, and YAML frontmatter read as markdown. A
value under such a name is reported unless it is an obvious placeholder. The
`*_class` fields name a class of credential, not a credential, and are exempt.
"""

from __future__ import annotations

import re

_SECRET_NAME = re.compile(r"token|passw(?:or)?d|secret|api_?key|apikey|private_?key|credential", re.IGNORECASE)
_PLACEHOLDER = re.compile(
    r"""(?ix) \A(?:
    | none | null | nil | n/?a | tbd | todo | empty | unset | redacted | hidden | changeme | example
    | x+ | \*+ | \.{3} | …
    | <[^>]*> | \$\{[^}]*\} | \$[A-Za-z_][A-Za-z0-9_]* | \{\{[^}]*\}\}
    )"""
)
_PROSE_WORD = re.compile(r"\A[a-z][a-z -]*")


def is_secret_name(name: str) -> bool:
    return not name.lower().endswith("_class") and _SECRET_NAME.search(name) is not None


def is_secret_value(value: str) -> bool:
    """A concrete value, not a placeholder and not a plain lowercase word or phrase."""
    value = value.strip().strip("\"'`")
    return bool(value) and not _PLACEHOLDER.fullmatch(value) and not _PROSE_WORD.fullmatch(value)
