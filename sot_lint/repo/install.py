"""`sot-lint install-hook`: put hooks/pre-commit where git runs it.

The hooks directory comes from git itself (`git rev-parse --git-path hooks`),
so `core.hooksPath` is honoured. A hook that sot-lint did not write is never
replaced without `--force`; the write is atomic.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from sot_lint.errors import UsageError
from sot_lint.repo import git

MARKER = "# installed by sot-lint install-hook"

HOOK_SCRIPT = f"""#!/bin/sh
{MARKER}
# Lints the staged (index) content of SOT files before the commit lands.
# Skip once with: git commit --no-verify
if command -v sot-lint >/dev/null 2>&1; then
    exec sot-lint check --staged
fi
exec python3 -m sot_lint check --staged
"""


def hooks_directory(cwd: Path) -> Path:
    root = git.toplevel(cwd)
    out = git.run(root, "rev-parse", "--git-path", "hooks").decode("utf-8").strip()
    return (root / out).resolve()


def write_atomically(path: Path, text: str, mode: int = 0o644) -> None:
    """Write through a temporary file in the same directory, then rename over."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def install(cwd: Path, force: bool) -> Path:
    """Install the hook; returns its path. UsageError when a foreign hook is in the way."""
    target = hooks_directory(cwd) / "pre-commit"
    if target.exists() and not force:
        existing = target.read_text("utf-8", "replace")
        if MARKER not in existing:
            raise UsageError(f"{target} exists and was not written by sot-lint; use --force to replace it")
    write_atomically(target, HOOK_SCRIPT, 0o755)
    return target
