"""SOT0xx/1xx/2xx on the real example: each single mutation gives its code at its line, and nothing else."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
from support import ADMISSION, RECORD, copy_example, replace_once, run_json

from sot_lint.cli import main
from sot_lint.rules import RULES

FAMILIES = "SOT0,SOT1,SOT2"


@pytest.fixture
def example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    copy_example(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def findings(report: dict[str, list[dict[str, object]]]) -> set[tuple[object, object, object]]:
    return {(f["code"], f["line"], f["severity"]) for f in report["findings"]}


def test_example_passes_with_only_the_stale_review_warning(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, report, err = run_json(capsys, "--select", FAMILIES)
    assert code == 0 and err == ""
    assert findings(report) == {("SOT107", 7, "warning")}
    assert report["summary"] == {"files": 2, "findings": 1, "errors": 0, "warnings": 1, "files_with_findings": 1}


# (code, old text, new text, expected line). Each breaks exactly one rule of the example record.
MUTATIONS = [
    ("SOT101", "owner: jp\n", "", 1),
    ("SOT102", "status: draft", "status: approved", 3),
    ("SOT102", "lifecycle_classification: sot", "lifecycle_classification: core", 4),
    ("SOT102", "core_promotion_status: not-promoted", "core_promotion_status: pending", 8),
    ("SOT103", "created: 2026-05-31", "created: 2026-02-30", 6),
    ("SOT103", "created: 2026-05-31", "created: 31/05/2026", 6),
    ("SOT104", "created: 2026-05-31", "created: 2026-06-15", 7),
    ("SOT104", "created: 2026-05-31", "created: 2999-01-01", 6),
    ("SOT105", "# CTO Case Provider Decision Record\n", "# CTO Provider Decision\n", 2),
    ("SOT106", "route: cto\n", "route: cto\nreviewers: jp\n", 10),
    ("SOT201", "- `decision_status`: `local_provider_required`.\n- `provider_class`", "- `provider_class`", 13),
    ("SOT202", "- `decision_status`: `local_provider_required`.", "- `decision_status`: `approved`.", 14),
    ("SOT203", "- `model`: `qwen3.6-35b-a3b`.\n", "", 13),
    ("SOT205", "- `fallback_model`: `gpt-5.5`.\n", "", 18),
    ("SOT206", "`local-tailscale-vllm-spark1-plus-codex-oauth-fallback`", "`https://spark.example.org/v1`", 22),
    ("SOT206", "`local-tailscale-vllm-spark1-plus-codex-oauth-fallback`", "`Local Tailscale`", 22),
    ("SOT207", "- `provider`: `qwen-local`.\n", "- `provider`: `qwen-local`.\n- `provider`: `qwen-local`.\n", 17),
    ("SOT208", "- `approval_source`: JP chat approval on 2026-05-31.", "- `approval_source`:", 20),
    ("SOT209", "## Meaning\n", "## What It Means\n", 13),
]


@pytest.mark.parametrize(
    ("code", "old", "new", "line"), MUTATIONS, ids=[f"{m[0]}-{n}" for n, m in enumerate(MUTATIONS)]
)
def test_single_mutation_gives_its_code_at_its_line_and_no_other_error(
    example: Path, capsys: pytest.CaptureFixture[str], code: str, old: str, new: str, line: int
) -> None:
    replace_once(example / RECORD, old, new)
    exit_code, report, _ = run_json(capsys, "--select", FAMILIES, RECORD)
    found = findings(report)
    severity = RULES[code].META.severity.value
    assert (code, line, severity) in found
    other_errors = {f for f in found if f[2] == "error" and f[0] != code}
    assert other_errors == set()
    assert exit_code == (1 if severity == "error" else 0)


def test_not_decided_forbids_provider_model_and_fallbacks(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    replace_once(
        example / RECORD, "- `decision_status`: `local_provider_required`.", "- `decision_status`: `not_decided`."
    )
    exit_code, report, _ = run_json(capsys, "--select", FAMILIES, RECORD)
    assert exit_code == 1
    errors = {(c, n) for c, n, s in findings(report) if s == "error"}
    assert errors == {("SOT204", 16), ("SOT204", 17), ("SOT204", 18), ("SOT204", 19)}


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Previous state:\n- `decision_status`: `not_decided`.", "Previous state:\n- `decision_status`: `bogus`."),
        ("Previous state:\n- `decision_status`: `not_decided`.\n", "Previous state:\n"),
        ("Previous state:\n", "Previous state:\n- `provider`: `other`.\n- `provider`: `again`.\n"),
    ],
    ids=["invalid-status", "removed", "duplicates"],
)
def test_decision_history_is_history_not_state(
    example: Path, capsys: pytest.CaptureFixture[str], old: str, new: str
) -> None:
    before = run_json(capsys, RECORD)[1]["findings"]
    replace_once(example / RECORD, old, new)
    after = run_json(capsys, RECORD)[1]["findings"]
    shift = new.count("\n") - old.count("\n")
    assert [(f["code"], f["line"] + (shift if f["line"] > 31 else 0)) for f in before] == [
        (f["code"], f["line"]) for f in after
    ]


def _variant(example: Path, transform: bytes) -> None:
    record = example / RECORD
    record.write_bytes(transform)


def test_crlf_and_bom_change_no_finding(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    record = example / RECORD
    original = record.read_bytes()
    replace_once(record, "status: draft", "status: approved")
    mutated = record.read_bytes()
    expected = run_json(capsys, RECORD)[1]["findings"]
    for variant in (
        mutated.replace(b"\n", b"\r\n"),
        b"\xef\xbb\xbf" + mutated,
        b"\xef\xbb\xbf" + mutated.replace(b"\n", b"\r\n"),
    ):
        record.write_bytes(variant)
        assert run_json(capsys, RECORD)[1]["findings"] == expected
    record.write_bytes(original)


def test_blank_lines_shift_lines_only_by_what_was_added(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    record = example / RECORD
    replace_once(record, "status: draft", "status: approved")
    replace_once(record, "- `model`: `qwen3.6-35b-a3b`.\n", "")  # SOT203 at the section heading
    before = {(f["code"], f["line"]) for f in run_json(capsys, RECORD)[1]["findings"]}
    replace_once(record, "## Current Decision State\n", "\n\n## Current Decision State\n\n")
    after = {(f["code"], f["line"]) for f in run_json(capsys, RECORD)[1]["findings"]}
    assert ("SOT102", 3) in before and ("SOT102", 3) in after
    assert ("SOT203", 13) in before and ("SOT203", 15) in after
    assert ("SOT107", 7) in after


def test_quoted_dates_are_dates_too(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    replace_once(example / RECORD, "created: 2026-05-31", 'created: "2026-05-31"')
    replace_once(example / RECORD, "last_reviewed: 2026-05-31", "last_reviewed: '2026-06-01'")
    code, report, _ = run_json(capsys, "--select", FAMILIES, RECORD)
    assert code == 0 and findings(report) == set()


def test_admission_json_alone_has_no_record_findings(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, report, _ = run_json(capsys, "--select", FAMILIES, ADMISSION)
    assert code == 0 and report["findings"] == []


def test_every_rule_is_documented_and_registered_under_its_own_code() -> None:
    for code, rule in RULES.items():
        assert rule.META.code == code
        assert rule.META.name == rule.META.name.lower() and " " not in rule.META.name
        doc = inspect.getdoc(rule) or ""
        for part in ("Why:", "Bad:", "Good:", "Fix:"):
            assert part in doc, (code, part)


def test_rule_command_prints_the_rationale(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rule", "sot107"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("SOT107 stale-review (warning)") and "Fix:" in out
    assert main(["rule", "SOT999"]) == 2
    assert capsys.readouterr().err.count("\n") == 1
