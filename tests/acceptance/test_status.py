"""`sot-lint status` through the real CLI: every format, the cache, config, errors, git history."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import status_support
from markdown_it import MarkdownIt
from status_support import CASES, TOKEN, record_path
from support import git, store_lookups

from sot_lint.cli import main

FORMATS = ("text", "json", "csv", "markdown", "html")


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = status_support.build(tmp_path / "repo")
    monkeypatch.chdir(root)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return root


def _status(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["status", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any]:
    code, out, err = _status(capsys, "--format", "json", *argv)
    assert (code, err) == (0, "")
    report: dict[str, Any] = json.loads(out)
    return report


def _by_case(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["path"].split("/")[1]: r for r in report["records"]}


def test_json_lists_every_record_in_the_documented_shape(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = _json(capsys, "--no-cache")
    assert {"tool", "version", "records", "summary"} <= set(report)
    assert [r["path"] for r in report["records"]] == [record_path(case) for case in CASES]
    spec_keys = {
        "path", "title", "status", "decision_status", "provider", "model", "fallback_provider", "fallback_model",
        "last_reviewed", "review_age_days", "stale", "admission", "errors", "warnings", "history",
    }  # fmt: skip
    records = _by_case(report)
    for record in records.values():
        assert spec_keys <= set(record)
    assert [records[c]["admission"] for c in CASES] == ["ok", "missing", "ok", "ok", "not-needed"]
    assert [records[c]["stale"] for c in CASES] == [False, False, False, True, False]
    assert records["stale"]["review_age_days"] == 200 and records["clean"]["review_age_days"] == 3
    assert records["undecided"]["decision_status"] == "not_decided" and records["undecided"]["provider"] is None
    assert records["missing"]["model"] == "qwen3.7-72b"
    assert records["clean"]["errors"] == 0
    assert records["missing"]["errors"] == 2  # SOT401 and SOT405, as the check reports them
    assert records["secret"]["errors"] == 2  # the token, twice (SOT301)
    summary = report["summary"]
    assert summary["records"] == 5 and summary["stale"] == 1 and summary["with_errors"] == 2
    assert summary["by_decision_status"] == {"not_decided": 1, "local_provider_required": 4}


def test_open_findings_are_exactly_the_checks(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", "--format", "json", "--no-cache"])
    check = json.loads(capsys.readouterr().out)["findings"]
    records = _json(capsys, "--no-cache")["records"]
    for record in records:
        mine = [f for f in check if f["path"] in (record["path"], record["admission_file"])]
        assert record["errors"] == sum(1 for f in mine if f["severity"] == "error")
        assert record["warnings"] == sum(1 for f in mine if f["severity"] == "warning")


@pytest.mark.parametrize("name", FORMATS)
def test_no_format_holds_the_planted_token(tree: Path, capsys: pytest.CaptureFixture[str], name: str) -> None:
    code, out, err = _status(capsys, "--format", name, "--no-cache")
    assert code == 0 and err == ""
    assert TOKEN not in out and TOKEN[4:20] not in out
    assert "[redacted GitHub Token #" in out or name in ("text", "csv", "markdown")
    for stored in (tree / ".sot-lint-cache").rglob("*") if (tree / ".sot-lint-cache").exists() else ():
        assert TOKEN.encode() not in stored.read_bytes()


def test_a_dated_heading_holding_a_secret_is_shown_as_its_label(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sections = _by_case(_json(capsys))["secret"]["dated_sections"]
    rotated = [s for s in sections if s["title"].startswith("[redacted")]
    assert len(rotated) == 1 and rotated[0]["date"] == "2026-06-01"
    for stored in (tree / ".sot-lint-cache").rglob("*"):
        if stored.is_file():
            assert TOKEN.encode() not in stored.read_bytes()


def test_csv_reads_back_with_pythons_csv_module(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _status(capsys, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and [r["path"] for r in rows] == [record_path(case) for case in CASES]
    by_case = {r["path"].split("/")[1]: r for r in rows}
    assert by_case["stale"]["stale"] == "true" and by_case["stale"]["review_age_days"] == "200"
    assert by_case["missing"]["admission"] == "missing" and by_case["missing"]["errors"] == "2"
    assert by_case["undecided"]["provider"] == ""


def test_markdown_parses_into_a_table_with_one_row_per_record(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _status(capsys, "--format", "markdown")
    tokens = MarkdownIt("commonmark").enable("table").parse(out)
    types = [t.type for t in tokens]
    assert code == 0 and types.count("table_open") == 1
    header = types.index("thead_close")
    assert types[:header].count("th_open") == 10
    assert types.count("tr_open") == 1 + len(CASES)
    cells = [t.content for t in tokens if t.type == "inline"]
    assert record_path("missing") in cells and "missing" in cells and "200 d (stale)" in cells


def test_text_is_an_80_column_table(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _status(capsys)
    table = out.split("\n\n")[0].splitlines()
    assert code == 0 and table[0] == "Records in .sot/"
    assert table[1].split() == ["RECORD", "DECISION", "PROVIDER/MODEL", "AGE", "ADMISSION", "E/W"]
    assert len(table) == 2 + len(CASES) and all(len(line) <= 80 for line in out.splitlines())
    assert table[2].startswith("clean/") and "\033[" not in out
    assert "5 records: 1 not_decided, 4 local_provider_required.\n1 stale (last review over 90 days ago)" in out


def _on_a_terminal(root: Path, environ: dict[str, str]) -> str:
    """`sot-lint status` with its stdout on a pseudo-terminal, as a person sees it."""
    leader, follower = pty.openpty()
    command = [sys.executable, "-m", "sot_lint", "status", "--no-cache"]
    with subprocess.Popen(command, cwd=root, stdout=follower, stderr=subprocess.PIPE, env=environ) as process:
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        process.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.slow
def test_colour_only_on_a_terminal_and_never_with_no_color(tree: Path) -> None:
    environ = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    assert "\033[" in _on_a_terminal(tree, environ)
    assert "\033[" not in _on_a_terminal(tree, {**environ, "NO_COLOR": "1"})


def test_sort_and_output_file(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = _json(capsys, "--sort", "age")
    assert report["records"][0]["path"] == record_path("stale")
    report = _json(capsys, "--sort", "status")
    assert report["records"][0]["path"] == record_path("undecided")
    code, out, _ = _status(capsys, "--format", "html", "--output", "register.html")
    assert code == 0 and out == ""
    assert (tree / "register.html").read_text("utf-8").startswith("<!DOCTYPE html>")


def test_an_unparseable_record_is_a_row_with_its_error(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tree / record_path("clean")
    broken.write_text(broken.read_text("utf-8").replace("owner: jp", "owner: [jp"), "utf-8")
    (tree / ".sot" / "binary").mkdir()
    (tree / ".sot" / "binary" / "RECORD.md").write_bytes(b"\x00\x01\x02")
    records = {r["path"]: r for r in _json(capsys, "--no-cache")["records"]}
    assert len(records) == len(CASES) + 1
    assert records[record_path("clean")]["error"].startswith("SOT003 frontmatter is not valid YAML")
    assert records[".sot/binary/RECORD.md"]["error"].startswith("SOT001 file is binary")
    code, out, _ = _status(capsys, "--no-cache")
    assert code == 0 and "unreadable" in out and ".sot/binary/RECORD.md: SOT001 file is binary" in out


def test_a_warm_register_matches_a_cold_one_and_notices_changes(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cold = _json(capsys)
    assert (tree / ".sot-lint-cache").is_dir()
    assert _json(capsys) == cold
    (tree / ".sot" / "clean" / "CTO-CASE-MODEL-PROVIDER-ADMISSION.qwen-local-qwen3.6-35b-a3b.json").unlink()
    warm = _by_case(_json(capsys))
    assert warm["clean"]["admission"] == "missing"
    assert warm["clean"]["errors"] > 0
    assert _json(capsys, "--no-cache") == _json(capsys)


def test_review_max_age_days_comes_from_the_config(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tree / ".sot-lint.toml").write_text("[decision]\nreview-max-age-days = 250\n", "utf-8")
    report = _json(capsys)
    assert report["summary"]["stale"] == 0 and report["summary"]["review_max_age_days"] == 250
    (tree / ".sot-lint.toml").write_text("[decision]\nreview-max-age-days = 0\n", "utf-8")
    code, out, err = _status(capsys)
    assert (code, out) == (2, "")
    assert err == "sot-lint: error: .sot-lint.toml: 'decision.review-max-age-days' must be a positive integer\n" or (
        err.startswith("sot-lint: error: ") and "review-max-age-days" in err and err.count("\n") == 1
    )


def test_bad_usage_is_one_line_and_exit_2(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["--format", "sarif"], ["--sort", "size"], ["missing-directory"]):
        code, out, err = _status(capsys, *argv)
        assert (code, out) == (2, "") and err.startswith("sot-lint: error: ") and err.count("\n") == 1
    code, _, err = _status(capsys, "--history")
    assert code == 2 and "not inside a git repository" in err


def _commit(root: Path, record: Path, status: str, message: str) -> str:
    text = record.read_text("utf-8")
    before = text.split("- `decision_status`: `", 1)[1].split("`", 1)[0]
    record.write_text(text.replace(f"- `decision_status`: `{before}`", f"- `decision_status`: `{status}`", 1), "utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)
    return git(root, "rev-parse", "HEAD").strip()


def test_history_reads_every_decision_status_change_from_git(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    git(tree, "init", "-q")
    record = tree / record_path("undecided")
    commits = [
        _commit(tree, record, "not_decided", "first"),
        _commit(tree, record, "local_provider_required", "second"),
        _commit(tree, record, "external_provider_approved", "third"),
    ]
    text = record.read_text("utf-8")  # a new line in Decision History only: not a change of state
    record.write_text(text.replace("Previous state:", "Previous state:\n- `decision_status`: `x`."), "utf-8")
    git(tree, "commit", "-q", "-am", "history only")
    report = _json(capsys, "--history")
    assert report["history"] is True
    changes = _by_case(report)["undecided"]["history"]
    assert [(c["from"], c["to"]) for c in changes] == [
        (None, "not_decided"),
        ("not_decided", "local_provider_required"),
        ("local_provider_required", "external_provider_approved"),
    ]
    assert [c["commit"] for c in changes] == [c[:10] for c in commits]
    assert all(c["date"][:4].isdigit() and "T" in c["date"] for c in changes)
    assert [(c["from"], c["to"]) for c in _by_case(report)["clean"]["history"]] == [(None, "local_provider_required")]
    code, out, _ = _status(capsys, "--history")
    assert code == 0 and f"  {commits[2][:10]}  " in out
    os.chdir(tree / ".sot" / "clean")  # from below the root, with paths that climb out of the current directory
    records = {r["path"]: r for r in _json(capsys, "--history", "..")["records"]}
    assert [c["to"] for c in records["../undecided/CTO-CASE-PROVIDER-DECISION-RECORD.md"]["history"]] == [
        "not_decided",
        "local_provider_required",
        "external_provider_approved",
    ]
    assert "local_provider_required -> external_provider_approved" in out


def test_the_readme_documents_the_json_shape(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import re

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text("utf-8")
    (documented,) = [json.loads(b) for b in re.findall(r"```json\n(.*?)```", readme, re.S) if '"records"' in b]
    report = _json(capsys)
    assert set(documented) == set(report)
    assert list(documented["records"][0]) == list(report["records"][0])
    assert set(documented["records"][0]["history"][0]) == {"commit", "date", "from", "to"}
    assert list(documented["summary"]) == list(report["summary"])


@pytest.mark.parametrize("name", FORMATS)
def test_a_shown_cell_holding_a_secret_is_its_label_in_every_format(
    tree: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    record = tree / record_path("clean")
    text = record.read_text("utf-8").replace("`fallback_model`: `gpt-5.5`", f"`fallback_model`: `{TOKEN}`", 1)
    record.write_text(text.replace("title: CTO Case Provider Decision Record", f"title: Rotate {TOKEN}", 1), "utf-8")
    code, out, err = _status(capsys, "--format", name)
    assert code == 0 and err == ""
    assert TOKEN not in out and TOKEN[4:20] not in out
    if name != "text":  # the text table shows neither the title nor the fallback
        assert out.count("[redacted GitHub Token #") >= 2
    for stored in (tree / ".sot-lint-cache").rglob("*"):
        if stored.is_file():
            assert TOKEN[4:20].encode() not in stored.read_bytes()


def test_an_unchanged_register_is_answered_without_checking_a_file(
    tree: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A warm register comes from its one whole entry; anything a check read changing brings the check back."""
    from sot_lint.linter import Linter

    cold = _json(capsys)
    ran: list[int] = []
    real_run = Linter.run

    def counting_run(self: Linter, *args: Any, **kwargs: Any) -> Any:
        ran.append(1)
        return real_run(self, *args, **kwargs)

    monkeypatch.setattr(Linter, "run", counting_run)
    assert _json(capsys) == cold and ran == []
    # A document every record references appears at the root, outside the linted files: the file list and
    # the rows are the same, only what the checks read (the root's listing) changed.
    (tree / "CTO-CASE-PROVIDER-DECISION-PACKET-PRD.md").write_text("# PRD\n", "utf-8")
    warm = _by_case(_json(capsys))
    assert ran == [1] and warm["clean"]["warnings"] == _by_case(cold)["clean"]["warnings"] - 1
    assert _json(capsys) == _json(capsys, "--no-cache")


