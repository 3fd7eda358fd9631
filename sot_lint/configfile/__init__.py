"""Reading a config: defaults, a preset, then `[tool.sot-lint]` or `.sot-lint.toml`, into one Config.

The presets (`presets.py`) are named sets of the same keys, applied before the
repository's own table, which extends them (`extend-KEY` appends to a list).
Validation is table-driven (`keys.py`): anything not listed there is an unknown
key and a `ConfigError` that suggests the nearest known key.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from sot_lint import echo
from sot_lint.config import CONFIG_FILE, PYPROJECT, Config, ConfigError
from sot_lint.configfile.keys import EXTEND, EXTENDABLE, SCHEMA, TABLES, fail
from sot_lint.configfile.presets import PRESETS


def _known_keys() -> list[str]:
    keys = ["preset", *SCHEMA, *TABLES]
    for key, (_, convert) in SCHEMA.items():
        if convert in EXTENDABLE:
            table, _, name = key.rpartition(".")
            keys.append(f"{table}.{EXTEND}{name}" if table else EXTEND + name)
    return keys


def _did_you_mean(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str:
    """`; did you mean 'x'?` for the closest choice, or nothing (difflib loads only for a mistake)."""
    import difflib

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)
    return f"; did you mean '{close[0]}'?" if close else ""


def _unknown(key: str) -> ConfigError:
    return ConfigError(f"unknown key {echo.quoted(key, '(a key not shown)')}{_did_you_mean(key, _known_keys())}")


def _flatten(table: Mapping[str, object], prefix: str = "") -> dict[str, object]:
    """Flatten sub-tables one level deep: {"frontmatter": {"required": x}} -> "frontmatter.required"."""
    flat: dict[str, object] = {}
    for key, value in table.items():
        if not prefix and key in TABLES:
            if not isinstance(value, dict):
                raise fail(key, "a table")
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
        if name.startswith(EXTEND):
            target = f"{table_name}.{name[len(EXTEND) :]}" if table_name else name[len(EXTEND) :]
            if target in SCHEMA and SCHEMA[target][1] in EXTENDABLE:
                attribute, convert = SCHEMA[target]
                extensions.append((attribute, convert(value, key)))
                continue
        if key not in SCHEMA:
            raise _unknown(key)
        attribute, convert = SCHEMA[key]
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
        hint = _did_you_mean(str(name), PRESETS)
        raise ConfigError(f"'preset' must be one of {', '.join(map(repr, PRESETS))} (got {name!r}){hint}")
    preset = dataclasses.replace(_apply(Config(), PRESETS[str(name)]), preset=str(name))
    loaded = _apply(dataclasses.replace(preset, root=root, source=source), rest)
    if loaded.admission_schema is not None and loaded.admission_schema != preset.admission_schema:
        folder = source.parent if source is not None else root
        loaded = dataclasses.replace(loaded, admission_schema=folder / loaded.admission_schema)
    return loaded


def _read_toml(path: Path) -> dict[str, Any]:
    import tomllib  # only where a config file is found: a hook run in a repository without one skips it

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
