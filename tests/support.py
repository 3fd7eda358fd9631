"""Shared helpers for the tests that build on the real example (not a conftest: plain functions)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from sot_lint.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLE = FIXTURES / "cto"
SOT_DIR = ".sot/03-PROTOCOLS"
RECORD = f"{SOT_DIR}/CTO-CASE-PROVIDER-DECISION-RECORD.md"
ADMISSION = f"{SOT_DIR}/CTO-CASE-MODEL-PROVIDER-ADMISSION.qwen-local-qwen3.6-35b-a3b.json"
# The official SARIF 2.1.0 schema, vendored so the tests run on a fresh machine; a test checks
# it is identical to the contract's copy in ../shared when that is present.
SARIF_SCHEMA = FIXTURES / "schemas" / "sarif-schema-2.1.0.json"
SHARED_SARIF_SCHEMA = Path(__file__).resolve().parents[2] / "shared" / "schemas" / "sarif-schema-2.1.0.json"


def copy_example(target: Path) -> Path:
    """A fresh copy of the example tree under `target`; returns `target`."""
    shutil.copytree(EXAMPLE, target, dirs_exist_ok=True)
    return target


def replace_once(path: Path, old: str, new: str) -> None:
    """Replace `old` (which must occur exactly once) with `new`, keeping bytes otherwise."""
    text = path.read_text("utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new), "utf-8")


def insert_line(path: Path, after: int, line: str) -> None:
    """Insert `line` after 1-based line `after`."""
    lines = path.read_text("utf-8").split("\n")
    lines.insert(after, line)
    path.write_text("\n".join(lines), "utf-8")


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, Any], str]:
    """Run `sot-lint check --format json ...`; returns (exit code, report, stderr)."""
    code = main(["check", "--format", "json", "--no-cache", *argv])
    captured = capsys.readouterr()
    return code, json.loads(captured.out), captured.err


def codes_at(report: dict[str, Any], path: str | None = None) -> set[tuple[str, int]]:
    """(code, line) pairs of a JSON report, optionally for one path."""
    return {(f["code"], f["line"]) for f in report["findings"] if path is None or f["path"] == path}


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid", "-c", "commit.gpgsign=false", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


PROJECT = Path(__file__).resolve().parents[1]


def tagged_release(tmp_path: Path) -> Path:
    """A git repository holding this checkout's files (committed or not), tagged with the version."""
    from sot_lint import __version__

    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=PROJECT, capture_output=True, check=True
    ).stdout.decode("utf-8")
    release = tmp_path / "sot-lint-release"
    for name in filter(None, listed.split("\0")):
        if (PROJECT / name).is_file():
            (release / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(PROJECT / name, release / name)
    git(release, "init", "-q")
    git(release, "add", "-A")
    git(release, "commit", "-qm", "release")
    git(release, "tag", f"v{__version__}")
    return release


def store_lookups(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The keys every result-store lookup asks for from now on, in order (the store still answers)."""
    from sot_lint.repo.cache import ResultStore

    lookups: list[str] = []
    original = ResultStore.get

    def counted(self: ResultStore, key: str) -> Any:
        lookups.append(key)
        return original(self, key)

    monkeypatch.setattr(ResultStore, "get", counted)
    return lookups
