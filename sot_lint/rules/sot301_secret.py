"""No secret may appear in a SOT document.

Why: SOT records are read by many people and copied into reports, tickets and
prompts; a credential written there is a credential leaked. sot-lint reports:
- every format detect-secrets knows (every plugin it ships), on markdown
  (frontmatter, prose, lists, fenced code) and JSON alike;
- the token formats of current vendors, kept as data in the package (over 200,
  in `sot_lint/leaks/formats.json`: GitHub `ghp_`/`github_pat_`, GitLab
  `glpat-`, OpenAI `sk-proj-`, Anthropic `sk-ant-`, Hugging Face `hf_`, Google
  `AIza`, Slack `xapp-`/`xoxb-` and webhook URLs, Stripe `sk_live_`/`sk_test_`,
  Azure client secrets, MaxMind `…_mmk`, JWTs...), wherever they are written;
- a password in a URL (`https://user:pass@host/`, `redis:pass@db.acme.io`),
  whatever the host, a `user:P@ssw0rd` pair, and such a pair written as
  base64 (HTTP Basic credentials without their header);
- any value under a password-like name (`password`, `passwd`, `pwd`, `pass`,
  `passphrase`, `*_password`, `*_secret`, `*_token`, `*_key`, `creds`,
  `auth`...) in frontmatter, fields, body assignments (`password: x`,
  `DB_PASS=x`) and fences, however plain (`password: admin` is a finding), unless the value is code
  that computes it (`key = vault.read()`); in a sentence, a password given
  after its name (`the admin password is Tr0ub4dor&3`), not a term that says
  how it is kept (`the password is AES-256-GCM encrypted`);
- password hashes (bcrypt, crypt `$1$`/`$5$`/`$6$`/`$apr1$`, argon2),
  `Authorization:` headers, `curl -u user:pass`, and base64 values of a
  Kubernetes Secret's `data:` block;
- a machine-generated token standing alone in text, with no prefix and no
  name (many services issue credentials as 20+ lowercase letters and digits):
  letters and digits interleaved as a random draw interleaves them, not
  hexadecimal (commit ids and digests are cited everywhere), not part of a
  link, path, host name, slug or e-mail address. A value given a name
  (`BUILD_ID=…`, `build_id: …`) is judged by its name instead.
Encoded forms (JSON and YAML escapes, HTML entities, fullwidth or zero-width
characters) are decoded first, and the file name is scanned too.
A placeholder is never a secret: `xxxx`, `XXXX...` after a vendor prefix,
`<...>`, `${...}`, `{{...}}`, `{Name}`, `****`, `~~~~`, `changeme`, `example`,
`dummy`, `redacted`, one character repeated, words after a vendor prefix
(`xoxp-1-initial`). The `*_class` fields name a class
of credential, not a credential. The value is never printed: findings show
its kind and a short hash.

Bad:
    - `api_token`: `ghp_...36 characters...`
    - `password`: `admin`
    The trial used hf_...34 letters... for the download.
    The trial log showed q7x2...28 more lowercase letters and digits... before the run stopped.

Good:
    - `credential_source_class`: `pi-models-json-local-provider-no-secret`.
    - `api_token`: `<read from the vault at runtime>`

Settings: none of its own; `[tool.sot-lint.leaks] allow-patterns` lists
regexes a detected value may fullmatch.

Fix: remove the secret from the file *and from git history*, rotate it, and
refer to where the runtime reads it instead. A known false positive can be
marked `<!-- pragma: allowlist secret -->` (detect-secrets' own comment, also
honoured for sot-lint's own formats) or kept in a detect-secrets baseline
passed with `--baseline`.
"""

from __future__ import annotations

from sot_lint.finding import Severity
from sot_lint.rules.base import Meta

META = Meta("SOT301", "secret", Severity.ERROR)


def message(kind: str, label: str) -> str:
    """What was found, by its redacted label (kind and short hash): never the value."""
    return f"secret found: {label}"
