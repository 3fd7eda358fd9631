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
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from sot_lint.leaks import gates, plugins, prefilter
from sot_lint.leaks.gates import FRONTMATTER_AS, JSON_AS, MARKDOWN_AS, Screened
from sot_lint.leaks.memo import LineMemo

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
                    hits.append(SecretHit(secret.type, _full_value(plugin, value, line), secret.secret_hash, index + 1))
    return hits
