"""Names and values together (SOT301): a value under a password-like name.

A careful reviewer removes `password: admin` as surely as a vendor token: the
name says what the value is, however plain the value looks. So any value
that is not a placeholder (SPEC §8's one model, `placeholder.py`) is a
finding under a password-like name (`password`, `passwd`, `pwd`, `pass`,
`passphrase`, `*_password`, `*_secret`, `*_token`, `*_key`, `creds`, `auth`...)
in frontmatter, fields (`Scanner` asks `is_secret_name`/`is_secret_value`),
body assignments (`password: x`, `DB_PASS=x`) and fences (`scan_line`). Beside
names: `Authorization:` headers, `curl -u user:pass`, and base64 values in a
Kubernetes Secret's `data:` block. The `*_class` fields name a class of
credential, not a credential, and are exempt; so is a name that says what
kind of thing it holds (`token_url`, `api_key_env`, `secret_name`).
"""

from __future__ import annotations

import base64
import binascii
import functools
import re

from sot_lint.leaks.placeholder import is_identifier, is_placeholder

_SECRET_WORDS = frozenset(
    {
        "password", "passwd", "pwd", "pass", "passphrase", "passcode", "secret", "secrets", "token", "tokens",
        "creds", "credential", "credentials", "auth", "apikey", "secretkey", "accesskey", "privatekey",
        "pat", "bearer", "pw", "pswd", "psw",
    }
)  # fmt: skip
_NOT_A_VALUE = frozenset(
    {
        "class", "url", "uri", "endpoint", "id", "ids", "name", "names", "file", "files", "path", "dir", "env",
        "var", "variable", "type", "types", "length", "len", "size", "count", "ttl", "expiry", "expires",
        "expiration", "lifetime", "source", "sources", "policy", "header", "field", "format", "prefix", "hint",
        "location", "scope", "scopes", "kind", "mode", "provider", "rotation", "manager", "store", "ref",
        "reference", "method", "version", "required", "enabled", "note", "notes", "description", "hash", "helper",
        "command", "cmd", "strategy", "flow", "server", "service", "host", "port", "user", "username", "login",
        "email", "owner", "vault", "backend", "handler", "plugin", "module", "exists", "set", "present", "status",
        "reset", "change", "check", "valid", "min", "max", "rules", "regex", "pattern", "label", "limit", "key",
    }
)  # fmt: skip
_KEY_OWNERS_NOT_SECRET = frozenset(
    {"public", "primary", "foreign", "sort", "partition", "cache", "idempotency", "hot", "route", "lookup", "map",
     "dict", "hash", "sorting", "unique", "composite", "natural", "surrogate", "row", "shard", "ssh", "gpg", "pub",
     "ca", "host", "group", "object", "item", "sequence", "bucket", "schema", "index", "field", "column", "table",
     "press", "pressed", "down", "up", "hotkey", "license", "registry", "translation", "i18n", "locale", "message",
     "config", "setting", "settings", "s3", "file", "storage", "signing_key_id"}
)  # fmt: skip


def _words(name: str) -> list[str]:
    name = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name.strip().strip("`*'\"[]"))
    return [w for w in re.split(r"[^A-Za-z0-9]+", name.lower()) if w]


@functools.lru_cache(maxsize=4096)
def is_secret_name(name: str) -> bool:
    """A name that says its value is a credential."""
    words = _words(name)
    if not words or len(words) > 6 or words[-1] in _NOT_A_VALUE - {"key"}:
        return False
    if words[-1] == "key":
        if len(words) == 1:
            return False
        return words[-2] not in _KEY_OWNERS_NOT_SECRET and words[-2] not in ("sort", "primary")
    if any(w in _SECRET_WORDS for w in words):
        return words[-1] not in ("class", "kind", "type")
    joined = "".join(words)
    return any(part in joined for part in ("password", "passwd", "apikey", "secretkey", "privatekey", "accesskey"))


# Code that computes a value is no value: `alice.generateKeys()`, `new Password(...)`, `await vault.read(...)`.
_CODE = re.compile(r"(?<![\w.$])[A-Za-z_$][\w.$]*\(|(?:new|await|function|lambda|async|yield|typeof|require)\Z")


_SCHEME = re.compile(r"(?i)\A(?:bearer|basic|token)\s+")  # `token: 'Bearer xxxx'`: the stand-in follows the scheme


