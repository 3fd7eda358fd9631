"""Defaults, a preset, then `[tool.sot-lint]` or `.sot-lint.toml`, into one frozen Config.

The defaults encode the conventions of the real CTO decision record (preset
`sot`), so a repository that follows them needs no config file at all. The
presets `madr` and `nygard` are named sets of the same keys, applied before the
repository's own table, which extends them (`extend-KEY` appends to a list).
Validation is table-driven: every accepted key is listed once in `_SCHEMA` with
the converter that checks it; anything else is an unknown key and a
`ConfigError` that suggests the nearest known key.
"""

from __future__ import annotations

import dataclasses
import difflib
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sot_lint.finding import Severity
from sot_lint.leaks import echo

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

    root: Path = field(default_factory=Path.cwd)
    source: Path | None = None
    include: tuple[str, ...] = ("**/.sot/**/*.md", "**/.sot/**/*.markdown", "**/.sot/**/*.json")
    exclude: tuple[str, ...] = ()
    select: tuple[str, ...] = ("SOT",)
    ignore: tuple[str, ...] = ()
    per_file_ignores: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    not_records: tuple[str, ...] = NOT_RECORDS
    severity: Mapping[str, Severity] = field(default_factory=dict)  # code or prefix -> severity
    preset: str = "sot"
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
    frontmatter_block: str = "required"  # or "optional": a record may carry no frontmatter at all
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
    state_section: str = "Current Decision State"
    decision_records: str = "state-section"  # or "all": every record is a decision record (MADR, Nygard)
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
    public_urls: str = "endpoints"  # off | endpoints | all | error (SPEC §8)
    internal_domains: tuple[str, ...] = ()  # suffixes naming private infrastructure
    sensitive_suffixes: tuple[str, ...] = (
        "_BASE_URL",
        "_ENDPOINT",
        "_HOST",
        "_TOKEN",
        "_KEY",
        "_SECRET",
        "_PASSWORD",
    )

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


MAX_FILE_SIZE = 1 << 30  # a record is text: a gigabyte is already absurd, and reads stay in range


def _file_size(value: object, key: str) -> int:
    size = _positive_int(value, key)
    if size > MAX_FILE_SIZE:
        raise _fail(key, f"a positive integer up to {MAX_FILE_SIZE}")
    return size


def _severity(value: object, key: str) -> Severity:
    try:
        return Severity(_str(value, key))
    except ValueError:
        raise _fail(key, "'error' or 'warning'") from None


def _table_of_lists(value: object, key: str) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, dict):
        raise _fail(key, "a table of string lists")
    return {name: _str_list(item, f"{key}.{name}" if echo.safe(name) else key) for name, item in value.items()}


def parse_codes(value: object, key: str) -> tuple[str, ...]:
    codes = _str_list(value, key)
    for code in codes:
        suffix = code[3:]
        if not code.upper().startswith("SOT") or (suffix and not suffix.isdigit()):
            raise _fail(
                key, f"a list of rule codes or prefixes such as 'SOT1' (got {echo.quoted(code, 'another value')})"
            )
    return tuple(code.upper() for code in codes)


def _per_file_ignores(value: object, key: str) -> dict[str, tuple[str, ...]]:
    table = _table_of_lists(value, key)
    return {glob: parse_codes(list(codes), key) for glob, codes in table.items()}


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
            raise _fail(key, "a list of IP addresses or networks (a value is not one; it is not shown)") from None
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


def _public_urls(value: object, key: str) -> str:
    choice = _str(value, key)
    if choice not in ("off", "endpoints", "all", "error"):
        raise _fail(key, "one of 'off', 'endpoints', 'all', 'error'")
    return choice


def _template(value: object, key: str) -> str:
    template = _str(value, key)
    if "{provider}" not in template or "{model}" not in template or "/" in template:
        raise _fail(key, "a file name containing {provider} and {model}")
    return template


def _path(value: object, key: str) -> Path:
    return Path(_str(value, key))


def _choice(*options: str) -> Callable[[object, str], str]:
    def convert(value: object, key: str) -> str:
        if value not in options:
            raise _fail(key, " or ".join(f"'{option}'" for option in options))
        return str(value)

    return convert


def _table_of_str(value: object, key: str) -> dict[str, str]:
    if not isinstance(value, dict):
        raise _fail(key, "a table of strings")
    return {name: _str(item, f"{key}.{name}") for name, item in value.items()}


def _severities(value: object, key: str) -> dict[str, Severity]:
    if not isinstance(value, dict):
        raise _fail(key, "a table of rule codes to 'error' or 'warning'")
    codes = parse_codes(list(value), key)
    return {code: _severity(item, f"{key}.{code}") for code, item in zip(codes, value.values(), strict=True)}


Converter = Callable[[object, str], Any]

