"""Every accepted config key, once, with the converter that checks its value.

A converter takes (value, dotted key) and returns the typed value or raises a
`ConfigError` that names the key and what it must be (never the bad value
unless it is safe to echo). `SCHEMA` maps each TOML key to the `Config`
attribute it sets; anything else is an unknown key.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sot_lint import echo
from sot_lint.config import ConfigError
from sot_lint.finding import Severity


def fail(key: str, expected: str) -> ConfigError:
    """The error for a bad value of `key`: it names the key and what the value must be."""
    return ConfigError(f"'{key}' must be {expected}")


def _str(value: object, key: str) -> str:
    if not isinstance(value, str) or not value:
        raise fail(key, "a non-empty string")
    return value


def _str_list(value: object, key: str) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise fail(key, "a list of strings")
    return tuple(_str(item, key) for item in value)


def _positive_int(value: object, key: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise fail(key, "a positive integer")
    return value


MAX_FILE_SIZE = 1 << 30  # a record is text: a gigabyte is already absurd, and reads stay in range


def _file_size(value: object, key: str) -> int:
    size = _positive_int(value, key)
    if size > MAX_FILE_SIZE:
        raise fail(key, f"a positive integer up to {MAX_FILE_SIZE}")
    return size


def _severity(value: object, key: str) -> Severity:
    try:
        return Severity(_str(value, key))
    except ValueError:
        raise fail(key, "'error' or 'warning'") from None


def _table_of_lists(value: object, key: str) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, dict):
        raise fail(key, "a table of string lists")
    return {name: _str_list(item, f"{key}.{name}" if echo.safe(name) else key) for name, item in value.items()}


def parse_codes(value: object, key: str) -> tuple[str, ...]:
    """Rule codes or prefixes (`SOT`, `SOT1`, `SOT101`), upper-cased; `--select`/`--ignore` use it too."""
    codes = _str_list(value, key)
    for code in codes:
        suffix = code[3:]
        if not code.upper().startswith("SOT") or (suffix and not suffix.isdigit()):
            raise fail(
                key, f"a list of rule codes or prefixes such as 'SOT1' (got {echo.quoted(code, 'another value')})"
            )
    return tuple(code.upper() for code in codes)


def _per_file_ignores(value: object, key: str) -> dict[str, tuple[str, ...]]:
    table = _table_of_lists(value, key)
    return {glob: parse_codes(list(codes), key) for glob, codes in table.items()}


def _pairs(value: object, key: str) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, list):
        raise fail(key, "a list of [field, field] pairs")
    pairs = []
    for item in value:
        names = _str_list(item, key)
        if len(names) != 2:
            raise fail(key, "a list of [field, field] pairs")
        pairs.append((names[0], names[1]))
    return tuple(pairs)


def _networks(value: object, key: str) -> tuple[str, ...]:
    items = _str_list(value, key)
    for item in items:
        try:
            ipaddress.ip_network(item, strict=False)
        except ValueError:
            raise fail(key, "a list of IP addresses or networks (a value is not one; it is not shown)") from None
    return items


def _patterns(value: object, key: str) -> tuple[str, ...]:
    items = _str_list(value, key)
    for item in items:
        try:
            re.compile(item)
        except re.error as error:
            raise fail(key, f"a list of valid regular expressions ({error})") from None
    return items


def _public_urls(value: object, key: str) -> str:
    choice = _str(value, key)
    if choice not in ("off", "endpoints", "all", "error"):
        raise fail(key, "one of 'off', 'endpoints', 'all', 'error'")
    return choice


def _template(value: object, key: str) -> str:
    template = _str(value, key)
    if "{provider}" not in template or "{model}" not in template or "/" in template:
        raise fail(key, "a file name containing {provider} and {model}")
    return template


def _path(value: object, key: str) -> Path:
    return Path(_str(value, key))


def _choice(*options: str) -> Callable[[object, str], str]:
    def convert(value: object, key: str) -> str:
        if value not in options:
            raise fail(key, " or ".join(f"'{option}'" for option in options))
        return str(value)

    return convert


def _table_of_str(value: object, key: str) -> dict[str, str]:
    if not isinstance(value, dict):
        raise fail(key, "a table of strings")
    return {name: _str(item, f"{key}.{name}") for name, item in value.items()}


def _severities(value: object, key: str) -> dict[str, Severity]:
    if not isinstance(value, dict):
        raise fail(key, "a table of rule codes to 'error' or 'warning'")
    codes = parse_codes(list(value), key)
    return {code: _severity(item, f"{key}.{code}") for code, item in zip(codes, value.values(), strict=True)}


Converter = Callable[[object, str], Any]

# TOML key -> (Config attribute, converter). Sub-tables use "table.key".
SCHEMA: dict[str, tuple[str, Converter]] = {
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
TABLES = {key.split(".", 1)[0] for key in SCHEMA if "." in key}
# Lists and tables of lists also take `extend-KEY`, which adds to the preset's (or default) value.
EXTENDABLE = (_str_list, parse_codes, _table_of_lists, _per_file_ignores, _networks, _patterns)
EXTEND = "extend-"
