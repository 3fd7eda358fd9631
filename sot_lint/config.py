"""Defaults, plus `[tool.sot-lint]` or `.sot-lint.toml`, into one frozen Config.

The defaults encode the conventions of the real CTO decision record, so a
repository that follows them needs no config file at all. Validation is
table-driven: every accepted key is listed once in `_SCHEMA` with the converter
that checks it; anything else is an unknown key and a `ConfigError`.
"""

from __future__ import annotations

import dataclasses
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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


class ConfigError(Exception):
    """A config problem the user must fix; the CLI prints it as one line, exit 2."""


@dataclass(frozen=True)
class Config:
    """Everything a run needs to know about the repository's conventions."""

    root: Path = field(default_factory=Path.cwd)
    source: Path | None = None
    include: tuple[str, ...] = ("**/.sot/**/*.md", "**/.sot/**/*.json")
    exclude: tuple[str, ...] = ()
    select: tuple[str, ...] = ("SOT",)
    ignore: tuple[str, ...] = ()
    per_file_ignores: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    max_file_size: int = 1_048_576
    fail_on: Severity = Severity.ERROR
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
    allowed_values: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: {
            "status": ("draft", "proposed", "active", "superseded", "rejected", "retired"),
            "lifecycle_classification": ("sot",),
            "core_promotion_status": ("not-promoted", "promoted"),
        }
    )
    date_keys: tuple[str, ...] = ("created", "last_reviewed")
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
    allow_hosts: tuple[str, ...] = ()
    allow_addresses: tuple[str, ...] = ()
    allow_patterns: tuple[str, ...] = ()
    sensitive_env: tuple[str, ...] = ("CTO_HARNESS_CASE_LOCAL_BASE_URL",)
    env_files: tuple[str, ...] = ()
    sensitive_suffixes: tuple[str, ...] = (
        "_BASE_URL",
        "_ENDPOINT",
        "_HOST",
        "_TOKEN",
        "_KEY",
        "_SECRET",
        "_PASSWORD",
    )


# --- converters: (value, dotted key) -> converted value, or ConfigError ------


def _fail(key: str, expected: str) -> ConfigError:
    return ConfigError(f"'{key}' must be {expected}")


def _str(value: object, key: str) -> str:
    if not isinstance(value, str) or not value:
        raise _fail(key, "a non-empty string")
    return value


def _str_list(value: object, key: str) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise _fail(key, "a list of strings")
    return tuple(_str(item, key) for item in value)


def _positive_int(value: object, key: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise _fail(key, "a positive integer")
    return value


def _severity(value: object, key: str) -> Severity:
    try:
        return Severity(_str(value, key))
    except ValueError:
        raise _fail(key, "'error' or 'warning'") from None


def _table_of_lists(value: object, key: str) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, dict):
        raise _fail(key, "a table of string lists")
    return {name: _str_list(item, f"{key}.{name}") for name, item in value.items()}


def parse_codes(value: object, key: str) -> tuple[str, ...]:
    codes = _str_list(value, key)
    for code in codes:
        suffix = code[3:]
        if not code.upper().startswith("SOT") or (suffix and not suffix.isdigit()):
            raise _fail(key, f"a list of rule codes or prefixes such as 'SOT1' (got '{code}')")
    return tuple(code.upper() for code in codes)


def _per_file_ignores(value: object, key: str) -> dict[str, tuple[str, ...]]:
    table = _table_of_lists(value, key)
    return {glob: parse_codes(list(codes), f"{key}.{glob}") for glob, codes in table.items()}


def _pairs(value: object, key: str) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, list):
        raise _fail(key, "a list of [field, field] pairs")
    pairs = []
    for item in value:
        names = _str_list(item, key)
        if len(names) != 2:
            raise _fail(key, "a list of [field, field] pairs")
        pairs.append((names[0], names[1]))
    return tuple(pairs)


def _networks(value: object, key: str) -> tuple[str, ...]:
    import ipaddress

    items = _str_list(value, key)
    for item in items:
        try:
            ipaddress.ip_network(item, strict=False)
        except ValueError:
            raise _fail(key, f"a list of IP addresses or networks (got '{item}')") from None
    return items


def _patterns(value: object, key: str) -> tuple[str, ...]:
    import re

    items = _str_list(value, key)
    for item in items:
        try:
            re.compile(item)
        except re.error as error:
            raise _fail(key, f"a list of valid regular expressions ({error})") from None
    return items


def _template(value: object, key: str) -> str:
    template = _str(value, key)
    if "{provider}" not in template or "{model}" not in template or "/" in template:
        raise _fail(key, "a file name containing {provider} and {model}")
    return template


def _path(value: object, key: str) -> Path:
    return Path(_str(value, key))