def is_secret_value(value: str) -> bool:
    """A concrete value: not a placeholder, not a sentence, not a variable's name, not code."""
    text = _SCHEME.sub("", value.strip().strip("\"'`").strip())
    if len(re.sub(r"[\W_]", "", text)) <= 2 or text[0] in "([{" or is_placeholder(text) or _CODE.match(text):
        return False  # `a:b`, a tuple, list or object, a stand-in, code
    if text.count(" ") >= 3 or re.fullmatch(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+", text):
        return False  # prose, or the name of the variable that holds it
    if re.fullmatch(r"\d{1,6}|true|false|yes|no|on|off", text, re.IGNORECASE):
        return False
    return not re.match(r"(?:env|vault|op|secret|secretref|keychain|file)://|(?:~|\.{0,2})/", text)


# ---------------------------------------------------------------- lines

_NAME = r"[A-Za-z_][A-Za-z0-9_.-]{0,63}"
# `DB_PASS=x`, `password = "x"`, `--password=x`
_ASSIGN = re.compile(rf"""(?<![\w.-])(?:--)?({_NAME})["']?\s{{0,3}}(?::=|=)(?!=)\s{{0,3}}""")
# `password: x` where the key opens the line (YAML, .env-like, a bullet), or `"password": "x"` (JSON)
_KEY = re.compile(rf"""^\s*(?:[-*+]\s+|export\s+)?(?:\*\*|`)?["']?({_NAME})["']?(?:\*\*|`)?\s{{0,3}}:\s+""")
_JSON_KEY = re.compile(rf"""["']({_NAME})["']\s*:\s*(?=["'])""")
_AUTH_HEADER = re.compile(
    r"""(?i)(?<![\w-])(?:authorization|proxy-authorization)["']?\s*:\s*(?:bearer|basic|token|bot|ssws|apikey|digest)?\s*([^\s"'`,;]{8,})"""
)
_KEY_HEADER = re.compile(
    r"""(?i)(?<![\w-])(?:x-api-key|api-key|apikey|x-auth-token|private-token|x-access-token)["']?\s*:\s*([^\s"'`,;]{8,})"""
)
_CURL_USER = re.compile(r"""(?<![\w-])(?:-u|--user)\s*[=]?\s*(["']?)([^\s"'`$:]*:[^\s"'`]+)\1""")
# `elastic:P@ssw0rd$1` in prose: a user name, a colon and a password (quoted or not) with three kinds of character,
# or 12+ characters of both cases that are no identifier (`developer:yqDVtkqPECriaLRi`, not `kube:ClusterRoleBinding`)
# (not a `$env:` scope, nor a search term after `?q=`, `&` or `+`)
_USER_PASSWORD = re.compile(
    r"""(?<![\w/:@.$=?&+-])([A-Za-z][\w.@-]{1,40}):(["']?)([^\s:/'"`<>()\[\]{};,]{8,64})\2(?![\w/(])"""
)
# `password: x` written in a sentence rather than at the start of a line
_INLINE_NAMED = re.compile(r"(?i)(?<![\w-])(password|passwd|pwd|passphrase|secret|token)\s?[:=]\s?(?=\S)")
# `the password is P4ssw0rd!` in a sentence: a password-like word, a verb that gives its value, then the value;
# or the verb first: `set the admin password to P4ssw0rd!`
_PASSWORD_WORD = r"(?:password|passwd|passphrase|pwd)"
_SAID_NAMED = re.compile(
    rf"(?i)(?<![\w-])(?:{_PASSWORD_WORD}\s+(?:(?:is|was|has\s+been)\s+)?(?:(?:set|changed|reset)\s+to|is|was|becomes|became)"
    rf"|(?:set|change|reset)\s+(?:[\w-]+\s+){{0,2}}?{_PASSWORD_WORD}\s+to)\s+(?=\S)"
)
_K8S_DATA = re.compile(r"""^\s+[\w.-]{1,63}:\s+["']?([A-Za-z0-9+/]{12,}={0,2})["']?\s*$""")
# Every finding of `scan_line` starts as a match of one of these: a line none matches needs no name detector.
LINE_PATTERNS = (
    _ASSIGN,
    _KEY,
    _JSON_KEY,
    _AUTH_HEADER,
    _KEY_HEADER,
    _CURL_USER,
    _USER_PASSWORD,
    _INLINE_NAMED,
    _SAID_NAMED,
    _K8S_DATA,
)
# Lowercase literals one of which is on any line `scan_line` reports (found with `str.find`).
LITERALS = ("pass", "pwd", "secret", "token", "key", "cred", "auth", "-u", "--user", "_pat", "pw", "==")


def _value_span(line: str, index: int) -> tuple[int, int] | None:
    """(start, end) of the value that starts at `index`: quoted, or up to the next space."""
    if index >= len(line):
        return None
    opener = line[index]
    if opener in "\"'`":
        close = line.find(opener, index + 1, index + 513)
        return (index + 1, close) if close > index + 1 else None
    end = index
    limit = min(len(line), index + 512)  # no secret is longer: a hostile line stays linear
    while end < limit and not line[end].isspace() and line[end] not in ",;)}`":
        end += 1
    while end > index and line[end - 1] in ".,;:!?":
        end -= 1
    return (index, end) if end > index else None


def _names(line: str) -> list[re.Match[str]]:
    """Every name that gives a value on `line` (`NAME=`, a key opening the line, a JSON key), in order."""
    matches = [*_ASSIGN.finditer(line)] if "=" in line else []
    if ":" in line:
        if '":' in line or "':" in line or '" :' in line:
            matches += _JSON_KEY.finditer(line)
        key = _KEY.match(line)
        if key is not None:
            matches.append(key)
    return sorted(matches, key=lambda m: m.start())


def value_starts(line: str) -> set[int]:
    """Where each value given a name on `line` starts, whatever the name (after an opening quote)."""
    spans = (_value_span(line, match.end()) for match in _names(line))
    return {span[0] for span in spans if span is not None}


def _named(line: str) -> list[tuple[str, str, str, int, int]]:
    found: list[tuple[str, str, str, int, int]] = []
    consumed = 0  # a name inside a value already read is not read again
    for match in _names(line):
        if match.start() < consumed or not is_secret_name(match.group(1)):
            continue
        span = _value_span(line, match.end())
        if span is None:
            continue
        value = line[span[0] : span[1]]
        if match.re is _KEY and line[match.end()] not in "\"'`" and span[1] < len(line.rstrip()) - 1:
            value = line[span[0] : span[0] + 512].rstrip().rstrip(".")  # `password: two words`: the rest of the line
            span = (span[0], span[0] + len(value))
        consumed = span[1]
        if is_secret_value(value):
            found.append(("SOT301", "secret-named field", value, span[0], span[1]))
    return found


def _decodes_to_text(value: str) -> bool:
    """Base64 of text (`admin:password`), or padded base64 of 16+ bytes of key material."""
    if len(value) % 4 and "=" in value:
        return False
    try:
        raw = base64.b64decode(value + "=" * (-len(value) % 4), validate=True)
    except (binascii.Error, ValueError):
        return False
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return value.endswith("=") and len(raw) >= 16
    printable = "".join(text.split()).isprintable()  # line breaks of a pasted config are fine
    return len(text) >= 4 and printable and (value.endswith("=") or not text.isalnum())


def _complex(value: str) -> bool:
    """Three of lower case, upper case, digits and symbols: chosen as a password, not prose."""
    kinds = (
        any(c.islower() for c in value),
        any(c.isupper() for c in value),
        any(c.isdigit() for c in value),
        any(not c.isalnum() for c in value),
    )
    return sum(kinds) >= 3 and not is_placeholder(value)


_LETTER_DIGIT_LETTER = re.compile(r"[A-Za-z]\d[A-Za-z]")  # `P4ss`, `k9mQ`: a chosen or random string, not a term


def _said(value: str) -> bool:
    """A password given in a sentence, not a term: both cases, a digit inside the letters, no words.

    `AES-256-GCM`, `TLS1.3-only`, `JWT/OAuth2`, `Base64-encoded` describe a password; `Tr0ub4dor&3` is one.
    """
    kinds = (any(c.islower() for c in value), any(c.isupper() for c in value))
    words = re.sub(r"\d+", "-", value)  # `OAuth2Proxy` reads as words once its digits are separators
    inside = _LETTER_DIGIT_LETTER.search(value) is not None
    return len(value) >= 8 and all(kinds) and inside and is_secret_value(value) and not is_identifier(words)


def scan_line(line: str) -> list[tuple[str, str, str, int, int]]:
    """(code, kind, value, start, end) of each named secret, header, `curl -u` and Secret data value."""
    found = _named(line)
    lower = line.lower()
    headers = [(_AUTH_HEADER, "authorization header")] if "authorization" in lower else []
    if "key" in lower or "token" in lower:
        headers.append((_KEY_HEADER, "API key header"))
    for pattern, kind in headers:
        for match in pattern.finditer(line):
            value = match.group(1)
            if not is_placeholder(value) and not value.startswith("$"):
                found.append(("SOT301", kind, value, match.start(1), match.end(1)))
    for match in _USER_PASSWORD.finditer(line) if ":" in line else ():
        user, _, password = match.groups()
        mixed = password != password.lower() and password != password.upper()
        scheme = user.lower() in ("http", "https", "mailto", "urn", "tel", "data")
        chosen = _complex(password) or (len(password) >= 12 and not is_identifier(password))  # `yqDVtkqPECriaLRi`
        if not scheme and password != user and mixed and chosen and not is_placeholder(password):  # not `main:main`
            found.append(("SOT301", "user and password", match.group(0), match.start(), match.end()))
    for match in _INLINE_NAMED.finditer(line) if ":" in line or "=" in line else ():
        span = _value_span(line, match.end())
        value = line[span[0] : span[1]] if span is not None else ""
        if span is not None and len(value) >= 8 and _complex(value) and is_secret_value(value):
            found.append(("SOT301", "secret-named field", value, span[0], span[1]))
    for match in _SAID_NAMED.finditer(line) if "pass" in lower or "pwd" in lower else ():
        span = _value_span(line, match.end())
        value = line[span[0] : span[1]] if span is not None else ""
        if span is not None and _said(value):
            found.append(("SOT301", "password in a sentence", value, span[0], span[1]))
    for match in _CURL_USER.finditer(line) if "-u" in line else ():
        value = match.group(2)
        password = value.partition(":")[2]
        if password and not is_placeholder(password) and not is_placeholder(value) and "$" not in value:
            found.append(("SOT301", "credentials in curl -u", value, match.start(2), match.end(2)))
    data = _K8S_DATA.match(line) if line[:1].isspace() else None
    if data is not None and _decodes_to_text(data.group(1)) and not is_placeholder(data.group(1)):
        found.append(("SOT301", "base64 secret data", data.group(1), data.start(1), data.end(1)))
    return found
