"""`sot-lint install-hook`: put hooks/pre-commit where git runs it.

The hooks directory comes from git itself (`git rev-parse --git-path hooks`),
so `core.hooksPath` is honoured. A hook that sot-lint did not write is never
replaced without `--force`; the write is atomic. As pre-commit's own hook
does, the hook runs the interpreter that installed it, so a commit from a GUI
client or an unactivated shell still finds sot-lint; then `sot-lint` on PATH;
failing both it says so in one line and exits 1.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from sot_lint.errors import UsageError
from sot_lint.repo import files, git

MARKER = "# installed by sot-lint install-hook"

HOOK_TEMPLATE = """#!/bin/sh
{marker}
# Lints the staged (index) content of SOT files before the commit lands.
# Skip once with: git commit --no-verify
INSTALL_PYTHON={python}
if [ -x "$INSTALL_PYTHON" ]; then
    exec "$INSTALL_PYTHON" -m sot_lint check --staged
elif command -v sot-lint >/dev/null 2>&1; then
    exec sot-lint check --staged
else
    echo '`sot-lint` not found.  Did you forget to activate your virtualenv?' 1>&2
    exit 1
fi
"""


def hook_script(python: str) -> str:
    """The hook, running `python` first (empty: only PATH, as the shipped `hooks/pre-commit` does)."""
    return HOOK_TEMPLATE.format(marker=MARKER, python=shlex.quote(python))


def hooks_directory(cwd: Path) -> Path:
    root = git.toplevel(cwd)
    out = git.run(root, "rev-parse", "--git-path", "hooks").decode("utf-8").strip()
    return (root / out).resolve()


def write_atomically(path: Path, text: str, mode: int = 0o644) -> None:
    """Write `text` (UTF-8, LF) atomically; see `files.write_atomically`."""
    files.write_atomically(path, text.encode("utf-8"), mode)


def install(cwd: Path, force: bool) -> Path:
    """Install the hook; returns its path. UsageError when a foreign hook is in the way."""
    target = hooks_directory(cwd) / "pre-commit"
    if target.exists() and not force:
        existing = target.read_text("utf-8", "replace")
        if MARKER not in existing:
            raise UsageError(f"{target} exists and was not written by sot-lint; use --force to replace it")
    write_atomically(target, hook_script(sys.executable), 0o755)
    return target
