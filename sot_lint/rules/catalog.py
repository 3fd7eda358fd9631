"""The rule catalog as people read it: `sot-lint rules`, `sot-lint rule CODE`, the README table, editor hovers.

Every text here comes from the rule modules themselves (their META and
docstring), so the catalog cannot drift from the rules.
"""

from __future__ import annotations

import argparse
import inspect
import json
import sys

from sot_lint.errors import EXIT_OK, UsageError
from sot_lint.rules import RULES


def _summary(code: str) -> str:
    return (inspect.getdoc(RULES[code]) or "").splitlines()[0]


def run_rules(args: argparse.Namespace) -> int:
    """`sot-lint rules`: one line per rule, or the catalog as JSON or a markdown table."""
    if args.format == "json":
        catalog = [
            {"code": code, "name": r.META.name, "severity": r.META.severity.value, "summary": _summary(code)}
            for code, r in RULES.items()
        ]
        json.dump(catalog, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return EXIT_OK
    if args.format == "markdown":
        sys.stdout.write(rule_table())
        return EXIT_OK
    for code, r in RULES.items():
        sys.stdout.write(f"{code}  {r.META.name:<26} {r.META.severity.value:<8} {_summary(code)}\n")
    return EXIT_OK


def rule_table() -> str:
    """The rule catalog as a markdown table (the README's copy is checked against it)."""
    rows = ["| code | name | severity | what it checks |", "|---|---|---|---|"]
    for code, r in RULES.items():
        summary = _summary(code).replace("|", "\\|")
        rows.append(f"| {code} | `{r.META.name}` | {r.META.severity.value} | {summary} |")
    return "\n".join(rows) + "\n"


def run_rule(args: argparse.Namespace) -> int:
    """`sot-lint rule CODE`: the rule's name, severity and whole documentation."""
    code = args.code.upper()
    if code not in RULES:
        raise UsageError(f"unknown rule code '{args.code}' (see 'sot-lint rules')")
    meta = RULES[code].META
    sys.stdout.write(f"{meta.code} {meta.name} ({meta.severity.value})\n\n{inspect.getdoc(RULES[code])}\n")
    return EXIT_OK


def rule_help(code: str) -> str:
    """What `sot-lint rule CODE` prints, as markdown for a hover over a finding in the editor."""
    rule = RULES.get(code)
    if rule is None:
        return f"**{code}**"
    doc = inspect.getdoc(rule) or ""
    return f"**{code}** `{rule.META.name}` ({rule.META.severity.value})\n\n```text\n{doc}\n```"