def test_a_warm_html_page_lists_the_findings_a_cold_one_lists(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The register keeps the findings apart for the one format listing them; a stray copy means a fresh check."""
    import sqlite3

    from sot_lint.repo.cache import ResultStore

    cold = _status(capsys, "--format", "html", "--no-cache")
    assert "SOT" in cold[1]  # the page lists findings by code
    _json(capsys)  # the whole entry, written by a format that only counts findings
    assert _status(capsys, "--format", "html") == cold
    with sqlite3.connect(tree / ".sot-lint-cache" / ResultStore.NAME) as connection:
        for key, value in connection.execute("SELECT key, value FROM results").fetchall():
            stored = json.loads(value)
            if "stamp" in stored and "findings" in stored:  # as if another run had written it, finding nothing
                stored.update(stamp="another run", findings=[])
                connection.execute("UPDATE results SET value = ? WHERE key = ?", (json.dumps(stored), key))
    assert _status(capsys, "--format", "html") == cold


def test_only_a_format_listing_the_findings_keeps_a_copy_of_them(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The JSON, CSV, markdown and text registers count findings: a copy of them all would only cost a cold run."""
    import sqlite3

    from sot_lint.repo.cache import ResultStore

    def copies() -> int:
        with sqlite3.connect(tree / ".sot-lint-cache" / ResultStore.NAME) as connection:
            values = [json.loads(value) for (value,) in connection.execute("SELECT value FROM results")]
        return sum(1 for value in values if "stamp" in value and "findings" in value)

    counted = _json(capsys)
    assert copies() == 0
    listed = _status(capsys, "--format", "html")
    assert copies() == 1 and listed == _status(capsys, "--format", "html", "--no-cache")
    assert _json(capsys) == counted


def test_the_whole_register_entry_depends_on_everything_the_checks_read(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import sqlite3

    from sot_lint.repo.cache import ResultStore

    _json(capsys)
    with sqlite3.connect(tree / ".sot-lint-cache" / ResultStore.NAME) as connection:
        values = [json.loads(value) for (value,) in connection.execute("SELECT value FROM results")]
    (whole,) = [value for value in values if "rows" in value]
    checks = [value for value in values if "findings" in value and "reads" in value]
    assert checks and all(value["reads"].items() <= whole["reads"].items() for value in checks)


def test_a_register_of_no_sot_file_is_an_error_not_an_empty_green(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    code, out, err = _status(capsys)
    assert code == 2 and out == ""
    (line,) = err.splitlines()
    assert "no SOT file to check" in line and "include globs" in line


def _counting(monkeypatch: pytest.MonkeyPatch, owner: type, method: str) -> list[str]:
    """The paths `owner.method(self, path)` is called with from here on (`Linter._check`, `Index._parse`)."""
    called: list[str] = []
    real = getattr(owner, method)

    def counting(self: Any, path: str | Path) -> Any:
        called.append(Path(path).as_posix())
        return real(self, path)

    monkeypatch.setattr(owner, method, counting)
    return called


def test_a_register_after_a_check_reuses_its_results_and_then_rechecks_only_what_changed(
    tree: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["check", "--format", "json"]) == 1
    capsys.readouterr()
    from sot_lint.linter import Linter
    from sot_lint.repo.index import Index

    checked, parsed = _counting(monkeypatch, Linter, "_check"), _counting(monkeypatch, Index, "_parse")
    after_check = _json(capsys)
    assert checked == []  # every file's findings come from the check's entries
    assert after_check == _json(capsys, "--no-cache")
    assert _json(capsys) == after_check
    checked.clear()
    parsed.clear()
    record = tree / record_path("stale")
    record.write_text(record.read_text("utf-8") + "\nReviewed again.\n", "utf-8")
    changed = _json(capsys)
    # The record, and the admission file whose check compares against it; every other row is kept as stored.
    assert checked and parsed and all("/stale/" in path for path in checked + parsed)
    assert changed == _json(capsys, "--no-cache")
    assert {case: row for case, row in _by_case(changed).items() if case != "stale"} == {
        case: row for case, row in _by_case(after_check).items() if case != "stale"
    }


def test_rows_built_in_worker_processes_are_the_rows_built_in_one(
    tree: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from sot_lint import linter

    monkeypatch.setattr(linter, "PARALLEL_FROM", 2)  # fork even for this small tree
    one = _json(capsys, "--no-cache", "--jobs", "1")
    cold = _json(capsys, "--jobs", "2")
    assert cold == one
    (tree / ".sot" / "clean" / "CTO-CASE-MODEL-PROVIDER-ADMISSION.qwen-local-qwen3.6-35b-a3b.json").unlink()
    changed = _json(capsys, "--jobs", "2")
    assert _by_case(changed)["clean"]["admission"] == "missing"
    assert changed == _json(capsys, "--no-cache", "--jobs", "1")


@pytest.mark.parametrize("after_check", [False, True], ids=["cold", "after-check"])
def test_a_secret_whose_finding_is_suppressed_is_still_redacted_from_the_register(
    tree: Path, capsys: pytest.CaptureFixture[str], after_check: bool
) -> None:
    """Suppressing a finding chooses what is reported, never what is redacted: the cell shows its label."""
    record = tree / record_path("clean")
    suppressed = f"<!-- sot-lint: disable-next-line -->\n- `model`: `{TOKEN}`."
    record.write_text(record.read_text("utf-8").replace("- `model`: `qwen3.6-35b-a3b`.", suppressed, 1), "utf-8")
    if after_check:  # the register then builds its rows from the check's stored results
        main(["check", "--format", "json"])
        assert TOKEN[4:20] not in capsys.readouterr().out
    for argv in (("--format", "json", "--no-cache"), ("--format", "json"), ("--format", "html")):
        code, out, err = _status(capsys, *argv)
        assert (code, err) == (0, "") and TOKEN[4:20] not in out
    cell = _by_case(_json(capsys))["clean"]
    assert cell["model"].startswith("[redacted GitHub Token #") and cell["admission_file"] is None
    for stored in (tree / ".sot-lint-cache").rglob("*"):
        if stored.is_file():
            assert TOKEN[4:20].encode() not in stored.read_bytes()


def test_the_first_warm_register_after_a_cold_one_is_answered_by_its_one_whole_entry(
    tree: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cold register creates the cache folder at the root; what its checks read of the root must still hold."""

    (tree / ".git").mkdir(exist_ok=True)  # the cache lives at the repository root, beside the records' folders
    cold = _json(capsys, "--jobs", "1")
    lookups = store_lookups(monkeypatch)
    assert _json(capsys, "--jobs", "1") == cold
    assert len(lookups) == 1  # the register's whole entry; json lists no finding, so not the findings entry
