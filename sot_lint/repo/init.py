"""`sot-lint init`: a starter config and the pre-commit entry, never clobbering a file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sot_lint.config import CONFIG_FILE, PYPROJECT, find_root
from sot_lint.repo.install import write_atomically

STARTER = """\
# sot-lint: the defaults follow the CTO decision-record conventions;
# uncomment and edit what your repository does differently.
# include = ["**/.sot/**/*.md", "**/.sot/**/*.markdown", "**/.sot/**/*.json"]
# exclude = []
# ignore = []
# fail-on = "error"

[{prefix}leaks]
# allow-hosts = []        # public hosts records may name, e.g. ["docs.example.com"]
# allow-addresses = []    # e.g. ["192.0.2.0/24"]
# sensitive-env = ["CTO_HARNESS_CASE_LOCAL_BASE_URL"]
"""

PRE_COMMIT_ENTRY = """\
  - repo: local
    hooks:
      - id: sot-lint
        name: sot-lint
        entry: sot-lint check
        language: system
        types_or: [markdown, json]
        files: (^|/)\\.sot/
        require_serial: true
"""


def _config(root: Path, say: Callable[[str], None]) -> None:
    pyproject = root / PYPROJECT
    if pyproject.is_file():
        text = pyproject.read_text("utf-8")
        if "[tool.sot-lint" in text:
            say(f"{pyproject}: already has a [tool.sot-lint] table; left as it is")
            return
        starter = "[tool.sot-lint]\n" + STARTER.format(prefix="tool.sot-lint.")
        write_atomically(pyproject, text + ("\n" if text.endswith("\n") else "\n\n") + starter)
        say(f"{pyproject}: added a [tool.sot-lint] table")
        return
    target = root / CONFIG_FILE
    if target.exists():
        say(f"{target}: exists; left as it is")
        return
    write_atomically(target, STARTER.format(prefix=""))
    say(f"{target}: written")


def _pre_commit(root: Path, say: Callable[[str], None]) -> None:
    target = root / ".pre-commit-config.yaml"
    if not target.exists():
        write_atomically(target, "repos:\n" + PRE_COMMIT_ENTRY)
        say(f"{target}: written with the sot-lint hook")
    elif "sot-lint" in target.read_text("utf-8", "replace"):
        say(f"{target}: already runs sot-lint")
    else:
        say(f"{target}: exists, not changed; add this under 'repos:':\n\n{PRE_COMMIT_ENTRY}")


def init(cwd: Path, say: Callable[[str], None]) -> None:
    root = find_root(cwd.resolve())
    _config(root, say)
    _pre_commit(root, say)
