"""`.sot-lint-cache/` at the repository root: small JSON files, never a value found.

Everything here is an optimisation: a missing, unreadable or corrupt entry
is treated as absent and rebuilt; writes are atomic (temporary file, then
rename), so a crash or a parallel run never leaves half an entry. The
directory carries its own `.gitignore`, so it is never committed.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

DIRECTORY = ".sot-lint-cache"


class Cache:
    def __init__(self, root: Path | None) -> None:
        self.directory = root / DIRECTORY if root is not None else None

    def read(self, name: str) -> Any:
        """The JSON stored under `name`, or None when absent or unusable."""
        if self.directory is None:
            return None
        try:
            with (self.directory / name).open(encoding="utf-8") as handle:
                return json.load(handle)
        except (OSError, ValueError):
            return None

    def write(self, name: str, value: Any) -> None:
        """Store `value` under `name`; failures (read-only tree, full disk) are ignored."""
        if self.directory is None:
            return
        try:
            self.directory.mkdir(exist_ok=True)
            ignore = self.directory / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# created by sot-lint\n*\n", encoding="utf-8")
            handle, temporary = tempfile.mkstemp(dir=self.directory, prefix=".tmp-")
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as stream:
                    json.dump(value, stream, separators=(",", ":"))
                os.replace(temporary, self.directory / name)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError:
            return
