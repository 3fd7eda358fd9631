"""The README's snippets work as written: the config reference loads, the CI jobs run."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml
from support import ADMISSION, RECORD, copy_example, git, replace_once

from sot_lint import config, configfile
from sot_lint.configfile.presets import MADR_STATUSES

PROJECT = Path(__file__).resolve().parents[2]
README = (PROJECT / "README.md").read_text("utf-8")


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, re.S)


def test_config_reference_is_a_valid_config(tmp_path: Path) -> None:
    (toml,) = [block for block in blocks("toml") if "[tool.sot-lint]" in block]
    table = tomllib.loads(toml)["tool"]["sot-lint"]
    loaded = configfile.from_table(table, tmp_path, None)
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


def _expression(text: str, context: dict[str, str]) -> str:
    """Replace each `${{ name }}` with its value in `context`; any other expression fails the test."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1).strip()
        assert name in context, f"the test does not know the expression {name!r}"
        return context[name]

    return re.sub(r"\$\{\{(.*?)\}\}", value, str(text))


def _run_action(workflow_step: dict[str, Any], repo: Path, tmp: Path, event: str) -> list[tuple[str, int, str]]:
    """Run action.yml's shell steps as GitHub would (sot-lint from this environment instead of the install step).

    Returns (step name, exit code, output) for each step run; a failing step skips the rest
    unless its `if:` says `always()`.
    """
    action = yaml.safe_load((PROJECT / "action.yml").read_text("utf-8"))
    not_a_fork = {"!github.event.pull_request.head.repo.fork": "true"}  # a push, or a pull request from a branch
    given = {k: _expression(v, not_a_fork) for k, v in dict(workflow_step.get("with") or {}).items()}
    inputs = {name: str(given.get(name, spec.get("default", ""))) for name, spec in action["inputs"].items()}
    context = {f"inputs.{name}": value for name, value in inputs.items()}
    context["github.action_path"] = str(PROJECT)
    context["github.base_ref"] = "main" if event == "pull_request" else ""
    outputs: dict[str, str] = {}
    ran: list[tuple[str, int, str]] = []
    failed = False
    for step in action["runs"]["steps"]:
        if "run" not in step or step["name"].startswith("Install"):
            continue  # the install step is `pip install` of this checkout; the upload is GitHub's own action
        condition = str(step.get("if", ""))
        if condition:
            assert condition == "always() && inputs.sarif == 'true'", condition
            if inputs["sarif"] != "true":
                continue
        elif failed:
            continue
        for name, value in outputs.items():
            context[f"steps.{name}"] = value
        output_file = tmp / f"output-{len(ran)}"
        output_file.write_text("", "utf-8")
        env = _environment(
            GITHUB_ACTIONS="true", GITHUB_OUTPUT=str(output_file), GITHUB_PATH=str(tmp / "path"), RUNNER_TEMP=str(tmp)
        )
        env.update({k: _expression(v, context) for k, v in step.get("env", {}).items()})
        done = _shell(step["run"], repo, env)
        for line in output_file.read_text("utf-8").splitlines():
            key, _, value = line.partition("=")
            outputs[f"{step.get('id')}.outputs.{key}"] = value
        ran.append((step["name"], done.returncode, done.stdout + done.stderr))
        failed = failed or done.returncode != 0
    return ran


def test_github_job_uses_the_action_and_runs_as_written(pull_request: Path, tmp_path: Path) -> None:
    from sot_lint import __version__

    (snippet,) = [block for block in blocks("yaml") if "jobs:" in block]
    job = yaml.safe_load(snippet)["jobs"]["sot-lint"]
    assert job["permissions"]["security-events"] == "write"
    (step,) = [step for step in job["steps"] if str(step.get("uses", "")).endswith(f"/sot-lint@v{__version__}")]
    for event in ("push", "pull_request"):
        (pull_request / "sot-lint.sarif").unlink(missing_ok=True)
        ran = {name: (code, output) for name, code, output in _run_action(step, pull_request, tmp_path, event)}
        code, output = ran["sot-lint"]
        assert code == (1 if event == "pull_request" else 0), output
        assert ("::error file=" in output) == (event == "pull_request")
        assert ran["sot-lint (SARIF)"][0] == 0 and (pull_request / "sot-lint.sarif").exists()


def test_gitlab_job_publishes_code_quality_and_junit(pull_request: Path) -> None:
    import jsonschema

    (snippet,) = [block for block in blocks("yaml") if "script:" in block]
    job = yaml.safe_load(snippet)["sot-lint"]
    conditions = [rule["if"] for rule in job["rules"]]
    assert '$CI_PIPELINE_SOURCE == "merge_request_event"' in conditions and "$CI_COMMIT_BRANCH" in conditions
    script = "\n".join(line for line in job["script"] if not line.startswith("pip install"))
    merge_request = _shell(script, pull_request, _environment(CI_MERGE_REQUEST_TARGET_BRANCH_NAME="main"))
    assert merge_request.returncode == 1, merge_request.stderr
    reports = job["artifacts"]["reports"]
    junit = ET.parse(pull_request / reports["junit"]).getroot()
    assert "SOT502" in ET.tostring(junit, encoding="unicode")
    quality = json.loads((pull_request / reports["codequality"]).read_text("utf-8"))
    schema = json.loads((PROJECT / "tests" / "fixtures" / "schemas" / "gitlab-code-quality.json").read_text("utf-8"))
    jsonschema.validate(quality, schema)
    assert "SOT502" in {issue["check_name"] for issue in quality}
    push = _shell(script, pull_request, _environment())
    assert push.returncode == 0, push.stdout + push.stderr


def test_madr_snippet_adds_a_status_to_the_preset(tmp_path: Path) -> None:
    (snippet,) = [block for block in blocks("toml") if 'preset = "madr"' in block]
    loaded = configfile.from_table(tomllib.loads(snippet), tmp_path, None)
    assert loaded.allowed_values["status"] == (*MADR_STATUSES, "on hold")
