"""SPEC §8 through the CLI: severities by class, the settings, names and values together.

Fake values are assembled at run time; no file of this repository holds one whole.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support import RECORD, copy_example, insert_line, run_json

from sot_lint.cli import main

STATE_LINE = 25  # inserting after it lands on line 26, inside Current Decision State


@pytest.fixture
def example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    copy_example(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _at(report: dict[str, object], line: int) -> list[tuple[str, str]]:
    findings = report["findings"]
    assert isinstance(findings, list)
    return sorted((f["code"], f["severity"]) for f in findings if f["line"] == line and f["path"] == RECORD)


def _config(example: Path, text: str) -> None:
    (example / ".sot-lint.toml").write_text(text, "utf-8")


def test_public_web_links_are_not_findings(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    insert_line(example / RECORD, STATE_LINE, "- See https://github.com/adr/madr and https://example.org/x.")
    code, report, _ = run_json(capsys, "--select", "SOT3")
    assert code == 0 and _at(report, 26) == []


@pytest.mark.parametrize(
    ("setting", "exit_code", "expected"),
    [
        ("off", 0, []),
        ("endpoints", 0, [("SOT302", "warning")]),
        ("all", 0, [("SOT302", "warning"), ("SOT302", "warning")]),
        ("error", 1, [("SOT302", "error"), ("SOT302", "error")]),
    ],
)
def test_public_urls_setting(
    example: Path, capsys: pytest.CaptureFixture[str], setting: str, exit_code: int, expected: list[tuple[str, str]]
) -> None:
    _config(example, f'[leaks]\npublic-urls = "{setting}"\n')
    line = "- Docs https://www.acme" + ".io/guide; API https://api.acme" + ".io:8443/v1."
    insert_line(example / RECORD, STATE_LINE, line)
    code, report, _ = run_json(capsys, "--select", "SOT3")
    assert (code, _at(report, 26)) == (exit_code, expected)
    assert "api.acme" not in json.dumps(report)


def test_a_bad_public_urls_value_is_one_error_line(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _config(example, '[leaks]\npublic-urls = "sometimes"\n')
    assert main(["check", "--no-cache"]) == 2
    err = capsys.readouterr().err
    assert "public-urls" in err and len(err.strip().splitlines()) == 1


def test_internal_domains_make_a_public_looking_host_an_error(
    example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    host = "gpu-node-07.acme-" + "infra.io"
    insert_line(example / RECORD, STATE_LINE, f"- vLLM runs on {host} now.")
    assert run_json(capsys, "--select", "SOT3")[0] == 0
    _config(example, '[leaks]\ninternal-domains = ["acme-infra.io"]\n')
    code, report, _ = run_json(capsys, "--select", "SOT3")
    assert (code, _at(report, 26)) == (1, [("SOT304", "error")])
    assert host not in json.dumps(report)


@pytest.mark.parametrize(
    "line",
    [
        "- `password`: `admin`.",
        "- `db_pass`: `hunter2`.",
        "- `pwd`: `letmein`.",
        "- `passphrase`: `correct horse`.",
        "- `creds`: `s3cr3t<>x`.",
        "- `auth`: `Zq81vLw0`.",
        "- `access_key`: `Zq81vLw0Pk`.",
        "- `service_api_key`: `Zq81vLw0Pk`.",
    ],
)
def test_any_value_under_a_password_like_field_is_a_secret(
    example: Path, capsys: pytest.CaptureFixture[str], line: str
) -> None:
    insert_line(example / RECORD, STATE_LINE, line)
    code, report, _ = run_json(capsys, "--select", "SOT3")
    assert (code, _at(report, 26)) == (1, [("SOT301", "error")])
    value = line.split("`")[3]
    assert value not in json.dumps(report)


@pytest.mark.parametrize(
    "line",
    [
        "- `password`: `<from the vault>`.",
        "- `api_token`: `${API_TOKEN}`.",
        "- `glc_token`: `glc_" + "x" * 32 + "`.",
        "- `slack_token`: `xoxb-" + "xxx`.",
        "- `google_key`: `AIza" + "a" * 35 + "`.",
        "- `client_secret`: `" + "~" * 40 + "`.",
        "- `sumo_access_key`: `{SumoAccessKey}`.",
        "- `token`: `changeme`.",
        "- `credential_source_class`: `pi-models-json-local-provider-no-secret`.",
        "- `api_key_env`: `OPENAI_API_KEY`.",
    ],
)
def test_placeholders_and_class_fields_are_not_secrets(
    example: Path, capsys: pytest.CaptureFixture[str], line: str
) -> None:
    insert_line(example / RECORD, STATE_LINE, line)
    code, report, _ = run_json(capsys, "--select", "SOT3")
    assert (code, _at(report, 26)) == (0, [])


@pytest.mark.parametrize(
    "body",
    [
        "password: P4ssw0rdXyz",
        "DB_PASS=Zq81vLw0Pk",
        "openai_api_key=Zq81vLw0PkRt",
        'curl -H "Authorization: Bearer Zq81vLw0PkRt5sYu" https://api.acme.io/v1',
        "curl -u deploy:Zq81vLw0Pk https://ci.acme.io/",
        "admin_hash: $2b$12$" + "Zq81vLw0PkRt5sYu2eXa1O" + "9sDf8gHj7kLz6xCv5bNm4QwEr3tYu2i",
        "root:$6$" + "Zq81vLw0" + "$" + "a1B2c3D4" * 10 + "a1B2c3",
        "  .dockerconfigjson: " + "eyJhdXRocyI6e30K" + "eyJhdXRocyI6e30K",
        "  password: " + "UyFCXCpkJHpEc2I9",
    ],
)
def test_body_assignments_headers_hashes_and_secret_data_in_fences(
    example: Path, capsys: pytest.CaptureFixture[str], body: str
) -> None:
    insert_line(example / RECORD, 65, f"```\n{body}\n```")
    code, report, _ = run_json(capsys, "--select", "SOT301")
    assert code == 1 and ("SOT301", "error") in _at(report, 67)


@pytest.mark.parametrize(
    "body", ["password: P4ssw0rdXyz", "DB_PASS=Zq81vLw0Pk", "openai_api_key=Zq81vLw0PkRt", "pass = Zq81vLw0Pk"]
)
def test_body_assignments_outside_fences(example: Path, capsys: pytest.CaptureFixture[str], body: str) -> None:
    insert_line(example / RECORD, 65, body)
    code, report, _ = run_json(capsys, "--select", "SOT301")
    assert code == 1 and _at(report, 66) == [("SOT301", "error")]
    assert body.rsplit("=", maxsplit=1)[-1].rsplit(": ", maxsplit=1)[-1].strip() not in json.dumps(report)


def test_a_named_token_field_yields_one_finding(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    token = "ghp_" + "Ab3dE6gH9jK2mN5pQ8sT1vW4yZ7bC0eF3hJ6"
    insert_line(example / RECORD, STATE_LINE, f"- `token`: `{token}`.")
    _, report, _ = run_json(capsys, "--select", "SOT3")
    assert _at(report, 26) == [("SOT301", "error")]


def test_the_bundled_example_keeps_its_six_warnings(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, report, _ = run_json(capsys)
    assert code == 0
    assert sorted((f["code"], f["line"]) for f in report["findings"]) == [
        ("SOT107", 7),
        ("SOT306", 24),
        ("SOT306", 24),
        ("SOT406", 24),
        ("SOT406", 24),
        ("SOT406", 24),
    ]
