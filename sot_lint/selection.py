"""Which rule codes run for which file: select, ignore, per-file ignores.

Decided in this one place. Codes and prefixes (`SOT1`, `SOT30`) are accepted;
when a select and an ignore both match, the longer (more specific) wins, and
an ignore wins a tie, as in ruff.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from sot_lint.config import Config
from sot_lint.repo.globs import matches


def _longest(prefixes: tuple[str, ...], code: str) -> int:
    return max((len(p) for p in prefixes if code.startswith(p)), default=-1)


@dataclass(frozen=True)
class Selection:
    select: tuple[str, ...] = ("SOT",)
    ignore: tuple[str, ...] = ()
    per_file_ignores: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def of(cls, config: Config, select: tuple[str, ...] | None = None, ignore: tuple[str, ...] = ()) -> Selection:
        """The config's selection, narrowed by command-line `--select` / `--ignore` (not-records included)."""
        return cls(select or config.select, config.ignore + ignore, config.ignores_by_glob())

    def enabled(self, code: str) -> bool:
        selected = _longest(self.select, code)
        return selected >= 0 and selected > _longest(self.ignore, code)

    def for_path(self, path: str) -> Callable[[str], bool]:
        """Whether a code is enabled for `path` (relative to the root), its per-file ignores worked out once."""
        ignored = tuple(
            prefix for pattern, codes in self.per_file_ignores.items() if matches(pattern, path) for prefix in codes
        )
        enabled = self._enabled

        def enabled_here(code: str) -> bool:
            return enabled(code) and not any(code.startswith(prefix) for prefix in ignored)

        return enabled_here

    @functools.cached_property
    def _enabled(self) -> Callable[[str], bool]:
        return functools.lru_cache(maxsize=None)(self.enabled)
