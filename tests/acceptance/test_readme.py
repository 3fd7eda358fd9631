"""The README's snippets work as written: the config reference loads, the CI jobs run."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from support import ADMISSION, RECORD, copy_example, git, replace_once

from sot_lint import config

README = (Path(__file__).resolve().parents[2] / "README.md").read_text("utf-8")


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, re.S)


def test_config_reference_is_a_valid_config(tmp_path: Path) -> None:
    (toml,) = [block for block in blocks("toml") if "[tool.sot-lint]" in block]
    table = tomllib.loads(toml)["tool"]["sot-lint"]
    loaded = config.from_table(table, tmp_path, None)
    defaults = config.Config(root=tmp_path)
    for name in ("include", "required_keys", "allowed_values", "required_when", "forbidden_when", "transitions"):
        assert getattr(loaded, name) == getattr(defaults, name), name


def test_pre_commit_snippet_is_what_init_writes_for_the_sot_preset() -> None:
    from sot_lint.repo.init import pre_commit_entry

    (snippet,) = [block for block in blocks("yaml") if "repo: local" in block]
    assert yaml.safe_load(snippet) == yaml.safe_load("repos:\n" + pre_commit_entry())


@pytest.fixture
def pull_request(tmp_path: Path) -> Path:
    """A clone of an 'origin/main' holding the example, with a status change that lacks its history entry."""
    origin = tmp_path / "origin"
    origin.mkdir()
    git(origin, "init", "-q", "-b", "main")
    copy_example(origin)
    git(origin, "add", "-A")
    git(origin, "commit", "-qm", "example")
    work = tmp_path / "work"
    git(tmp_path, "clone", "-q", str(origin), str(work))
    decided = "external_provider_approved"
    replace_once(work / RECORD, "- `decision_status`: `local_provider_required`.", f"- `decision_status`: `{decided}`.")
    replace_once(work / ADMISSION, '"decision_status": "local_provider_required"', f'"decision_status": "{decided}"')
    git(work, "commit", "-qam", "approve the external provider")
    return work


def _shell(command: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", "-c", command], cwd=cwd, env=env, capture_output=True, text=True, check=False)


def _environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "CI_MERGE_REQUEST_TARGET_BRANCH_NAME")}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    return {**env, **extra}


def test_github_job_runs_as_written(pull_request: Path) -> None:
    (snippet,) = [block for block in blocks("yaml") if "jobs:" in block]
    job = yaml.safe_load(snippet)["jobs"]["sot-lint"]
    runs = [step["run"] for step in job["steps"] if "run" in step and not step["run"].startswith("pip install")]
    assert len(runs) == 2
    for event, base in (("push", ""), ("pull_request", "--base=origin/main")):
        env = _environment(BASE=base, GITHUB_ACTIONS="true")
        annotations = _shell(runs[0], pull_request, env)
        assert annotations.returncode == (1 if event == "pull_request" else 0), annotations.stderr
        assert ("::error file=" in annotations.stdout) == (event == "pull_request")
        sarif = _shell(runs[1], pull_request, env)
        assert sarif.returncode == 0 and (pull_request / "sot-lint.sarif").exists()


def test_gitlab_job_runs_as_written(pull_request: Path) -> None:
    (snippet,) = [block for block in blocks("yaml") if "script:" in block]
    job = yaml.safe_load(snippet)["sot-lint"]
    script = "\n".join(line for line in job["script"] if not line.startswith("pip install"))
    merge_request = _shell(script, pull_request, _environment(CI_MERGE_REQUEST_TARGET_BRANCH_NAME="main"))
    assert merge_request.returncode == 1, merge_request.stderr
    report = ET.parse(pull_request / job["artifacts"]["reports"]["junit"]).getroot()
    assert "SOT502" in ET.tostring(report, encoding="unicode")
    push = _shell(script, pull_request, _environment())
    assert push.returncode == 0, push.stdout + push.stderr
