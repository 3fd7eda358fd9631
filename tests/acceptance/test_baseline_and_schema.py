"""`--baseline` from a real `detect-secrets scan`, and a repository's own admission schema."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from support import ADMISSION, RECORD, codes_at, copy_example, insert_line, run_json

DETECT_SECRETS = Path(sys.executable).parent / "detect-secrets"
AWS_KEY = "AKIA" + "Q3MXV7PLRT2GK5WN"
OTHER_KEY = "AKIA" + "ZX8CV7BN6ML5KJ4H"


@pytest.fixture
def example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    copy_example(tmp_path)
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.skipif(not DETECT_SECRETS.exists(), reason="detect-secrets command not installed")
def test_a_baseline_hides_the_secrets_it_lists_and_only_those(
    example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    insert_line(example / RECORD, 26, f"- Old key {AWS_KEY} was rotated.")
    baseline = subprocess.run(
        [str(DETECT_SECRETS), "scan", "--all-files", "."], cwd=example, capture_output=True, text=True, check=True
    ).stdout
    assert AWS_KEY not in baseline  # detect-secrets stores hashes
    (example / ".secrets.baseline").write_text(baseline, "utf-8")
    code, report, _ = run_json(capsys, "--baseline", ".secrets.baseline")
    assert code == 0 and ("SOT301", 27) not in codes_at(report, RECORD)

    insert_line(example / RECORD, 27, f"- New key {OTHER_KEY} leaked.")
    code, report, _ = run_json(capsys, "--baseline", ".secrets.baseline")
    assert code == 1 and ("SOT301", 28) in codes_at(report, RECORD) and ("SOT301", 27) not in codes_at(report, RECORD)
    assert OTHER_KEY not in json.dumps(report) and AWS_KEY not in json.dumps(report)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (None, "cannot read baseline"),
        ("[1, 2]", "not a detect-secrets baseline"),
        ("{", "not a detect-secrets baseline"),
    ],
)
def test_an_unusable_baseline_is_one_error_line(
    example: Path, capsys: pytest.CaptureFixture[str], content: str | None, reason: str
) -> None:
    from sot_lint.cli import main

    if content is not None:
        (example / "bad.baseline").write_text(content, "utf-8")
    assert main(["check", "--baseline", "bad.baseline"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and reason in err and "Traceback" not in err


def test_a_repository_schema_replaces_the_shipped_one(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "required": ["schema_version", "ticket"],
        "properties": {"schema_version": {"type": "integer", "minimum": 2}, "ticket": {"type": "string"}},
    }
    (example / "admission.schema.json").write_text(json.dumps(schema), "utf-8")
    (example / ".sot-lint.toml").write_text('[admission]\nschema = "admission.schema.json"\n', "utf-8")
    code, report, _ = run_json(capsys, "--select", "SOT403")
    messages = sorted(f["message"] for f in report["findings"])
    assert code == 1 and codes_at(report, ADMISSION) == {("SOT403", 1), ("SOT403", 2)}
    assert messages == ["'schema_version' fails the 'minimum' constraint", "required key 'ticket' is missing"]


def test_an_invalid_repository_schema_is_a_config_error(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from sot_lint.cli import main

    (example / "admission.schema.json").write_text('{"type": 12}', "utf-8")
    (example / ".sot-lint.toml").write_text('[admission]\nschema = "admission.schema.json"\n', "utf-8")
    assert main(["check"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "admission schema" in err and "invalid" in err
