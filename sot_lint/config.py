"""The typed configuration every stage reads: one frozen Config, and the error a bad config raises.

The defaults encode the conventions of the real CTO decision record (preset
`sot`), so a repository that follows them needs no config file at all. The
fields are grouped by the TOML table that sets them (top level, `[frontmatter]`,
`[decision]`, `[admission]`, `[leaks]`). Reading and checking a config file,
and the presets `madr` and `nygard`, live in `sot_lint.configfile`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sot_lint.finding import Severity

CONFIG_FILE = ".sot-lint.toml"
PYPROJECT = "pyproject.toml"

DECIDED_REQUIRED = (
    "provider",
    "model",
    "approval_source",
    "credential_source_class",
    "allowed_network_class",
    "review_trigger",
    "evidence_sources",
)


# Files that are not records (templates, indexes, READMEs): only scanned for leaks.
NOT_RECORDS = ("*template*.md", "index.md", "README.md")
# What a file that is not a record is spared: everything but unreadable input, size and leaks.
NOT_RECORD_CODES = ("SOT002", "SOT003", "SOT1", "SOT2", "SOT4", "SOT5")


class ConfigError(Exception):
    """A config problem the user must fix; the CLI prints it as one line, exit 2."""


@dataclass(frozen=True)
class Config:
    """Everything a run needs to know about the repository's conventions."""

    # --- where the config came from, and the top-level keys: which files, which rules ---
    root: Path = field(default_factory=Path.cwd)
    source: Path | None = None
    preset: str = "sot"
    include: tuple[str, ...] = ("**/.sot/**/*.md", "**/.sot/**/*.markdown", "**/.sot/**/*.json")
    exclude: tuple[str, ...] = ()
    not_records: tuple[str, ...] = NOT_RECORDS
    select: tuple[str, ...] = ("SOT",)
    ignore: tuple[str, ...] = ()
    per_file_ignores: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    severity: Mapping[str, Severity] = field(default_factory=dict)  # code or prefix -> severity
    max_file_size: int = 1_048_576
    fail_on: Severity = Severity.ERROR

    # --- [frontmatter] ---
    frontmatter_block: str = "required"  # or "optional": a record may carry no frontmatter at all
    required_keys: tuple[str, ...] = (
        "title",
        "status",
        "lifecycle_classification",
        "owner",
        "created",
        "last_reviewed",
        "core_promotion_status",
        "route",
    )
    optional_keys: tuple[str, ...] = ()
    # Keys read from the body instead of the frontmatter (Nygard records): key -> section title whose
    # first paragraph is the value, and key -> label of a `Label: value` line above the first section.
    section_keys: Mapping[str, str] = field(default_factory=dict)
    line_keys: Mapping[str, str] = field(default_factory=dict)
    allowed_values: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: {
            "status": ("draft", "proposed", "active", "superseded", "rejected", "retired"),
            "lifecycle_classification": ("sot",),
            "core_promotion_status": ("not-promoted", "promoted"),
        }
    )
    date_keys: tuple[str, ...] = ("created", "last_reviewed")

    # --- [decision] ---
    decision_records: str = "state-section"  # or "all": every record is a decision record (MADR, Nygard)
    state_section: str = "Current Decision State"
    history_section: str = "Decision History"
    required_sections: tuple[str, ...] = ("Meaning", "Decision History", "Safety Constraints")
    statuses: tuple[str, ...] = (
        "not_decided",
        "external_provider_approved",
        "local_provider_required",
    )
    required_when: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: {
            "external_provider_approved": DECIDED_REQUIRED,
            "local_provider_required": DECIDED_REQUIRED,
        }
    )
    forbidden_when: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: {
            "not_decided": ("provider", "model", "fallback_provider", "fallback_model"),
        }
    )
    paired_fields: tuple[tuple[str, str], ...] = (("fallback_provider", "fallback_model"),)
    transitions: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: {
            "not_decided": ("external_provider_approved", "local_provider_required"),
            "external_provider_approved": ("local_provider_required",),
            "local_provider_required": ("external_provider_approved",),
        }
    )
    review_fields: tuple[str, ...] = (
        "provider",
        "model",
        "fallback_provider",
        "fallback_model",
        "credential_source_class",
    )
    review_max_age_days: int = 90  # `sot-lint status` marks a record stale past this age

    # --- [admission] ---
    admission_template: str = "CTO-CASE-MODEL-PROVIDER-ADMISSION.{provider}-{model}.json"
    admission_schema: Path | None = None
    admission_compare: tuple[str, ...] = (
        "decision_status",
        "provider_class",
        "provider",
        "model",
        "fallback_provider",
        "fallback_model",
        "approval_source",
        "credential_source_class",
        "allowed_network_class",
    )

    # --- [leaks] ---
    allow_hosts: tuple[str, ...] = ()
    allow_addresses: tuple[str, ...] = ()
    allow_patterns: tuple[str, ...] = ()
    sensitive_env: tuple[str, ...] = ("CTO_HARNESS_CASE_LOCAL_BASE_URL",)
    sensitive_suffixes: tuple[str, ...] = (
        "_BASE_URL",
        "_ENDPOINT",
        "_HOST",
        "_TOKEN",
        "_KEY",
        "_SECRET",
        "_PASSWORD",
    )
    env_files: tuple[str, ...] = ()
    public_urls: str = "endpoints"  # off | endpoints | all | error (SPEC §8)
    internal_domains: tuple[str, ...] = ()  # suffixes naming private infrastructure

    def ignores_by_glob(self) -> dict[str, tuple[str, ...]]:
        """`per-file-ignores` plus the record rules for files that are not records."""
        merged: dict[str, tuple[str, ...]] = dict.fromkeys(self.not_records, NOT_RECORD_CODES)
        for glob, codes in self.per_file_ignores.items():
            merged[glob] = merged.get(glob, ()) + codes
        return merged

    def severity_of(self, code: str, default: Severity) -> Severity:
        """The configured severity of `code` (the longest matching prefix wins), else `default`."""
        matching = [prefix for prefix in self.severity if code.startswith(prefix)]
        return self.severity[max(matching, key=len)] if matching else default
