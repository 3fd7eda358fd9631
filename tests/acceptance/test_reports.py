"""Report formats: SARIF against the official schema, GitHub annotations, JUnit XML, README sync."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import ADMISSION, RECORD, SARIF_SCHEMA, SHARED_SARIF_SCHEMA, copy_example, git, insert_line, replace_once

from sot_lint.cli import main
from sot_lint.finding import Finding, Result, Severity
from sot_lint.report import github, json_format
from sot_lint.rules import RULES
from sot_lint.rules.catalog import rule_table

PROJECT = Path(__file__).resolve().parents[2]


@pytest.fixture
def every_family(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A committed example, then one mutation per rule family (run with --base HEAD)."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    copy_example(root)
    git(root, "add", "-A")
    git(root, "commit", "-qm", "base")
    record = root / RECORD
    replace_once(record, "status: draft", "status: approved")  # SOT102
    replace_once(record, "- `model`: `qwen3.6-35b-a3b`.", "- `model`: `qwen3.7-72b`.")  # SOT401, SOT503
    replace_once(record, "- `fallback_model`: `gpt-5.5`.\n", "")  # SOT205
    insert_line(record, 64, "- Old lab host 10.9." + "8.7, ratio 50%, a, b: c.")  # SOT303, escaping
    (root / ".sot" / "03-PROTOCOLS" / "broken.json").write_text("{oops", "utf-8")  # SOT004
    monkeypatch.chdir(root)
    return root


def test_sarif_with_every_family_validates_against_the_official_schema(
    every_family: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--no-cache", "--base", "HEAD", "--format", "sarif"]) == 1
    log = json.loads(capsys.readouterr().out)
    schema = json.loads(SARIF_SCHEMA.read_text("utf-8"))
    jsonschema.validators.validator_for(schema)(schema).validate(log)
    run = log["runs"][0]
    families = {result["ruleId"][:4] for result in run["results"]}
    assert families == {"SOT0", "SOT1", "SOT2", "SOT3", "SOT4", "SOT5"}
    assert [rule["id"] for rule in run["tool"]["driver"]["rules"]] == list(RULES)
    for result in run["results"]:
        location = result["locations"][0]["physicalLocation"]
        assert not location["artifactLocation"]["uri"].startswith(("/", "file:"))
        assert result["partialFingerprints"]
        assert result["level"] in ("error", "warning")


def test_sarif_uris_are_relative_to_the_repository_root(
    every_family: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(every_family / ".sot")
    main(["check", "--no-cache", "--format", "sarif", "."])
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in json.loads(capsys.readouterr().out)["runs"][0]["results"]
    }
    assert RECORD in uris


def test_github_annotations_escape_their_properties_and_data() -> None:
    finding = Finding("dir/a,b:c.md", 3, 5, 3, "SOT303", "ip-address", Severity.ERROR, "50% done\r\nnext")
    warning = finding._replace(severity=Severity.WARNING)
    lines: list[str] = []

    class Sink:
        def write(self, text: str) -> None:
            lines.append(text)

    github.report(Result((finding, warning), ("dir/a,b:c.md",)), Sink(), False)  # type: ignore[arg-type]
    assert lines[0] == "::error file=dir/a%2Cb%3Ac.md,line=3,col=5,endLine=3,title=SOT303::50%25 done%0D%0Anext\n"
    assert lines[1].startswith("::warning file=")


def test_github_format_is_chosen_in_github_actions(
    every_family: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert main(["check", "--no-cache"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out and all(
        re.match(r"::(error|warning) file=[^,]+,line=\d+,col=\d+,endLine=\d+,title=SOT\d{3}::", line) for line in out
    )


def test_junit_is_valid_xml_with_one_case_per_file(every_family: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--no-cache", "--format", "junit"]) == 1
    root = ET.fromstring(capsys.readouterr().out)
    cases = root.findall("./testsuite/testcase")
    assert {case.get("name") for case in cases} == {RECORD, ADMISSION, ".sot/03-PROTOCOLS/broken.json"}
    failures = [f for case in cases for f in case.findall("failure")]
    assert int(root.get("failures", "0")) == sum(1 for case in cases if case.findall("failure"))
    assert any("SOT004" in (f.get("type") or "") for f in failures)


def test_output_file_and_statistics(every_family: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    assert main(["check", "--no-cache", "--format", "json", "--output", str(target), "--statistics"]) == 1
    report = json.loads(target.read_text("utf-8"))
    err = capsys.readouterr().err
    for code in {f["code"] for f in report["findings"]}:
        assert code in err


def test_exit_zero_and_fail_on(every_family: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--no-cache", "--exit-zero"]) == 0
    capsys.readouterr()
    copy_example(every_family / "clean")
    assert main(["check", "--no-cache", "clean"]) == 0
    assert main(["check", "--no-cache", "--fail-on", "warning", "clean"]) == 1


def test_readme_rule_catalog_matches_the_code() -> None:
    readme = (PROJECT / "README.md").read_text("utf-8")
    block = re.search(r"<!-- rules:start -->\n(.*?)<!-- rules:end -->", readme, re.S)
    assert block is not None, "README lacks the generated rule catalog"
    assert block.group(1) == rule_table()


def test_readme_first_commands_are_the_ones_ci_runs() -> None:
    readme = (PROJECT / "README.md").read_text("utf-8").splitlines()
    fence = readme.index("```sh")
    install_and_run, run_tests = readme[fence + 1], readme[fence + 2]
    assert "sot-lint check" in install_and_run and "pip install" in install_and_run
    test_command = run_tests.split("&&")[-1].strip()
    assert test_command in (PROJECT / ".ci" / "run").read_text("utf-8")


@pytest.mark.skipif(not SHARED_SARIF_SCHEMA.exists(), reason="../shared is not beside this checkout")
def test_vendored_sarif_schema_is_the_contracts_copy() -> None:
    assert SARIF_SCHEMA.read_bytes() == SHARED_SARIF_SCHEMA.read_bytes()


@settings(max_examples=300, deadline=None)
@given(
    st.text(max_size=30),
    st.integers(min_value=1, max_value=10**9),
    st.integers(min_value=1, max_value=10**6),
    st.text(max_size=60),
    st.sampled_from(list(Severity)),
)
def test_json_report_lines_are_exactly_what_json_dumps_writes(
    path: str, line: int, column: int, message: str, severity: Severity
) -> None:
    finding = Finding(path, line, column, line, "SOT302", "endpoint", severity, message)
    twin = finding._replace(line=line + 1, message=message[::-1])  # its path, code... come from the memo
    for written, original in zip(json_format._lines((finding, twin)), (finding, twin), strict=True):
        assert json.loads(written) == json.loads(json.dumps(original._asdict()))
        assert written == json.dumps(original._asdict())
