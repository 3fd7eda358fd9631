"""The presets: named sets of config keys, applied before the repository's own table.

A preset uses the same TOML keys as a config file and passes the same
converters; the repository's table then replaces its values, or adds to them
with `extend-KEY`.
"""

from __future__ import annotations

# MADR's metadata, plus the navigation keys of the Jekyll theme MADR's own records use.
MADR_KEYS = ["status", "date", "decision-makers", "consulted", "informed"]
MADR_KEYS += ["title", "parent", "nav_order", "grand_parent", "has_children", "layout", "tags"]
MADR_STATUSES = ["proposed", "rejected", "accepted", "deprecated", "superseded by *"]
PRESETS: dict[str, dict[str, object]] = {
    "sot": {},
    "madr": {
        "include": ["**/docs/decisions/**/*.md", "**/docs/adr/**/*.md", "**/doc/adr/**/*.md"],
        "frontmatter.block": "optional",
        "frontmatter.required": [],
        "frontmatter.optional": MADR_KEYS,
        "frontmatter.allowed": {"status": MADR_STATUSES},
        "frontmatter.dates": ["date"],
        "decision.records": "all",
        "decision.required-sections": ["Context and Problem Statement", "Considered Options", "Decision Outcome"],
        "severity": {"SOT209": "error"},
    },
    "nygard": {
        "include": ["**/doc/adr/**/*.md", "**/docs/adr/**/*.md", "**/docs/decisions/**/*.md"],
        "frontmatter.block": "optional",
        "frontmatter.required": ["status", "date"],
        "frontmatter.from-section": {"status": "Status"},
        "frontmatter.from-line": {"date": "Date"},
        "frontmatter.allowed": {
            "status": ["Proposed", "Accepted", "Rejected", "Deprecated", "Superseded", "Superseded by *"]
        },
        "frontmatter.dates": ["date"],
        "decision.records": "all",
        "decision.required-sections": ["Status", "Context", "Decision", "Consequences"],
        "severity": {"SOT209": "error"},
    },
}
