"""SOT3xx: planted secrets and endpoints are found at their line and never printed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support import ADMISSION, RECORD, codes_at, copy_example, insert_line, replace_once, run_json

from sot_lint.cli import main

# Fake values, assembled at run time so no file of this repository holds one whole.
AWS_KEY = "AKIA" + "Q3MXV7PLRT2GK5WN"
GITHUB_TOKEN = "ghp_" + "Ab3dE6gH9jK2mN5pQ8sT1vW4yZ7bC0eF3hJ6"
PASSWORD = "Xy7#kq2" + "!Lm9zR"
FIELD_TOKEN = "s3cr3t-" + "Vq81Zt0Lw"
URL = "https://gpu-node-07.acme-" + "infra.io:8443/v1"
PRIVATE_IP = "10.23." + "4.56"
TAILNET_IP = "100.96." + "17.42"
ULA = "fd7a:115c:" + "a1e0::7"
TAILNET_HOST = "gpu3.tail" + "5678.ts.net"
ENDPOINT_VALUE = "http://spark9" + ":8123/v1"
HOME_PATH = "/home/" + "alice/notes.md"

# (planted line, code expected, value that must never be printed)
PLANTS = [
    (f"- Rotated key id {AWS_KEY} yesterday.", "SOT301", AWS_KEY),
    (f"- `api_token`: `{GITHUB_TOKEN}`.", "SOT301", GITHUB_TOKEN),
    (f'password = "{PASSWORD}"', "SOT301", PASSWORD),
    (f"- `access_token`: `{FIELD_TOKEN}`.", "SOT301", FIELD_TOKEN),
    (f"- The runtime calls {URL} for inference.", "SOT302", URL),
    (f"- The old host was {PRIVATE_IP} on the LAN.", "SOT303", PRIVATE_IP),
    (f"- Spark answers on {TAILNET_IP}.", "SOT303", TAILNET_IP),
    (f"- Its IPv6 address is {ULA}.", "SOT303", ULA),
    (f"- vLLM runs on {TAILNET_HOST} now.", "SOT304", TAILNET_HOST),
    (f"export CTO_HARNESS_CASE_LOCAL_BASE_URL={ENDPOINT_VALUE}", "SOT305", ENDPOINT_VALUE),
    (f"- Draft notes are in {HOME_PATH} for now.", "SOT306", HOME_PATH),
]
# SPEC §8: a public service endpoint (explicit port, API path) and a local path are warnings.
WARNED = {URL, HOME_PATH}
FORMATS = ("text", "json", "sarif", "github", "junit")


@pytest.fixture
def example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    copy_example(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_example_has_only_the_local_path_warnings(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, report, _ = run_json(capsys, "--select", "SOT3")
    assert code == 0
    assert sorted((f["code"], f["line"], f["severity"]) for f in report["findings"]) == [
        ("SOT306", 24, "warning"),
        ("SOT306", 24, "warning"),
    ]


@pytest.mark.parametrize(("planted", "code", "value"), PLANTS, ids=[p[1] + "-" + p[0][:24] for p in PLANTS])
def test_planted_leak_in_record_is_found_at_its_line_and_redacted(
    example: Path, capsys: pytest.CaptureFixture[str], planted: str, code: str, value: str
) -> None:
    insert_line(example / RECORD, 25, planted)  # becomes line 26, inside Current Decision State
    exit_code, report, err = run_json(capsys, "--select", "SOT3")
    assert (code, 26) in codes_at(report, RECORD)
    if value not in WARNED:
        assert exit_code == 1
    assert value not in json.dumps(report) and value not in err
    leaked = [f for f in report["findings"] if f["line"] == 26]
    assert all("[redacted " in f["message"] for f in leaked)


@pytest.mark.parametrize("output_format", FORMATS)
def test_no_format_prints_a_planted_value(
    example: Path, capsys: pytest.CaptureFixture[str], output_format: str
) -> None:
    for offset, (planted, _, _) in enumerate(PLANTS):
        insert_line(example / RECORD, 25 + offset, planted)
    exit_code = main(["check", "--no-cache", "--format", output_format])
    captured = capsys.readouterr()
    assert exit_code == 1
    assert "[redacted" in captured.out
    for _, _, value in PLANTS:
        assert value not in captured.out
        assert value not in captured.err


def test_public_service_endpoint_is_a_warning_at_its_line(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    insert_line(example / RECORD, 25, f"- The runtime calls {URL} for inference.")
    exit_code, report, _ = run_json(capsys, "--select", "SOT3")
    assert exit_code == 0
    assert [(f["code"], f["severity"]) for f in report["findings"] if f["line"] == 26] == [("SOT302", "warning")]
    assert URL not in json.dumps(report)


def test_public_endpoint_in_admission_json_is_a_warning_at_its_line(
    example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    replace_once(
        example / ADMISSION, '"approval_source": "JP chat approval on 2026-05-31"', f'"approval_source": "{URL}"'
    )
    exit_code, report, _ = run_json(capsys, "--select", "SOT3")
    assert exit_code == 0
    assert [(f["code"], f["severity"]) for f in report["findings"] if f["line"] == 10] == [("SOT302", "warning")]
    assert URL not in json.dumps(report)


def test_private_endpoint_in_admission_json_is_an_error_at_its_line(
    example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    replace_once(
        example / ADMISSION,
        '"approval_source": "JP chat approval on 2026-05-31"',
        f'"approval_source": "{ENDPOINT_VALUE}"',
    )
    exit_code, report, _ = run_json(capsys, "--select", "SOT3")
    assert exit_code == 1
    assert ("SOT302", 10) in codes_at(report, ADMISSION)
    assert ENDPOINT_VALUE not in json.dumps(report)


def test_secret_in_frontmatter_is_found(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    replace_once(example / RECORD, "owner: jp\n", f"owner: jp\napi_key: {FIELD_TOKEN}\n")
    _, report, _ = run_json(capsys, "--select", "SOT301")
    assert ("SOT301", 6) in codes_at(report, RECORD)


def test_secret_in_fenced_code_is_found(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    insert_line(example / RECORD, 65, f"```\naws_access_key_id = {AWS_KEY}\n```")
    _, report, _ = run_json(capsys, "--select", "SOT301")
    assert ("SOT301", 67) in codes_at(report, RECORD)


def test_same_secret_on_two_lines_is_reported_twice(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    insert_line(example / RECORD, 25, f"- Key {AWS_KEY} was rotated.")
    insert_line(example / RECORD, 26, f"- Key {AWS_KEY} is still cached.")
    _, report, _ = run_json(capsys, "--select", "SOT301")
    assert {("SOT301", 26), ("SOT301", 27)} <= codes_at(report, RECORD)


def test_same_value_gets_the_same_label_and_different_values_differ(
    example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    insert_line(example / RECORD, 25, f"- Old host {PRIVATE_IP}.")
    insert_line(example / RECORD, 26, f"- Same host {PRIVATE_IP}.")
    insert_line(example / RECORD, 27, f"- Other host {TAILNET_IP}.")
    _, report, _ = run_json(capsys, "--select", "SOT303")
    messages = [f["message"] for f in sorted(report["findings"], key=lambda f: f["line"])]
    assert messages[0] == messages[1] != messages[2]


def test_naming_a_sensitive_variable_is_not_a_leak(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    insert_line(example / RECORD, 65, "- Set `CTO_HARNESS_CASE_LOCAL_BASE_URL` before the run; never write its value.")
    code, report, _ = run_json(capsys, "--select", "SOT302,SOT303,SOT304,SOT305")
    assert code == 0 and report["findings"] == []


@pytest.mark.parametrize(
    "harmless",
    [
        "- Model `qwen3.6-35b-a3b` replaces `gpt-5.5`.",
        "- Built with Python 3.11.7 on 2026.11.25, see section 2.1.3.",
        "- Hermes commit `5db23c7` fixed it.",
        "- Network class `local-tailscale-vllm-spark1-plus-codex-oauth-fallback`.",
        "- Meeting at 10:30, ratio 16:9.",
    ],
)
def test_version_strings_and_class_names_are_not_leaks(
    example: Path, capsys: pytest.CaptureFixture[str], harmless: str
) -> None:
    insert_line(example / RECORD, 65, harmless)
    code, report, _ = run_json(capsys, "--select", "SOT3", "--ignore", "SOT306")
    assert code == 0 and report["findings"] == []


def test_disable_next_line_silences_exactly_the_named_code(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    insert_line(example / RECORD, 25, "<!-- sot-lint: disable-next-line SOT303 -->")
    insert_line(example / RECORD, 26, f"- Host {PRIVATE_IP} and {TAILNET_HOST}.")
    _, report, _ = run_json(capsys, "--select", "SOT3,SOT009")
    found = codes_at(report, RECORD)
    assert ("SOT303", 27) not in found
    assert ("SOT304", 27) in found
    assert ("SOT009", 26) not in found


def test_detect_secrets_pragma_silences_the_secret_only(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    insert_line(example / RECORD, 25, f"- Key {AWS_KEY} on {PRIVATE_IP} <!-- pragma: allowlist secret -->")
    _, report, _ = run_json(capsys, "--select", "SOT3")
    found = codes_at(report, RECORD)
    assert ("SOT301", 26) not in found
    assert ("SOT303", 26) in found


def test_detect_secrets_nextline_pragma_works_in_markdown(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    insert_line(example / RECORD, 25, "<!-- pragma: allowlist nextline secret -->")
    insert_line(example / RECORD, 26, f"- Key {AWS_KEY}.")
    _, report, _ = run_json(capsys, "--select", "SOT301")
    assert report["findings"] == []


def test_allowlisted_host_and_address_are_not_reported(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (example / ".sot-lint.toml").write_text(
        '[leaks]\nallow-hosts = ["*.acme-infra.io"]\nallow-addresses = ["10.0.0.0/8"]\n', "utf-8"
    )
    insert_line(example / RECORD, 25, f"- Docs at {URL}, lab at {PRIVATE_IP}.")
    _, report, _ = run_json(capsys, "--select", "SOT302,SOT303")
    assert report["findings"] == []
