"""`sot-lint init` never clobbers; progress appears only for a person at a terminal."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from support import copy_example, git

from sot_lint.cli import main

PROJECT = Path(__file__).resolve().parents[2]


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    git(tmp_path, "init", "-q")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_init_writes_a_valid_config_and_pre_commit_entry(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy_example(repo)
    assert main(["init"]) == 0
    assert (repo / ".sot-lint.toml").exists()
    hooks = yaml.safe_load((repo / ".pre-commit-config.yaml").read_text("utf-8"))
    assert hooks["repos"][0]["hooks"][0]["id"] == "sot-lint"
    assert main(["check", "--no-cache"]) == 0  # the starter config loads and finds the records


def test_init_never_clobbers(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / ".pre-commit-config.yaml").write_text("repos: []\n", "utf-8")
    (repo / ".sot-lint.toml").write_text("# mine\n", "utf-8")
    assert main(["init"]) == 0
    out = capsys.readouterr().out
    assert (repo / ".pre-commit-config.yaml").read_text("utf-8") == "repos: []\n"
    assert (repo / ".sot-lint.toml").read_text("utf-8") == "# mine\n"
    assert "id: sot-lint" in out  # shows what to add instead


def test_init_adds_a_table_to_an_existing_pyproject(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "pyproject.toml").write_text('[project]\nname = "x"\n', "utf-8")
    copy_example(repo)
    assert main(["init"]) == 0
    text = (repo / "pyproject.toml").read_text("utf-8")
    assert text.startswith('[project]\nname = "x"\n') and "[tool.sot-lint]" in text
    assert not (repo / ".sot-lint.toml").exists()
    assert main(["check", "--no-cache"]) == 0
    assert main(["init"]) == 0
    assert (repo / "pyproject.toml").read_text("utf-8") == text


def _run_on_a_terminal(args: list[str], cwd: Path, env: dict[str, str]) -> tuple[int, str]:
    """Run sot-lint with stderr on a pseudo-terminal; returns (exit code, what the terminal showed)."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "sot_lint", *args], cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=follower
    )
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    return process.wait(timeout=300), shown.decode("utf-8", "replace")


def test_progress_only_on_a_terminal_and_never_in_ci(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    subprocess.run([sys.executable, str(PROJECT / "bench" / "generate.py"), str(tree), "--records", "150"], check=True)
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "GITHUB_ACTIONS")}
    _, shown = _run_on_a_terminal(["check", "--no-cache", "--jobs", "1", "."], tree, env)
    assert "/250 files" in shown
    _, shown = _run_on_a_terminal(["check", "--no-cache", "--jobs", "1", "."], tree, {**env, "CI": "true"})
    assert "files" not in shown
    piped = subprocess.run(
        [sys.executable, "-m", "sot_lint", "check", "--no-cache", "."],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert "/250 files" not in piped.stderr