# TOML key -> (Config attribute, converter). Sub-tables use "table.key".
_SCHEMA: dict[str, tuple[str, Converter]] = {
    "include": ("include", _str_list),
    "exclude": ("exclude", _str_list),
    "select": ("select", parse_codes),
    "ignore": ("ignore", parse_codes),
    "per-file-ignores": ("per_file_ignores", _per_file_ignores),
    "max-file-size": ("max_file_size", _file_size),
    "fail-on": ("fail_on", _severity),
    "not-records": ("not_records", _str_list),
    "severity": ("severity", _severities),
    "frontmatter.block": ("frontmatter_block", _choice("required", "optional")),
    "frontmatter.from-section": ("section_keys", _table_of_str),
    "frontmatter.from-line": ("line_keys", _table_of_str),
    "decision.records": ("decision_records", _choice("state-section", "all")),
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
    "leaks.public-urls": ("public_urls", _public_urls),
    "leaks.internal-domains": ("internal_domains", _str_list),
}
_TABLES = {key.split(".", 1)[0] for key in _SCHEMA if "." in key}
# Lists and tables of lists also take `extend-KEY`, which adds to the preset's (or default) value.
_EXTENDABLE = (_str_list, parse_codes, _table_of_lists, _per_file_ignores, _networks, _patterns)
_EXTEND = "extend-"

# A preset is a named set of the same keys, applied before the repository's table.
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


def _known_keys() -> list[str]:
    keys = ["preset", *_SCHEMA, *_TABLES]
    for key, (_, convert) in _SCHEMA.items():
        if convert in _EXTENDABLE:
            table, _, name = key.rpartition(".")
            keys.append(f"{table}.{_EXTEND}{name}" if table else _EXTEND + name)
    return keys


def _unknown(key: str) -> ConfigError:
    close = difflib.get_close_matches(key, _known_keys(), n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return ConfigError(f"unknown key {echo.quoted(key, '(a key not shown)')}{hint}")


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


def _extended(current: object, added: object) -> object:
    """`current` with `added` appended: lists in order without repeats, tables key by key."""
    if isinstance(current, Mapping) and isinstance(added, Mapping):
        merged = dict(current)
        for name, values in added.items():
            merged[name] = _extended(merged.get(name, ()), values)
        return merged
    assert isinstance(current, tuple) and isinstance(added, tuple)
    return tuple(dict.fromkeys((*current, *added)))


def _apply(base: Config, table: Mapping[str, object]) -> Config:
    """`base` with the keys of one table set, then its `extend-` keys added."""
    changes: dict[str, Any] = {}
    extensions: list[tuple[str, Any]] = []
    for key, value in _flatten(table).items():
        table_name, _, name = key.rpartition(".")
        if name.startswith(_EXTEND):
            target = f"{table_name}.{name[len(_EXTEND) :]}" if table_name else name[len(_EXTEND) :]
            if target in _SCHEMA and _SCHEMA[target][1] in _EXTENDABLE:
                attribute, convert = _SCHEMA[target]
                extensions.append((attribute, convert(value, key)))
                continue
        if key not in _SCHEMA:
            raise _unknown(key)
        attribute, convert = _SCHEMA[key]
        changes[attribute] = convert(value, key)
    for attribute, added in extensions:
        changes[attribute] = _extended(changes.get(attribute, getattr(base, attribute)), added)
    return dataclasses.replace(base, **changes)


def from_table(table: Mapping[str, object], root: Path, source: Path | None) -> Config:
    """Build a Config from the `[tool.sot-lint]` table over its preset; unknown keys are errors.

    `root` is the repository the globs are relative to; relative paths in the
    table are relative to the file that holds it.
    """
    rest = dict(table)
    name = rest.pop("preset", "sot")
    if name not in PRESETS:
        close = difflib.get_close_matches(str(name), PRESETS, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        raise ConfigError(f"'preset' must be one of {', '.join(map(repr, PRESETS))} (got {name!r}){hint}")
    preset = dataclasses.replace(_apply(Config(), PRESETS[str(name)]), preset=str(name))
    loaded = _apply(dataclasses.replace(preset, root=root, source=source), rest)
    if loaded.admission_schema is not None and loaded.admission_schema != preset.admission_schema:
        folder = source.parent if source is not None else root
        loaded = dataclasses.replace(loaded, admission_schema=folder / loaded.admission_schema)
    return loaded


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
    tool = data.get("tool", {})
    if not isinstance(tool, dict):
        return None  # `tool = 5`: no [tool] table, so no sot-lint table either
    table = tool.get("sot-lint")
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
    """Load the explicit config file, or discover one from `cwd` up to the git root.

    Wherever the file lives, the globs match paths relative to the repository
    holding `cwd` (SPEC §11): `--config ../other.toml` changes the rules only.
    """
    cwd = (cwd or Path.cwd()).resolve()
    if explicit is not None:
        path = explicit.resolve()
        table = _table_in(path, _read_toml(path))
        if table is None:
            raise ConfigError(f"{explicit}: no [tool.sot-lint] table")
        try:
            return from_table(table, find_root(cwd), path)  # the config chooses rules, never the tree
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
                return from_table(table, git_root, path)
            except ConfigError as error:
                raise ConfigError(f"{path}: {error}") from None
        if directory == git_root:
            break
    return Config(root=git_root)
