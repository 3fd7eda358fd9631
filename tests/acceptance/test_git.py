"""Git integration on real repositories: --staged, --base (SOT5xx), history, hooks, pre-commit."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support import (
    ADMISSION,
    RECORD,
    codes_at,
    copy_example,
    git,
    insert_line,
    replace_once,
    run_json,
    tagged_release,
)

from sot_lint.cli import main
from sot_lint.repo.install import MARKER, hook_script

PROJECT = Path(__file__).resolve().parents[2]
ENDPOINT = "http://10.77." + "3.9:8000/v1"
AWS_KEY = "AKIA" + "Q3MXV7PLRT2GK5WN"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository holding the example, committed."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    copy_example(root)
    git(root, "add", "-A")
    git(root, "commit", "-qm", "example")
    monkeypatch.chdir(root)
    return root


def test_staged_clean_example_passes(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    insert_line(repo / RECORD, 65, "- A harmless new line.")
    git(repo, "add", RECORD)
    code, report, _ = run_json(capsys, "--staged")
    assert code == 0
    assert report["summary"]["files"] == 1


def test_staged_content_is_linted_not_the_work_tree(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    insert_line(repo / RECORD, 65, f"- Old endpoint {ENDPOINT}.")
    git(repo, "add", RECORD)
    replace_once(repo / RECORD, f"- Old endpoint {ENDPOINT}.", "- Endpoint removed.")  # only in the work tree
    code, report, _ = run_json(capsys, "--staged", "--select", "SOT3")
    assert code == 1
    assert ("SOT303", 66) in codes_at(report, RECORD) or ("SOT302", 66) in codes_at(report, RECORD)
    assert ENDPOINT not in json.dumps(report)


def test_leak_only_in_the_work_tree_is_not_a_staged_finding(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    insert_line(repo / RECORD, 65, "- A harmless staged line.")
    git(repo, "add", RECORD)
    insert_line(repo / RECORD, 66, f"- Unstaged key {AWS_KEY}.")
    code, report, _ = run_json(capsys, "--staged", "--select", "SOT3", "--ignore", "SOT306")
    assert code == 0 and report["findings"] == []


def test_staged_cross_file_rules_read_the_index(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    replace_once(repo / ADMISSION, '"fallback_model": "gpt-5.5"', '"fallback_model": "gpt-5.4"')
    git(repo, "add", ADMISSION)
    replace_once(repo / ADMISSION, '"fallback_model": "gpt-5.4"', '"fallback_model": "gpt-5.5"')  # fixed, unstaged
    code, report, _ = run_json(capsys, "--staged", "--select", "SOT4")
    assert code == 1
    assert ("SOT402", 9) in codes_at(report, ADMISSION)


def test_staged_deleted_admission_brings_in_its_record(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    git(repo, "rm", "-q", ADMISSION)
    code, report, _ = run_json(capsys, "--staged", "--select", "SOT401")
    assert code == 1
    assert codes_at(report, RECORD) == {("SOT401", 17)}


def test_staged_rename_is_linted_under_its_new_name(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new = ".sot/03-PROTOCOLS/renamed record ü.md"
    git(repo, "mv", RECORD, new)
    code, report, _ = run_json(capsys, "--staged", "--select", "SOT1,SOT2,SOT5")
    assert code == 0
    assert report["summary"]["files"] == 1
    assert {f["path"] for f in report["findings"]} <= {new}


def test_repository_with_no_commits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:  # type: ignore[no-untyped-def]
    git(tmp_path, "init", "-q")
    copy_example(tmp_path)
    git(tmp_path, "add", "-A")
    monkeypatch.chdir(tmp_path)
    code, report, err = run_json(capsys, "--staged")
    assert code == 0, err
    assert report["summary"]["files"] == 2


def test_detached_head(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    git(repo, "checkout", "-q", "--detach")
    insert_line(repo / RECORD, 65, f"- Key {AWS_KEY}.")
    git(repo, "add", RECORD)
    code, report, _ = run_json(capsys, "--staged", "--select", "SOT301")
    assert code == 1 and codes_at(report, RECORD) == {("SOT301", 66)}


def test_staged_outside_git_is_one_error_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--staged"]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "git" in err


# --- SOT5xx against a base revision -------------------------------------------------------


def test_decided_record_may_not_return_to_not_decided(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    record = repo / RECORD
    replace_once(record, "- `decision_status`: `local_provider_required`.", "- `decision_status`: `not_decided`.")
    code, report, _ = run_json(capsys, "--base", "HEAD", "--select", "SOT5")
    assert code == 1
    assert ("SOT501", 14) in codes_at(report, RECORD)
    assert ("SOT502", 14) in codes_at(report, RECORD)


def test_status_change_needs_a_history_entry(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = "`local_provider_required`.", "`external_provider_approved`."
    replace_once(repo / RECORD, f"- `decision_status`: {old}", f"- `decision_status`: {new}")
    code, report, _ = run_json(capsys, "--base", "HEAD", "--select", "SOT5")
    assert code == 1
    assert codes_at(report, RECORD) == {("SOT502", 14)}


def test_model_change_needs_last_reviewed_to_move(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    replace_once(repo / RECORD, "- `model`: `qwen3.6-35b-a3b`.", "- `model`: `qwen3.7-72b`.")
    code, report, _ = run_json(capsys, "--base", "HEAD", "--select", "SOT5")
    assert code == 1
    assert codes_at(report, RECORD) == {("SOT503", 17)}


def test_a_proper_change_passes(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    record = repo / RECORD
    replace_once(
        record, "- `decision_status`: `local_provider_required`.", "- `decision_status`: `external_provider_approved`."
    )
    replace_once(record, "- `model`: `qwen3.6-35b-a3b`.", "- `model`: `qwen3.7-72b`.")
    replace_once(record, "last_reviewed: 2026-05-31", "last_reviewed: 2026-06-02")
    replace_once(
        record,
        "Future changes:",
        "- 2026-06-02: `local_provider_required` -> `external_provider_approved`.\nFuture changes:",
    )
    code, report, _ = run_json(capsys, "--base", "HEAD", "--select", "SOT5")
    assert code == 0 and report["findings"] == []


def test_a_new_file_has_no_base_and_passes(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new = repo / ".sot/03-PROTOCOLS/SECOND-RECORD.md"
    shutil.copy(repo / RECORD, new)
    replace_once(new, "- `decision_status`: `local_provider_required`.", "- `decision_status`: `not_decided`.")
    code, report, _ = run_json(capsys, "--base", "HEAD", "--select", "SOT5", str(new))
    assert code == 0 and report["findings"] == []


def test_unknown_base_revision_is_one_error_line(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--base", "no-such-rev"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no-such-rev" in err


# --- history -------------------------------------------------------------------------------


def test_history_finds_an_endpoint_committed_then_removed(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    insert_line(repo / RECORD, 65, f"- Old endpoint {ENDPOINT}.")
    git(repo, "commit", "-qam", "add endpoint")
    leaking = git(repo, "rev-parse", "HEAD").strip()
    replace_once(repo / RECORD, f"- Old endpoint {ENDPOINT}.\n", "")
    git(repo, "commit", "-qam", "remove endpoint")
    assert main(["check", "--no-cache", "--select", "SOT30"]) == 0  # the work tree is clean now
    capsys.readouterr()
    code = main(["history", "--format", "json"])
    out = capsys.readouterr().out
    assert code == 1
    findings = json.loads(out)["findings"]
    assert [(f["code"], f["path"], f["line"]) for f in findings if f["code"] == "SOT504"][:1] == [
        ("SOT504", RECORD, 66)
    ]
    assert any(leaking[:12] in f["message"] for f in findings)
    assert ENDPOINT not in out


def test_history_of_a_clean_repository_exits_zero(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["history", "--format", "json"]) == 0
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert {f["code"] for f in findings} <= {"SOT504"}
    assert all("local user path" in f["message"] for f in findings)  # the example's two /home paths


# --- hooks ---------------------------------------------------------------------------------


def _env_with_sot_lint() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    return env


def test_shipped_hook_is_what_install_hook_writes_without_an_installing_interpreter(repo: Path) -> None:
    assert (PROJECT / "hooks" / "pre-commit").read_text("utf-8") == hook_script("")
    assert main(["install-hook"]) == 0
    installed = (repo / ".git" / "hooks" / "pre-commit").read_text("utf-8")
    assert installed == hook_script(sys.executable) and f"INSTALL_PYTHON={sys.executable}\n" in installed


def test_native_hook_blocks_a_leaking_commit(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["install-hook"]) == 0
    hook = repo / ".git" / "hooks" / "pre-commit"
    assert MARKER in hook.read_text("utf-8") and os.access(hook, os.X_OK)
    insert_line(repo / RECORD, 65, f"- Old endpoint {ENDPOINT}.")
    git(repo, "add", RECORD)
    blocked = subprocess.run(
        ["git", "-c", "user.name=T", "-c", "user.email=t@e.invalid", "commit", "-qm", "leak"],
        cwd=repo, env=_env_with_sot_lint(), capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert blocked.returncode != 0
    assert ENDPOINT not in blocked.stdout + blocked.stderr
    replace_once(repo / RECORD, f"- Old endpoint {ENDPOINT}.", "- Endpoint in CTO_HARNESS_CASE_LOCAL_BASE_URL.")
    git(repo, "add", RECORD)
    passed = subprocess.run(
        ["git", "-c", "user.name=T", "-c", "user.email=t@e.invalid", "commit", "-qm", "clean"],
        cwd=repo, env=_env_with_sot_lint(), capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert passed.returncode == 0, passed.stdout + passed.stderr


def test_install_hook_honours_core_hooks_path_and_never_clobbers(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    git(repo, "config", "core.hooksPath", "my-hooks")
    foreign = repo / "my-hooks" / "pre-commit"
    foreign.parent.mkdir()
    foreign.write_text("#!/bin/sh\necho mine\n", "utf-8")
    assert main(["install-hook"]) == 2
    assert "--force" in capsys.readouterr().err
    assert foreign.read_text("utf-8") == "#!/bin/sh\necho mine\n"
    assert main(["install-hook", "--force"]) == 0
    assert MARKER in foreign.read_text("utf-8")
    assert main(["install-hook"]) == 0  # its own hook may be rewritten


@pytest.mark.slow
@pytest.mark.skipif(not (Path(sys.executable).parent / "pre-commit").exists(), reason="pre-commit not installed")
def test_pre_commit_pinned_to_the_release_blocks_a_leak_and_passes_the_clean_example(
    repo: Path, tmp_path: Path
) -> None:
    """pre-commit installs sot-lint itself from a clone tagged v0.2.0 (`rev: v0.2.0`), as users pin it."""
    if not (PROJECT / ".git").exists():
        pytest.skip("the release is built from this project's git checkout")
    release = tagged_release(tmp_path)
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {release}\n    rev: v0.2.0\n    hooks:\n      - id: sot-lint\n", "utf-8"
    )
    (repo / "README.md").write_text("# Not a record: the include globs leave it out\n", "utf-8")
    git(repo, "add", "-A")
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "VIRTUAL_ENV")}
    env["PRE_COMMIT_HOME"] = str(tmp_path / "pre-commit-home")
    env["PATH"] = os.pathsep.join(p for p in env["PATH"].split(os.pathsep) if Path(p) != Path(sys.executable).parent)
    command = [str(Path(sys.executable).parent / "pre-commit"), "run", "--all-files"]
    clean = subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True, check=False, timeout=900)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "sot-lint" in clean.stdout and "Passed" in clean.stdout
    insert_line(repo / RECORD, 65, f"- Old endpoint {ENDPOINT}.")
    git(repo, "add", RECORD)
    command = command[:-1]  # the staged files, as on a real commit
    blocked = subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True, check=False, timeout=900)
    assert blocked.returncode == 1, blocked.stdout + blocked.stderr
    assert "SOT30" in blocked.stdout
    assert ENDPOINT not in blocked.stdout + blocked.stderr


def test_history_walks_merged_branches_once(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    git(repo, "checkout", "-q", "-b", "side")
    insert_line(repo / RECORD, 65, f"- Side endpoint {ENDPOINT}.")
    git(repo, "commit", "-qam", "side leak")
    git(repo, "checkout", "-q", "main")
    (repo / "other.txt").write_text("x\n", "utf-8")
    git(repo, "add", "other.txt")
    git(repo, "commit", "-qm", "main work")
    git(repo, "merge", "-q", "--no-edit", "side")
    assert main(["history", "--format", "json"]) == 1
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert [f["line"] for f in findings if "URL" in f["message"] or "IPv4" in f["message"]] == [66]


def test_history_in_a_shallow_clone(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    insert_line(repo / RECORD, 65, f"- Old endpoint {ENDPOINT}.")
    git(repo, "commit", "-qam", "leak")
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(shallow))
    monkeypatch.chdir(shallow)
    assert main(["history", "--format", "json"]) == 1
    out = capsys.readouterr().out
    assert ENDPOINT not in out and json.loads(out)["findings"]
