"""Configuration, selection, suppression comments and the command line, called as main(argv)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from support import RECORD, SOT_DIR, copy_example, insert_line, replace_once, run_json

from sot_lint.cli import main
from sot_lint.rules import RULES


@pytest.fixture
def example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    copy_example(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def codes(report: dict[str, list[dict[str, object]]]) -> set[tuple[object, object]]:
    return {(f["code"], f["line"]) for f in report["findings"]}


# --- configuration ---------------------------------------------------------------------------


def test_sot_lint_toml_overrides_allowed_values_and_required_keys(
    example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (example / ".sot-lint.toml").write_text(
        '[frontmatter]\nrequired = ["title", "owner", "reviewer"]\nallowed = { status = ["approved"] }\n', "utf-8"
    )
    _, report, _ = run_json(capsys, "--select", "SOT101,SOT102", RECORD)
    assert codes(report) == {("SOT101", 1), ("SOT102", 3)}
    assert any("'reviewer'" in f["message"] for f in report["findings"])


def test_pyproject_table_is_read_and_required_when_changes_sot203(
    example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (example / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.sot-lint.decision.required-when]\nlocal_provider_required = ["budget"]\n',
        "utf-8",
    )
    _, report, _ = run_json(capsys, "--select", "SOT203", RECORD)
    assert codes(report) == {("SOT203", 13)}
    assert "'budget'" in report["findings"][0]["message"]


def test_exclude_applies_to_files_passed_explicitly(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (example / ".sot-lint.toml").write_text('exclude = ["**/03-PROTOCOLS/*.md"]\n', "utf-8")
    replace_once(example / RECORD, "status: draft", "status: approved")
    code, report, _ = run_json(capsys, RECORD)
    assert code == 0 and report["summary"]["files"] == 0
    code, report, _ = run_json(capsys)
    assert report["summary"]["files"] == 1  # only the JSON is left


def test_per_file_ignores(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (example / ".sot-lint.toml").write_text('per-file-ignores = { "**/*.md" = ["SOT1"] }\n', "utf-8")
    replace_once(example / RECORD, "status: draft", "status: approved")
    code, report, _ = run_json(capsys, "--select", "SOT1")
    assert code == 0 and report["findings"] == []


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("colour = 1\n", "unknown key 'colour'"),
        ("select = 3\n", "'select' must be"),
        ('select = ["E501"]\n', "'select' must be"),
        ("[frontmatter]\nrequired = [1]\n", "'frontmatter.required' must be"),
        ("max-file-size = -1\n", "'max-file-size' must be"),
        ("frontmatter = 3\n", "'frontmatter' must be a table"),
        ('[leaks]\nallow-addresses = ["not-an-ip"]\n', "allow-addresses"),
        ('[leaks]\nallow-patterns = ["(unclosed"]\n', "allow-patterns"),
        ('[admission]\ntemplate = "no-placeholders.json"\n', "admission.template"),
        ("this is not toml\n", "invalid TOML"),
    ],
)
def test_broken_config_exits_2_with_one_line(
    example: Path, capsys: pytest.CaptureFixture[str], content: str, fragment: str
) -> None:
    (example / ".sot-lint.toml").write_text(content, "utf-8")
    assert main(["check"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and fragment in captured.err and "Traceback" not in captured.err


def test_missing_config_file_exits_2(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--config", "nope.toml"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nope.toml" in err


# --- selection and output --------------------------------------------------------------------


def test_select_and_ignore_take_prefixes_and_the_longer_one_wins(
    example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    replace_once(example / RECORD, "status: draft", "status: approved")
    replace_once(example / RECORD, "created: 2026-05-31", "created: 2026-02-30")
    _, report, _ = run_json(capsys, "--select", "SOT10", "--ignore", "SOT103")
    assert {c for c, _ in codes(report)} == {"SOT102", "SOT107"}
    _, report, _ = run_json(capsys, "--select", "SOT1,SOT102", "--ignore", "SOT10")
    assert {c for c, _ in codes(report)} == {"SOT102"}


def test_fail_on_and_exit_zero(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--no-cache"]) == 0
    assert main(["check", "--no-cache", "--fail-on", "warning"]) == 1
    assert main(["check", "--no-cache", "--fail-on", "warning", "--exit-zero"]) == 0
    capsys.readouterr()


def test_text_format_lines_and_summary_counting_files_with_findings(
    example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--no-cache"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert all(re.fullmatch(r"[^:]+:\d+:\d+: SOT\d{3} .+", line) for line in lines[:-1])
    assert lines[0].startswith(f"{RECORD}:7:16: SOT107 ")
    assert lines[-1] == "Found 6 findings (0 errors, 6 warnings) in 1 of 2 files checked."
    assert "\033[" not in "\n".join(lines)  # no colour when not on a terminal


def test_paths_are_relative_to_the_current_directory(
    example: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(example / SOT_DIR)
    _, report, _ = run_json(capsys, "--select", "SOT107", ".")
    assert [f["path"] for f in report["findings"]] == ["CTO-CASE-PROVIDER-DECISION-RECORD.md"]


def test_directories_are_walked_including_hidden_sot(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (example / "docs").mkdir()
    (example / "docs" / "README.md").write_text("not a SOT file\n", "utf-8")
    _, report, _ = run_json(capsys, ".")
    assert report["summary"]["files"] == 2


def test_rules_lists_the_catalog(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    listed = [line.split()[0] for line in capsys.readouterr().out.splitlines()]
    assert listed == list(RULES)
    assert main(["rules", "--format", "json"]) == 0
    catalog = json.loads(capsys.readouterr().out)
    assert [entry["code"] for entry in catalog] == list(RULES)
    assert all(entry["summary"] and entry["severity"] in ("error", "warning") for entry in catalog)


def test_bare_sot_lint_checks_the_repository(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    assert "2 files" in capsys.readouterr().out


def test_unknown_option_is_one_error_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--colour"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--colour" in err


# --- suppression ------------------------------------------------------------------------------


def test_disable_next_line_and_unused_directive(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    replace_once(example / RECORD, "`local-tailscale-vllm-spark1-plus-codex-oauth-fallback`", "`Local Tailscale`")
    insert_line(example / RECORD, 21, "<!-- sot-lint: disable-next-line SOT206 -->")
    insert_line(example / RECORD, 16, "<!-- sot-lint: disable-next-line SOT202 -->")
    _, report, _ = run_json(capsys, "--select", "SOT2,SOT009", RECORD)
    assert codes(report) == {("SOT009", 17)}
    assert report["findings"][0]["severity"] == "warning"


def test_disable_enable_range(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    replace_once(example / RECORD, "- `provider`: `qwen-local`.\n", "- `provider`: `qwen-local`.\n- `provider`: `x`.\n")
    replace_once(
        example / RECORD, "- `fallback_model`: `gpt-5.5`.\n", "- `fallback_model`: `gpt-5.5`.\n- `model`: `y`.\n"
    )
    _, report, _ = run_json(capsys, "--select", "SOT207", RECORD)
    assert codes(report) == {("SOT207", 17), ("SOT207", 21)}
    insert_line(example / RECORD, 16, "<!-- sot-lint: disable SOT207 -->")
    insert_line(example / RECORD, 19, "<!-- sot-lint: enable SOT207 -->")
    _, report, _ = run_json(capsys, "--select", "SOT207", RECORD)
    assert codes(report) == {("SOT207", 23)}


def test_frontmatter_comment_directive(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    replace_once(example / RECORD, "route: cto\n", "route: cto\n# sot-lint: disable-next-line SOT106\nreviewers: jp\n")
    _, report, _ = run_json(capsys, "--select", "SOT106,SOT009", RECORD)
    assert report["findings"] == []


def test_directive_naming_no_rule_is_reported(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    insert_line(example / RECORD, 12, "<!-- sot-lint: disable SOT999 -->")
    _, report, _ = run_json(capsys, "--select", "SOT009", RECORD)
    assert codes(report) == {("SOT009", 13)}
    assert "SOT999" in report["findings"][0]["message"]


def test_directive_for_an_unselected_rule_is_not_called_unused(
    example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    insert_line(example / RECORD, 16, "<!-- sot-lint: disable-next-line SOT202 -->")
    _, report, _ = run_json(capsys, "--select", "SOT1,SOT009", RECORD)
    assert ("SOT009", 17) not in codes(report)


def test_the_console_script_delivers_its_whole_report_and_cache_before_it_exits(tmp_path: Path) -> None:
    """`run` skips the interpreter's teardown: the report, a --output file and the cache must be complete first."""
    import os
    import sqlite3
    import subprocess
    import sys

    for team in range(120):  # 240 files, 720 findings: a large audit, in forked workers, keeping its whole answer
        copy_example(tmp_path / f"team-{team:03d}")
    (tmp_path / ".git").mkdir()
    command = [sys.executable, "-c", "from sot_lint.cli import run; run()", "check", "--format", "json", "."]
    env = {**os.environ, "PYTHONUNBUFFERED": ""}
    piped = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=False, env=env)
    assert piped.returncode == 0 and piped.stderr == ""
    assert len(json.loads(piped.stdout)["findings"]) == 720
    with sqlite3.connect(tmp_path / ".sot-lint-cache" / "results-v2.sqlite3") as store:
        assert store.execute("SELECT count(*) FROM results").fetchone()[0] == 240 + 1  # each file, and the whole
    written = subprocess.run([*command, "--output", "report.json"], cwd=tmp_path, capture_output=True, check=False)
    assert written.returncode == 0 and written.stdout == b""
    assert json.loads((tmp_path / "report.json").read_text("utf-8")) == json.loads(piped.stdout)
    broken = subprocess.run(f"{' '.join(command[:1])} -c 'from sot_lint.cli import run; run()' rules | head -1",
                            shell=True, cwd=tmp_path, capture_output=True, text=True, check=False)  # fmt: skip
    assert broken.stdout.startswith("SOT") and broken.stderr == ""
