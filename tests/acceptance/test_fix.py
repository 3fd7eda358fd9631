"""`sot-lint check --fix` and `--diff` through the real CLI, on copies of the example."""

from __future__ import annotations

import json
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import ADMISSION, EXAMPLE, RECORD, copy_example, run_json

from sot_lint.cli import main

RECORD_TEXT = (EXAMPLE / RECORD).read_text("utf-8")
ADMISSION_TEXT = (EXAMPLE / ADMISSION).read_text("utf-8")
EXAMPLE_CODES = {"SOT107", "SOT306", "SOT406"}  # the example's own findings: warnings only
PERSON_ONLY = ("runtime_env", "evidence_expectations")


def _fix(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, Any], str]:
    return run_json(capsys, "--fix", *argv)


def _snapshot(root: Path) -> dict[str, tuple[bytes, int, int]]:
    return {
        str(p.relative_to(root)): (p.read_bytes(), p.stat().st_mtime_ns, p.stat().st_mode)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = copy_example(tmp_path / "repo")
    monkeypatch.chdir(root)
    return root


def test_fix_restores_title_fields_and_admission_then_reports_what_remains(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record, admission = repo / RECORD, repo / ADMISSION
    record.write_text(
        RECORD_TEXT.replace("title: CTO Case Provider Decision Record", "title: Old title").replace(
            "- `provider`: `qwen-local`.", "- `provider`: qwen-local"
        ),
        "utf-8",
    )
    admission.write_text(ADMISSION_TEXT.replace('"gpt-5.5"', '"gpt-5.4"'), "utf-8")
    code, report, err = _fix(capsys)
    assert code == 0  # only the example's warnings remain
    assert {f["code"] for f in report["findings"]} == EXAMPLE_CODES
    assert record.read_text("utf-8") == RECORD_TEXT
    assert admission.read_text("utf-8") == ADMISSION_TEXT
    assert "fixed .sot/03-PROTOCOLS/CTO-CASE-PROVIDER-DECISION-RECORD.md:2: SOT105" in err
    assert "applied 3 fixes in 2 files" in err
    mode = stat.S_IMODE(record.stat().st_mode)
    assert mode == stat.S_IMODE((EXAMPLE / RECORD).stat().st_mode) or mode == 0o644


def test_created_admission_holds_the_record_state_and_leaves_person_only_keys(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / ADMISSION).unlink()
    code, report, err = _fix(capsys)
    created = json.loads((repo / ADMISSION).read_text("utf-8"))
    expected = {k: v for k, v in json.loads(ADMISSION_TEXT).items() if k not in PERSON_ONLY}
    assert created == expected and list(created) == list(expected)
    assert (repo / ADMISSION).read_text("utf-8").startswith('{\n  "schema_version": 1,\n')
    for key in PERSON_ONLY:
        assert f"'{key}' left for a person to supply (SOT403 reports it)" in err
    assert code == 1
    schema = {(f["code"], f["message"]) for f in report["findings"] if f["code"] == "SOT403"}
    assert schema and schema <= {("SOT403", f"required key '{key}' is missing") for key in PERSON_ONLY}


def test_a_flagged_value_is_never_copied_nor_printed(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    token = "ghp_" + "A1b2C3d4E5f6G7h8I9j0" + "K1l2M3n4O5p6Q7r8S9t0"
    record = repo / RECORD
    record.write_text(RECORD_TEXT.replace("JP chat approval on 2026-05-31.", f"token {token}."), "utf-8")
    (repo / ADMISSION).unlink()
    code, report, err = _fix(capsys)
    created = (repo / ADMISSION).read_text("utf-8")
    assert "approval_source" not in json.loads(created)
    assert token not in created and token not in err and token not in json.dumps(report)
    assert "'approval_source' not copied: the record's value is flagged as a leak" in err
    assert token in record.read_text("utf-8")  # the leak itself is left for a person
    assert code == 1


def test_diff_changes_no_byte_of_a_read_only_tree_and_redacts_context(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record = repo / RECORD
    record.write_text(RECORD_TEXT.replace("any default/fallback model change.", "any default/fallback model change"))
    for path in [repo, *repo.rglob("*")]:
        path.chmod(path.stat().st_mode & ~0o222)
    try:
        before = _snapshot(repo)
        code = main(["check", "--diff"])
        out, err = capsys.readouterr()
        assert _snapshot(repo) == before
        assert not (repo / ".sot-lint-cache").exists()
    finally:
        for path in [repo, *repo.rglob("*")]:
            path.chmod(path.stat().st_mode | 0o200)
    assert code == 1
    assert out.startswith(f"--- a/{RECORD}\n+++ b/{RECORD}\n")
    assert "+- `review_trigger`: before real Case Stage 2" in out
    assert "/home/svrnty" not in out and "[redacted local user path #" in out  # line 24 is context
    assert err == ""


def test_diff_with_nothing_to_fix_is_silent_and_exits_0(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--diff"]) == 0
    assert capsys.readouterr().out == ""


def test_fix_with_staged_is_a_usage_error(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--fix", "--staged"]) == 2
    assert "cannot be combined with --staged" in capsys.readouterr().err


# --- the property: whatever fixable mutations, fix -> clean for what was fixed, then a no-op ---------------------

IDENTIFIER_LINES = {  # state fields whose code span the mutation may unwrap
    "decision_status": "local_provider_required",
    "provider_class": "local_case_compatible",
    "provider": "qwen-local",
    "model": "qwen3.6-35b-a3b",
    "fallback_provider": "openai-codex",
    "fallback_model": "gpt-5.5",
    "allowed_network_class": "local-tailscale-vllm-spark1-plus-codex-oauth-fallback",
}
STATE_LINES = [n for n in range(14, 26) if n != 24]  # line 24 holds a leak (SOT306): never edited
COMPARED = ["decision_status", "provider_class", "fallback_provider", "fallback_model", "approval_source"]
words = st.from_regex(r"[A-Za-z][A-Za-z0-9 ]{0,20}[A-Za-z0-9]", fullmatch=True)
identifiers = st.from_regex(r"[a-z][a-z0-9_]{2,14}", fullmatch=True)


@st.composite
def mutations(draw: st.DrawFn) -> tuple[str, str | None]:
    lines = RECORD_TEXT.split("\n")
    title = draw(st.one_of(st.none(), words.filter(lambda w: w != "CTO Case Provider Decision Record")))
    if title is not None:
        lines[1] = f"title: {title}"
    for number in draw(st.sets(st.sampled_from(list(STATE_LINES)))):
        lines[number - 1] = lines[number - 1].removesuffix(".")
    for key in draw(st.sets(st.sampled_from(sorted(IDENTIFIER_LINES)))):
        index = next(i for i, line in enumerate(lines) if line.startswith(f"- `{key}`:"))
        lines[index] = lines[index].replace(f"`{IDENTIFIER_LINES[key]}`", IDENTIFIER_LINES[key], 1)
    admission = draw(st.sampled_from(["keep", "delete", "edit"]))
    if admission == "delete":
        return "\n".join(lines), None
    data = ADMISSION_TEXT
    if admission == "edit":
        for key in draw(st.sets(st.sampled_from(COMPARED), min_size=1)):
            value = json.loads(ADMISSION_TEXT)[key]
            if draw(st.booleans()) and key in ("fallback_provider", "fallback_model", "approval_source"):
                continue  # removing a key is another mutation below
            data = data.replace(json.dumps(value), json.dumps(draw(identifiers)), 1)
        if draw(st.booleans()):
            data = data.replace('  "fallback_model": "gpt-5.5",\n', "", 1)
    return "\n".join(lines), data


@pytest.fixture
def scratch() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as directory:
        yield Path(directory)


@pytest.mark.slow
@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutations())
def test_property_fix_then_check_is_clean_for_what_was_fixed_and_a_second_fix_is_a_noop(
    scratch: Path, capsys: pytest.CaptureFixture[str], mutation: tuple[str, str | None]
) -> None:
    record_text, admission_text = mutation
    with tempfile.TemporaryDirectory(dir=scratch) as directory:
        root = copy_example(Path(directory))
        (root / RECORD).write_text(record_text, "utf-8")
        if admission_text is None:
            (root / ADMISSION).unlink()
        else:
            (root / ADMISSION).write_text(admission_text, "utf-8")
        cwd = os.getcwd()
        os.chdir(root)
        try:
            _, report, _ = _fix(capsys)
            findings = report["findings"]
            assert isinstance(findings, list)
            codes = {f["code"] for f in findings}
            assert not codes & {"SOT105", "SOT401", "SOT402"}
            errors = {(f["code"], f["message"]) for f in findings if f["severity"] == "error"}
            allowed = (
                {("SOT403", f"required key '{k}' is missing") for k in PERSON_ONLY} if admission_text is None else set()
            )
            assert errors <= allowed
            assert (root / RECORD).read_text("utf-8") == RECORD_TEXT  # every mutation of the record undone
            fixed = (root / ADMISSION).read_text("utf-8")
            if admission_text is None:
                assert json.loads(fixed) == {
                    k: v for k, v in json.loads(ADMISSION_TEXT).items() if k not in PERSON_ONLY
                }
            else:
                assert fixed == ADMISSION_TEXT
            before = _snapshot(root)
            assert main(["check", "--diff", "--no-cache"]) == 0
            assert capsys.readouterr().out == ""
            _fix(capsys)
            assert _snapshot(root) == before
        finally:
            os.chdir(cwd)


def test_fix_keeps_crlf_and_fixes_a_json_passed_alone(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    record, admission = repo / RECORD, repo / ADMISSION
    crlf = RECORD_TEXT.replace("\n", "\r\n").encode("utf-8")
    record.write_bytes(crlf.replace(b"title: CTO Case Provider Decision Record", b"title: Old"))
    admission.write_text(ADMISSION_TEXT.replace('"openai-codex"', '"other-provider"'), "utf-8")
    code, _, _ = _fix(capsys, RECORD)  # the record's check reports its JSON's SOT402: both are fixed
    assert code == 0 and record.read_bytes() == crlf and admission.read_text("utf-8") == ADMISSION_TEXT
    admission.write_text(ADMISSION_TEXT.replace('"openai-codex"', '"other-provider"'), "utf-8")
    code, report, _ = _fix(capsys, ADMISSION)
    assert code == 0 and admission.read_text("utf-8") == ADMISSION_TEXT
    assert not [f for f in report["findings"] if f["severity"] == "error"]


def test_fix_writes_no_file_the_include_globs_do_not_cover(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / ".sot-lint.toml").write_text('include = ["**/.sot/**/*.md"]\n', "utf-8")
    (repo / ADMISSION).unlink()
    code, report, err = _fix(capsys)
    assert not (repo / ADMISSION).exists()
    assert "not a SOT file by the include globs; not written" in err
    assert code == 1 and "SOT401" in {f["code"] for f in report["findings"]}


def test_fix_never_writes_through_a_symlink(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    record = repo / RECORD
    target = repo / "elsewhere.md"
    target.write_text(RECORD_TEXT.replace("title: CTO Case Provider Decision Record", "title: Old"), "utf-8")
    record.unlink()
    record.symlink_to(target)
    _, _, err = _fix(capsys)
    assert "title: Old" in target.read_text("utf-8") and record.is_symlink()
    assert "a symlink; fixes are never written through one" in err
