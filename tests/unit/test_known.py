"""SOT307: the real values of sensitive variables, from the environment or an env file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support import RECORD, codes_at, copy_example, git, insert_line, run_json

from sot_lint.cli import main
from sot_lint.leaks import known

HOST = "inference-3.corp-" + "backbone.net"
URL = f"http://{HOST}:8000/v1"


@pytest.fixture
def example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    copy_example(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CTO_HARNESS_CASE_LOCAL_BASE_URL", raising=False)
    return tmp_path


def _everything_written(root: Path) -> str:
    cache = root / ".sot-lint-cache"
    return "".join(p.read_bytes().decode("latin-1") for p in cache.rglob("*") if p.is_file()) if cache.exists() else ""


def test_host_of_the_environment_value_is_blocked_and_never_printed(
    example: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CTO_HARNESS_CASE_LOCAL_BASE_URL", URL)
    insert_line(example / RECORD, 65, f"- Spark now runs on {HOST.upper()} for the team.")
    for output_format in ("text", "json", "sarif"):
        assert main(["check", "--format", output_format]) == 1  # with the cache on
        captured = capsys.readouterr()
        assert "SOT307" in captured.out
        assert HOST.casefold() not in (captured.out + captured.err).casefold()
    code, report, _ = run_json(capsys)
    assert code == 1 and ("SOT307", 66) in codes_at(report, RECORD)
    assert HOST.casefold() not in _everything_written(example).casefold()


def test_unset_variable_changes_nothing(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    insert_line(example / RECORD, 65, f"- Spark now runs on {HOST} for the team.")
    code, report, _ = run_json(capsys, "--select", "SOT307")
    assert code == 0 and report["findings"] == []


def test_value_from_a_named_env_file(
    example: Path, capsys: pytest.CaptureFixture[str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("home") / ".env"
    outside.write_text(f'# runtime\nexport CTO_HARNESS_CASE_LOCAL_BASE_URL="{URL}"\nOTHER=1\n', "utf-8")
    (example / ".sot-lint.toml").write_text(f'[leaks]\nenv-files = ["{outside}"]\n', "utf-8")
    insert_line(example / RECORD, 65, f"- Spark: {HOST}:8000.")
    code, report, _ = run_json(capsys, "--select", "SOT307")
    assert code == 1 and codes_at(report) == {("SOT307", 66)}
    assert HOST not in json.dumps(report)


def test_short_and_common_values_are_ignored() -> None:
    assert known.needles("localhost") == set()
    assert known.needles("abc123") == set()
    assert known.needles("http://localhost:8000") == set()
    assert known.needles(URL) == {URL, HOST, f"{HOST}:8000"}


def test_env_file_is_parsed_as_data() -> None:
    parsed = known.parse_env_file("A=1\nexport B='two words'\n# C=3\nD=$(rm -rf /) # comment\nnot a line\n")
    assert parsed == {"A": "1", "B": "two words", "D": "$(rm -rf /)"}


def test_history_uses_known_values(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    git(tmp_path, "init", "-q")
    copy_example(tmp_path)
    insert_line(tmp_path / RECORD, 65, f"- Spark runs on {HOST}.")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "leak")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CTO_HARNESS_CASE_LOCAL_BASE_URL", URL)
    assert main(["history", "--format", "json"]) == 1
    out = capsys.readouterr().out
    assert any("value of CTO_HARNESS_CASE_LOCAL_BASE_URL" in f["message"] for f in json.loads(out)["findings"])
    assert HOST not in out
