"""Recall parity with the real detect-secrets on a generated tree with planted credentials."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sot_lint.cli import main

PROJECT = Path(__file__).resolve().parents[2]
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


def test_shipped_gates_are_the_ones_the_installed_detect_secrets_gives() -> None:
    """The gates shipped in the package must be rebuilt whenever detect-secrets' plugins change."""
    from sot_lint.leaks import plugins as gates

    installed = gates._installed()
    shipped = gates.shipped_gates()
    assert installed is not None and shipped is not None
    regenerate = (
        'regenerate with: python -c "import json; from sot_lint.leaks import plugins as s; '
        "json.dump({'detect_secrets': s._installed()[1], 'gates': s.built_gates()}, "
        "open('sot_lint/leaks/gates.json', 'w'), indent=1, sort_keys=True)\""
    )
    assert shipped["detect_secrets"] == installed[1], regenerate
    assert shipped["gates"] == json.loads(json.dumps(gates.built_gates())), regenerate


def test_a_hook_run_on_clean_files_never_imports_detect_secrets() -> None:
    """Gates come from the package: files with no candidate line cost no detect-secrets import."""
    example = Path(__file__).parents[1] / "fixtures" / "cto"
    code = (
        "import sys; from sot_lint.cli import main; "
        "code = main(['check', '--no-cache', '.']); "
        "print(code, 'detect_secrets' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=example, capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "0 False"