Converter = Callable[[object, str], Any]

# TOML key -> (Config attribute, converter). Sub-tables use "table.key".
_SCHEMA: dict[str, tuple[str, Converter]] = {
    "include": ("include", _str_list),
    "exclude": ("exclude", _str_list),
    "select": ("select", parse_codes),
    "ignore": ("ignore", parse_codes),
    "per-file-ignores": ("per_file_ignores", _per_file_ignores),
    "max-file-size": ("max_file_size", _positive_int),
    "fail-on": ("fail_on", _severity),
    "frontmatter.required": ("required_keys", _str_list),
    "frontmatter.optional": ("optional_keys", _str_list),
    "frontmatter.allowed": ("allowed_values", _table_of_lists),
    "frontmatter.dates": ("date_keys", _str_list),
    "decision.state-section": ("state_section", _str),
    "decision.history-section": ("history_section", _str),
    "decision.required-sections": ("required_sections", _str_list),
    "decision.statuses": ("statuses", _str_list),
    "decision.required-when": ("required_when", _table_of_lists),
    "decision.forbidden-when": ("forbidden_when", _table_of_lists),
    "decision.pairs": ("paired_fields", _pairs),
    "decision.transitions": ("transitions", _table_of_lists),
    "decision.review-fields": ("review_fields", _str_list),
    "decision.review-max-age-days": ("review_max_age_days", _positive_int),
    "admission.template": ("admission_template", _template),
    "admission.schema": ("admission_schema", _path),
    "admission.compare": ("admission_compare", _str_list),
    "leaks.allow-hosts": ("allow_hosts", _str_list),
    "leaks.allow-addresses": ("allow_addresses", _networks),
    "leaks.allow-patterns": ("allow_patterns", _patterns),
    "leaks.sensitive-env": ("sensitive_env", _str_list),
    "leaks.sensitive-suffixes": ("sensitive_suffixes", _str_list),
    "leaks.env-files": ("env_files", _str_list),
}
_TABLES = {key.split(".", 1)[0] for key in _SCHEMA if "." in key}


def _flatten(table: Mapping[str, object], prefix: str = "") -> dict[str, object]:
    """Flatten sub-tables one level deep: {"frontmatter": {"required": x}} -> "frontmatter.required"."""
    flat: dict[str, object] = {}
    for key, value in table.items():
        if not prefix and key in _TABLES:
            if not isinstance(value, dict):
                raise _fail(key, "a table")
            flat.update(_flatten(value, prefix=f"{key}."))
        else:
            flat[prefix + key] = value
    return flat


def from_table(table: Mapping[str, object], root: Path, source: Path | None) -> Config:
    """Build a Config from the `[tool.sot-lint]` table; unknown keys are errors."""
    changes: dict[str, Any] = {"root": root, "source": source}
    for key, value in _flatten(table).items():
        if key not in _SCHEMA:
            raise ConfigError(f"unknown key '{key}'")
        attribute, convert = _SCHEMA[key]
        changes[attribute] = convert(value, key)
    if "admission_schema" in changes:
        changes["admission_schema"] = root / changes["admission_schema"]
    return dataclasses.replace(Config(), **changes)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: invalid TOML: not UTF-8") from None


def _table_in(path: Path, data: dict[str, Any]) -> dict[str, Any] | None:
    """The sot-lint table of a parsed file, or None when a pyproject has none."""
    if path.name != PYPROJECT:
        return data
    table = data.get("tool", {}).get("sot-lint")
    if table is not None and not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.sot-lint] must be a table")
    return table


def find_root(start: Path) -> Path:
    """The git work tree holding `start`, or `start` itself outside git."""
    for directory in (start, *start.parents):
        if (directory / ".git").exists():
            return directory
    return start


def load(explicit: Path | None = None, cwd: Path | None = None) -> Config:
    """Load the explicit config file, or discover one from `cwd` up to the git root."""
    cwd = (cwd or Path.cwd()).resolve()
    if explicit is not None:
        path = explicit.resolve()
        table = _table_in(path, _read_toml(path))
        if table is None:
            raise ConfigError(f"{explicit}: no [tool.sot-lint] table")
        try:
            return from_table(table, path.parent, path)
        except ConfigError as error:
            raise ConfigError(f"{explicit}: {error}") from None
    git_root = find_root(cwd)
    for directory in (cwd, *cwd.parents):
        for name in (CONFIG_FILE, PYPROJECT):
            path = directory / name
            if not path.is_file():
                continue
            table = _table_in(path, _read_toml(path))
            if table is None:
                continue
            try:
                return from_table(table, directory, path)
            except ConfigError as error:
                raise ConfigError(f"{path}: {error}") from None
        if directory == git_root:
            break
    return Config(root=git_root)
