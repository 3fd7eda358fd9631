"""A sensitive variable may be named, never given a value.

Why: records say which runtime variable carries an endpoint or credential
(`CTO_HARNESS_CASE_LOCAL_BASE_URL`); that is the point. Writing
`NAME=value`, `NAME: value` or `export NAME="value"` copies the value itself
into the record. Sensitive names are those in `[tool.sot-lint.leaks]
sensitive-env` and those ending in one of `sensitive-suffixes` (`_BASE_URL`,
`_ENDPOINT`, `_HOST`, `_TOKEN`, `_KEY`, `_SECRET`, `_PASSWORD` by default).
Placeholders (`<url>`, `${VAR}`, `xxxx`, `changeme`: SPEC §8's one model)
are fine. One finding per span: a secret in the value is reported as SOT301
instead, and this code wins over SOT302-SOT306 on the same value.

Bad:
    export CTO_HARNESS_CASE_LOCAL_BASE_URL="http://spark1:8000/v1"

Good:
    The required runtime variable is `CTO_HARNESS_CASE_LOCAL_BASE_URL`.
    export CTO_HARNESS_CASE_LOCAL_BASE_URL="<set on the runner>"

Settings (`[tool.sot-lint.leaks]`): `sensitive-env`, `sensitive-suffixes`.

Fix: keep the variable's name, drop its value.
"""

from __future__ import annotations

from sot_lint.finding import Severity
from sot_lint.rules.base import Meta

META = Meta("SOT305", "sensitive-assignment", Severity.ERROR)


def message(kind: str, label: str) -> str:
    """What was found, by its redacted label (kind and short hash): never the value."""
    return f"value found: {label}"
