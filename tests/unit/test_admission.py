"""SOT4xx: the record and its admission JSON, checked together whichever is passed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from support import ADMISSION, RECORD, SOT_DIR, codes_at, copy_example, replace_once, run_json

from sot_lint.parse import admission, minischema

PASSED = {"record": [RECORD], "json": [ADMISSION], "both": [RECORD, ADMISSION], "tree": []}


@pytest.fixture
def example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    copy_example(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def errors(report: dict[str, Any]) -> set[tuple[str, str, int]]:
    return {(f["code"], f["path"], f["line"]) for f in report["findings"] if f["severity"] == "error"}


def test_example_is_consistent(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, report, _ = run_json(capsys, "--select", "SOT4")
    assert code == 0
    assert sorted((f["code"], f["line"], f["severity"]) for f in report["findings"]) == [("SOT406", 24, "warning")] * 3


@pytest.mark.parametrize("passed", PASSED)
def test_field_difference_is_reported_in_the_json_whichever_file_is_passed(
    example: Path, capsys: pytest.CaptureFixture[str], passed: str
) -> None:
    replace_once(example / ADMISSION, '"fallback_model": "gpt-5.5"', '"fallback_model": "gpt-5.4"')
    code, report, _ = run_json(capsys, *PASSED[passed])
    assert code == 1
    assert errors(report) == {("SOT402", ADMISSION, 9)}


def test_record_value_is_compared_without_its_final_period(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The record writes "JP chat approval on 2026-05-31." (plain text, final period dropped).
    code, report, _ = run_json(capsys, RECORD)
    assert code == 0 and not errors(report)


@pytest.mark.parametrize("passed", ["record", "tree"])
def test_missing_admission_json_is_reported_on_the_record(
    example: Path, capsys: pytest.CaptureFixture[str], passed: str
) -> None:
    (example / ADMISSION).unlink()
    code, report, _ = run_json(capsys, *PASSED[passed])
    assert code == 1
    assert errors(report) == {("SOT401", RECORD, 17), ("SOT405", RECORD, 52)}


def test_model_changed_without_json_gives_sot401(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    replace_once(example / RECORD, "- `model`: `qwen3.6-35b-a3b`.", "- `model`: `qwen3.7-72b`.")
    code, report, _ = run_json(capsys, RECORD)
    assert code == 1
    assert ("SOT401", RECORD, 17) in errors(report)


@pytest.mark.parametrize("passed", ["json", "tree"])
def test_unparsable_json_gives_sot004_with_its_line(
    example: Path, capsys: pytest.CaptureFixture[str], passed: str
) -> None:
    replace_once(example / ADMISSION, '"provider": "qwen-local",', '"provider": "qwen-local",,')
    code, report, _ = run_json(capsys, *PASSED[passed])
    assert code == 1
    assert errors(report) == {("SOT004", ADMISSION, 6)}


@pytest.mark.parametrize(
    ("old", "new", "line"),
    [
        ('"runtime_env": ["CTO_HARNESS_CASE_LOCAL_BASE_URL"]', '"runtime_env": ["lowercase name"]', 13),
        ('"schema_version": 1', '"schema_version": "1"', 2),
        ('"evidence_expectations": [', '"unknown_key": true,\n  "evidence_expectations": [', 14),
    ],
    ids=["runtime_env-pattern", "schema_version-type", "unknown-key"],
)
def test_schema_violation_gives_sot403_at_the_key_line(
    example: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, line: int
) -> None:
    replace_once(example / ADMISSION, old, new)
    code, report, _ = run_json(capsys, ADMISSION)
    assert code == 1
    assert errors(report) == {("SOT403", ADMISSION, line)}


def test_missing_required_key_gives_sot403(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    replace_once(example / ADMISSION, '  "approval_source": "JP chat approval on 2026-05-31",\n', "")
    code, report, _ = run_json(capsys, ADMISSION)
    assert code == 1
    found = errors(report)
    assert ("SOT403", ADMISSION, 1) in found
    assert ("SOT402", ADMISSION, 1) in found  # the record sets approval_source; the JSON lacks it


def test_orphan_admission_json_gives_sot404(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    orphan = f"{SOT_DIR}/CTO-CASE-MODEL-PROVIDER-ADMISSION.qwen-local-qwen3.5-14b.json"
    data = json.loads((example / ADMISSION).read_text("utf-8"))
    data["model"] = "qwen3.5-14b"
    (example / orphan).write_text(json.dumps(data, indent=2) + "\n", "utf-8")
    code, report, _ = run_json(capsys, orphan)
    assert code == 1
    assert errors(report) == {("SOT404", orphan, 3)}


def test_record_naming_a_missing_admission_file_gives_sot405(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    replace_once(example / RECORD, "qwen-local-qwen3.6-35b-a3b.json`", "qwen-local-qwen3.6-35b.json`")
    code, report, _ = run_json(capsys, RECORD)
    assert code == 1
    assert errors(report) == {("SOT405", RECORD, 52)}


def test_a_referenced_document_that_exists_is_not_reported(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (example / SOT_DIR / "CTO-CASE-PROVIDER-DECISION-PACKET-PRD.md").write_text("# PRD\n", "utf-8")
    _, report, _ = run_json(capsys, "--select", "SOT406", RECORD)
    assert codes_at(report) == {("SOT406", 24)}
    assert len(report["findings"]) == 2


def test_references_resolve_beside_the_record_and_from_the_directory_holding_sot(
    example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    packet = "CTO-CASE-PROVIDER-DECISION-PACKET-PRD.md"
    issues = "CTO-CASE-PROVIDER-DECISION-PACKET-ISSUES.md"
    replace_once(example / RECORD, f"`{packet}`", f"`.sot/02-PRODUCT/{packet}`")
    replace_once(example / RECORD, f"`{issues}`", f"`docs/{issues}`")
    _, report, _ = run_json(capsys, "--select", "SOT406", RECORD)
    assert len(report["findings"]) == 3  # none of them exists yet
    (example / ".sot" / "02-PRODUCT").mkdir()
    (example / ".sot" / "02-PRODUCT" / packet).write_text("# PRD\n", "utf-8")  # under the .sot holder
    (example / "docs").mkdir()
    (example / "docs" / issues).write_text("# Issues\n", "utf-8")  # from the holder (here also the root)
    (example / SOT_DIR / "CTO-CASE-MODEL-PROVIDER-ADMISSION-ISSUES.md").write_text("# A\n", "utf-8")  # beside it
    code, report, _ = run_json(capsys, "--select", "SOT406", RECORD)
    assert code == 0 and report["findings"] == []


def test_key_lines_finds_top_level_keys_only() -> None:
    lines = ["{", '  "a": {"b": 1,', '    "c": [2, {"d": 3}]},', '  "e": "x:y"', "}"]
    assert admission.key_lines(lines) == {"a": (2, 3), "e": (4, 3)}


def test_builtin_validator_agrees_with_jsonschema_on_mutations(example: Path) -> None:
    schema = admission.load_schema(None)
    base = json.loads((example / ADMISSION).read_text("utf-8"))
    mutations: list[object] = [[], "x", None]
    for key in base:
        mutations.append({k: v for k, v in base.items() if k != key})
        for value in (None, 1, 1.5, True, "", "two words", [], ["A", "A"], ["lower"], {"k": 1}):
            mutations.append({**base, key: value})
    mutations.append({**base, "extra": 1})
    reference = jsonschema.Draft202012Validator(schema)
    for instance in mutations:
        ours = sorted((tuple(map(str, v.path)), v.validator) for v in minischema.validate(instance, schema, schema))
        theirs = sorted((tuple(map(str, e.path)), e.validator) for e in reference.iter_errors(instance))
        assert ours == theirs, instance
