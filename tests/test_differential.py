"""Recall parity with the real detect-secrets on a generated tree with planted credentials."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sot_lint.cli import main

PROJECT = Path(__file__).resolve().parents[1]
DETECT_SECRETS = Path(sys.executable).parent / "detect-secrets"


@pytest.mark.skipif(not DETECT_SECRETS.exists(), reason="detect-secrets command not installed")
def test_every_line_detect_secrets_reports_is_reported_by_sot_lint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    tree = tmp_path / "tree"
    subprocess.run([sys.executable, str(PROJECT / "bench" / "generate.py"), str(tree), "--records", "300"], check=True)
    scanned = subprocess.run(
        [str(DETECT_SECRETS), "scan", "--all-files", "."], cwd=tree, capture_output=True, text=True, check=True
    )
    theirs = {
        (Path(name).as_posix(), item["line_number"])
        for name, items in json.loads(scanned.stdout)["results"].items()
        for item in items
    }
    assert len(theirs) >= 6, "the generated tree should carry planted credentials"
    monkeypatch.chdir(tree)
    main(["check", "--no-cache", "--format", "json", "--select", "SOT3"])
    ours = {(f["path"], f["line"]) for f in json.loads(capsys.readouterr().out)["findings"]}
    assert theirs <= ours
