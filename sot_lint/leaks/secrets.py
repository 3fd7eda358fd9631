"""The bridge to detect-secrets: every plugin it ships, on the lines its gate lets through.

Which lines a plugin must see is `gates.py`'s business; here the plugins run
on those lines, with the filters below, and hits keep detect-secrets' own hash
(baselines use it).

Filters, chosen deliberately:
- kept: the `pragma: allowlist secret` / `allowlist nextline secret` comments,
  sequential strings, UUIDs, id-like strings, templated values, `$`-prefixed
  values, values with no alphanumeric character;
- dropped: `is_indirect_reference` (a backtracking regex that costs most of the
  scan on markdown, and drops a whole line for every plugin when it looks like
  `x = f(...)`, so a real secret there would be missed), and the file-name
  filters (lock files, swagger files), which do not apply to SOT documents.

The public-IP plugin is left to sot-lint's own SOT303 detector, which also
knows private and tailnet ranges.

Beside those, a hit the placeholder model of SPEC §8 would not report is
dropped (see `_stand_in`): a token shown cut short (`xoxp-…-####`), a
vendor prefix inside a longer word (`…INASIAASACKOF…` is no AWS key id), a key
block whose END follows its BEGIN with no key between, and, for the
high-entropy plugins, a string of words (`SponsoredProductsRemoteSearch`) or
the anti-forgery token an HTML form hands every visitor; for the vendor-token
plugins, a token whose secret part is a word (`xoxp-1-initial`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from sot_lint.leaks import gates, plugins, prefilter
from sot_lint.leaks.gates import FRONTMATTER_AS, JSON_AS, MARKDOWN_AS, Screened
from sot_lint.leaks.memo import LineMemo
from sot_lint.leaks.placeholder import cut_short, is_identifier, is_worded

__all__ = ["FRONTMATTER_AS", "JSON_AS", "MARKDOWN_AS", "Detector", "SecretHit", "scan"]


class SecretHit(NamedTuple):
    """A secret found on a line. `hashed` is detect-secrets' own hash (baselines use it)."""

    kind: str
    value: str
    hashed: str
    line: int


@functools.cache
def _filters() -> tuple[Callable[[str, str, Any], bool], Callable[[str, str, Any], bool]]:
    """(line allowlisted?, secret filtered?) built from detect-secrets' own filter functions."""
    from detect_secrets.filters import heuristic
    from detect_secrets.filters.allowlist import is_line_allowlisted

    def allowlisted(filename: str, line: str, context: Any) -> bool:
        return bool(is_line_allowlisted(filename, line, context))

    def filtered(secret: str, line: str, plugin: Any) -> bool:
        return bool(
            heuristic.is_sequential_string(secret)
            or heuristic.is_potential_uuid(secret)
            or heuristic.is_likely_id_string(secret, line, plugin)
            or heuristic.is_templated_secret(secret)
            or heuristic.is_prefixed_with_dollar_sign(secret)
            or heuristic.is_not_alphanumeric_string(secret)
        )

    return allowlisted, filtered


def _full_value(plugin: Any, secret: str, line: str) -> str:
    """The whole matched token when a plugin records only a prefix group (GitHub's `ghp`)."""
    if len(secret) >= 8:
        return secret
    for pattern in getattr(plugin, "denylist", ()):
        for match in pattern.finditer(line):
            if secret in match.group(0) and len(match.group(0)) > len(secret):
                return str(match.group(0))
    return secret


