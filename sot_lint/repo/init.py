"""`sot-lint init [--preset NAME]`: a starter config and the pre-commit entry, never clobbering a file.

It looks where records usually live (`.sot/`, `docs/decisions/`, `doc/adr/`,
`docs/adr/`), picks the preset their form suggests unless told, and writes a
config whose include globs and a pre-commit entry whose `files:` match them.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from sot_lint.config import CONFIG_FILE, PYPROJECT
from sot_lint.configfile import find_root
from sot_lint.repo.discover import SKIPPED_DIRECTORIES
from sot_lint.repo.install import write_atomically

# Where records live, by convention: folder (relative to the root) -> the preset that folder suggests.
PLACES = {"docs/decisions": "madr", "doc/adr": "nygard", "docs/adr": "madr"}

SOT_STARTER = """\
preset = "sot"          # the CTO decision-record conventions; or "madr", "nygard"
# include = ["**/.sot/**/*.md", "**/.sot/**/*.markdown", "**/.sot/**/*.json"]
# exclude = []
# ignore = []
# fail-on = "error"

[{prefix}leaks]
# allow-hosts = []        # public hosts records may name, e.g. ["docs.example.com"]
# allow-addresses = []    # e.g. ["192.0.2.0/24"]
# sensitive-env = ["CTO_HARNESS_CASE_LOCAL_BASE_URL"]
"""

ADR_STARTER = """\
preset = "{preset}"
include = [{include}]
# Add your own values to the preset's lists with extend-KEY, e.g. a status:
# frontmatter.extend-allowed.status = ["on hold"]
# exclude = []
# fail-on = "error"

[{prefix}leaks]
# allow-hosts = []        # public hosts records may name, e.g. ["docs.example.com"]
"""

PRE_COMMIT_ENTRY = """\
  - repo: local
    hooks:
      - id: sot-lint
        name: sot-lint
        entry: sot-lint check
        language: system
        types_or: [markdown, json]
        files: {files}
        require_serial: true
"""

SOT_FILES = r"(^|/)\.sot/"


def _sot_folders(root: Path) -> list[str]:
    """`.sot` directories below the root (not inside skipped ones), root-relative."""
    found = []
    for current, dirs, _ in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRECTORIES and d != ".sot")
        if os.path.isdir(os.path.join(current, ".sot")):
            found.append(Path(current, ".sot").relative_to(root).as_posix())
    return found


def _guess(folder: Path, usual: str) -> str:
    """MADR when most records open with a YAML block, Nygard when most have none; else the folder's usual."""
    not_records = ("index.md", "README.md")
    names = sorted(p for p in folder.glob("*.md") if "template" not in p.name and p.name not in not_records)
    if not names:
        return usual
    opened = 0
    for path in names[:20]:
        with path.open("rb") as handle:
            opened += handle.readline().rstrip() == b"---"
    return "madr" if opened * 2 >= len(names[:20]) else "nygard"


def found(root: Path) -> tuple[list[str], dict[str, str]]:
    """The `.sot` folders, and the ADR folders with the preset each one's records suggest."""
    places = {place: _guess(root / place, usual) for place, usual in PLACES.items() if (root / place).is_dir()}
    return _sot_folders(root), places


def _plan(root: Path, preset: str | None) -> tuple[str, list[str], str]:
    """(preset, include globs, pre-commit `files:` regex) for what is in the repository."""
    sot, places = found(root)
    if preset is None:
        preset = "sot" if sot or not places else next(iter(places.values()))
    if preset == "sot":
        return preset, [], SOT_FILES
    folders = [place for place, guess in places.items() if guess == preset] or list(places) or ["docs/decisions"]
    include = [f"{folder}/**/*.md" for folder in folders]
    files = "^(" + "|".join(folder.replace(".", r"\.") for folder in folders) + ")/"
    return preset, include, files


def _starter(preset: str, include: list[str], prefix: str) -> str:
    if preset == "sot":
        return SOT_STARTER.format(prefix=prefix)
    return ADR_STARTER.format(preset=preset, include=", ".join(f'"{glob}"' for glob in include), prefix=prefix)


def _config(root: Path, text: str, say: Callable[[str], None]) -> None:
    pyproject = root / PYPROJECT
    if pyproject.is_file():
        existing = pyproject.read_text("utf-8")
        if "[tool.sot-lint" in existing:
            say(f"{pyproject}: already has a [tool.sot-lint] table; left as it is")
            return
        table = "[tool.sot-lint]\n" + text
        write_atomically(pyproject, existing + ("\n" if existing.endswith("\n") else "\n\n") + table)
        say(f"{pyproject}: added a [tool.sot-lint] table")
        return
    target = root / CONFIG_FILE
    if target.exists():
        say(f"{target}: exists; left as it is")
        return
    write_atomically(target, text)
    say(f"{target}: written")


def pre_commit_entry(files: str = SOT_FILES) -> str:
    """The `repo: local` entry for `.pre-commit-config.yaml`, limited to the records' folders."""
    return PRE_COMMIT_ENTRY.format(files=files)


def _pre_commit(root: Path, entry: str, say: Callable[[str], None]) -> None:
    target = root / ".pre-commit-config.yaml"
    if not target.exists():
        write_atomically(target, "repos:\n" + entry)
        say(f"{target}: written with the sot-lint hook")
    elif "sot-lint" in target.read_text("utf-8", "replace"):
        say(f"{target}: already runs sot-lint")
    else:
        say(f"{target}: exists, not changed; add this under 'repos:':\n\n{entry}")


def init(cwd: Path, say: Callable[[str], None], preset: str | None = None) -> None:
    root = find_root(cwd.resolve())
    chosen, include, files = _plan(root, preset)
    where = ", ".join(include) if include else "every .sot/ folder"
    say(f"sot-lint init: preset '{chosen}', records in {where}")
    prefix = "tool.sot-lint." if (root / PYPROJECT).is_file() else ""
    _config(root, _starter(chosen, include, prefix), say)
    _pre_commit(root, pre_commit_entry(files), say)