_KEY_BEGIN = re.compile(r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----")
_KEY_END = re.compile(r"-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----")
_KEY_MATERIAL = re.compile(r"[A-Za-z0-9+/=]")
_SMALLEST_KEY = 64  # base64 characters: the smallest private key (Ed25519, OpenSSH) holds several times more
_ENTROPY_KINDS = frozenset({"Base64 High Entropy String", "Hex High Entropy String"})
# Plugins that report a value for its name or context, not for a vendor's prefix: a password may be words.
_VALUE_KINDS = _ENTROPY_KINDS | {"Secret Keyword", "Basic Auth Credentials"}
_TOKEN_PARTS = re.compile(r"[\W_]+")
# Anti-forgery tokens (Rails, Django, ASP.NET, Angular...) are put in every page a visitor loads: no credential.
_ANTI_FORGERY = re.compile(
    r"""(?i)(?:authenticity_token|csrf[\w-]*|xsrf[\w-]*|__requestverificationtoken)["']?"""
    r"""(?:\s+(?:value|content)\s*=\s*|\s*[:=]\s*)["']?\Z"""
)


def _empty_key_block(lines: Sequence[str], index: int) -> bool:
    """A private-key header closed by its END marker with no key material between: the markers shown, no key.

    A header alone still counts: the key may follow where the scan does not see it.
    Reading stops as soon as there is key material enough: a real key costs a few lines.
    """
    begin = _KEY_BEGIN.search(lines[index])
    if begin is None:
        return False
    material = 0
    for offset, text in enumerate(lines[index : index + 200]):
        start = begin.end() if offset == 0 else 0
        end = _KEY_END.search(text, start)
        material += len(_KEY_MATERIAL.findall(text, start, end.start() if end is not None else len(text)))
        if end is not None or material >= _SMALLEST_KEY:
            return end is not None and material < _SMALLEST_KEY
    return False


def _inside_a_word(line: str, start: int, end: int) -> bool:
    """`line[start:end]` continues a word of letters on its left: `TODAYINASIAASACKOFRICE…` holds no AWS key id.

    Only a word: a token cut out of a longer random run (a regex that does
    not anchor its start) has digits around it and still counts.
    """
    if start == 0 or not line[start - 1].isalpha():
        return False
    left = start
    while left > 0 and line[left - 1].isalnum():
        left -= 1
    right = end
    while right < len(line) and line[right].isalnum():
        right += 1
    return line[left:right].isalpha()


def _worded_token(value: str) -> bool:
    """After its vendor prefix, the token holds only words and ids: `xoxp-1-initial`, `xoxb-9-bot-token`."""
    prefix_and_secret = _TOKEN_PARTS.split(value, maxsplit=1)
    return len(prefix_and_secret) == 2 and is_worded(prefix_and_secret[1])


def _stand_in(kind: str, value: str, lines: Sequence[str], index: int) -> bool:
    """A detect-secrets hit that names no secret (module docstring)."""
    line = lines[index]
    if "Private Key" in kind:
        return _empty_key_block(lines, index)
    starts = [m.start() for m in re.finditer(re.escape(value), line)]
    if starts and all(_inside_a_word(line, start, start + len(value)) for start in starts):
        return True
    if starts and all(cut_short(line, start, start + len(value)) for start in starts):
        return True
    if kind in _ENTROPY_KINDS:
        return is_identifier(value) or any(_ANTI_FORGERY.search(line, max(0, start - 80), start) for start in starts)
    return kind not in _VALUE_KINDS and _worded_token(value)


class Detector:
    """detect-secrets' plugins behind their gates, with the gate verdicts of the lines seen so far.

    One per Scanner: nothing survives it, so a long-lived process (the
    language server) holds only the memo of its current scanner.
    """

    def __init__(self, cache: plugins.Store) -> None:
        self.cache = cache
        self._gates: tuple[gates.Gate, ...] | None = None
        self._verdicts: LineMemo[tuple[str, ...]] = LineMemo()
        self._screened: Screened | None = None

    @property
    def gates(self) -> tuple[gates.Gate, ...]:
        if self._gates is None:
            self._gates = plugins.load_gates(self.cache)
        return self._gates

    @functools.cached_property
    def literals(self) -> prefilter.Literals:
        return gates.literals_of(self.gates)

    def warm(self, automaton: Screened | None = None) -> None:
        """Import detect-secrets and build the gates now, so forked workers inherit them instead of each paying.

        `automaton` (the gates compiled into one) then screens the lines instead of the gates one by one.
        """
        from detect_secrets.util.code_snippet import get_code_snippet  # noqa: F401 - the import is the point

        _ = (self.literals, plugins.plugins(), _filters())
        self._screened = automaton or self._screened

    def wanted(self, lines: Sequence[str]) -> dict[int, tuple[str, ...]]:
        """Line index -> names of the plugins whose gate that line passes.

        Lines are compared right-stripped, as detect-secrets hands them to plugins.
        """

        def decide(fresh: list[str]) -> list[tuple[str, ...]]:
            if self._screened is not None:
                gated = self._screened.gate_lines(fresh, self.literals)
            else:
                gated = gates.gate_lines(fresh, self.gates, self.literals)
            return [tuple(gated.get(index, ())) for index in range(len(fresh))]

        verdicts = self._verdicts.answers([line.rstrip() for line in lines], decide)
        return {index: names for index, names in enumerate(verdicts) if names}

    def scan(self, lines: Sequence[str], filenames: Callable[[int], tuple[str, ...]]) -> list[SecretHit]:
        """Secrets in `lines`; see `scan`."""
        return scan(lines, filenames, self)


def scan(lines: Sequence[str], filenames: Callable[[int], tuple[str, ...]], detector: Detector) -> list[SecretHit]:
    """Secrets in `lines` (1-based lines in the hits).

    `filenames(index)` names the file type(s) a line is scanned as: the keyword
    plugin's rules depend on it (frontmatter is YAML, the body markdown).
    """
    if not lines:
        return []
    wanted = detector.wanted(lines)
    if not wanted:
        return []
    from detect_secrets.util.code_snippet import get_code_snippet

    installed = plugins.plugins()
    allowlisted, filtered = _filters()
    raw_lines = list(lines)
    hits: list[SecretHit] = []
    for index in sorted(wanted):
        line = lines[index].rstrip()
        context = get_code_snippet(raw_lines, index + 1)
        names = filenames(index)
        if any(allowlisted(filename, line, context) for filename in names):
            continue
        seen: set[str] = set()
        for filename in names:
            for plugin in (installed[name] for name in wanted[index] if name in installed):
                for secret in plugin.analyze_line(filename=filename, line=line, line_number=index + 1, context=context):
                    value = secret.secret_value or ""
                    if not value or value in seen or filtered(value, line, plugin):
                        continue
                    seen.add(value)
                    whole = _full_value(plugin, value, line)
                    if not _stand_in(secret.type, whole, raw_lines, index):
                        hits.append(SecretHit(secret.type, whole, secret.secret_hash, index + 1))
    return hits
