"""Never leak, never crash: one regression test per hole a hostile tester found (issue 13).

Each value is built at run time from parts, so no file here holds one whole.
"""

from __future__ import annotations

import functools
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support import ADMISSION, RECORD, codes_at, copy_example, git, insert_line, replace_once, run_json

from sot_lint.cli import main
from sot_lint.finding import Result
from sot_lint.parse import admission, document, minischema
from sot_lint.report import REPORTERS
from sot_lint.rules.base import parse_date

FORMATS = ("text", "json", "sarif", "github", "junit")
TOKEN_BODY = "Ab3dE6gH9jK2mN5pQ8sT1vW4yZ7bC0eF3hJ6"
GITHUB_TOKEN = "ghp_" + TOKEN_BODY
AWS_KEY = "AKIA" + "QZMHWBXTRVKPLDNJ"
HOST = "llm.corp." + "internal"
WORD_VALUE = "quietly" + "guardedvalue"  # a plain word: only the redactor can tell it is a value


@pytest.fixture
def example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    copy_example(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _all_output(capsys: pytest.CaptureFixture[str], *argv: str, cache: bool = False) -> tuple[set[int], str]:
    """Exit codes and everything every format printed (stdout and stderr) for `check argv`."""
    codes, printed = set(), ""
    for output_format in FORMATS:
        extra = () if cache else ("--no-cache",)
        codes.add(main(["check", "--format", output_format, *extra, *argv]))
        captured = capsys.readouterr()
        printed += captured.out + captured.err
    return codes, printed


def _cache_text(root: Path) -> str:
    return "".join(p.read_bytes().decode("latin-1") for p in (root / ".sot-lint-cache").rglob("*") if p.is_file())


@functools.cache
def _boilerplate() -> str:
    """What sot-lint prints whatever the input: the SARIF rule catalog, with every rule's text."""
    stream = io.StringIO()
    REPORTERS["sarif"](Result((), ()), stream, False)
    return stream.getvalue()


def _windows(value: str, width: int = 8) -> set[str]:
    """The 8-character windows of `value` that sot-lint's own texts do not hold (`internal`)."""
    return {value[i : i + width] for i in range(len(value) - width + 1)} - {
        w for w in {value[i : i + width] for i in range(len(value) - width + 1)} if w in _boilerplate()
    }


def _absent(value: str, text: str) -> bool:
    """No 8-character window of `value` is in `text`."""
    return not any(window in text for window in _windows(value))


# --- 1. SOT003 quotes no decoded tag ----------------------------------------------------------


def test_item01_yaml_tag_is_neither_echoed_nor_cached_and_a_token_tag_is_a_secret(
    example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    replace_once(example / RECORD, "owner: jp\n", f"owner: jp\nnote: !<https://{HOST}/a%20b> x\n")
    (example / ".sot" / "tagged.md").write_text(f"---\ntitle: t\nnote: !ghp%5F{TOKEN_BODY} x\n---\n# t\n", "utf-8")
    codes, printed = _all_output(capsys, cache=True)
    assert codes == {1}
    assert "SOT003" in printed
    assert _absent(HOST, printed) and _absent(TOKEN_BODY, printed)
    assert _absent(HOST, _cache_text(example)) and _absent(TOKEN_BODY, _cache_text(example))
    _, report, _ = run_json(capsys, ".sot/tagged.md")
    assert ("SOT301", 3) in codes_at(report)


# --- 2. SOT403 prints no decoded JSON key -----------------------------------------------------


def test_item02_escaped_json_keys_are_found_and_never_printed(
    example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    aws_escaped = "AKIA\\u0051" + AWS_KEY[5:]
    token_escaped = "ghp\\u005f" + TOKEN_BODY
    replace_once(example / ADMISSION, '  "schema_version": 1,', f'  "{aws_escaped}": 1,\n  "{token_escaped}": 2,')
    codes, printed = _all_output(capsys)
    assert codes == {1} and "SOT403" in printed
    assert _absent(AWS_KEY, printed) and _absent(TOKEN_BODY, printed)
    _, report, _ = run_json(capsys, "--select", "SOT301")
    assert {("SOT301", 2), ("SOT301", 3)} <= codes_at(report, ADMISSION)


# --- 3. redaction does not depend on what is reported -----------------------------------------


@pytest.mark.parametrize(
    "config",
    [
        ["--select", "SOT4"],
        ["--ignore", "SOT3"],
        ["--config", "perfile.toml"],
        ["--baseline", ".secrets.baseline"],
    ],
    ids=["select", "ignore", "per-file-ignores", "baseline"],
)
def test_item03_selection_ignores_and_baselines_never_let_a_value_through(
    example: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, config: list[str]
) -> None:
    monkeypatch.setenv("SPARK_TOKEN", WORD_VALUE)
    (example / "perfile.toml").write_text('[per-file-ignores]\n"**/*.json" = ["SOT3"]\n', "utf-8")
    replace_once(
        example / ADMISSION,
        '  "schema_version": 1,',
        f'  "schema_version": 1,\n  "{WORD_VALUE}": 1,\n  "{AWS_KEY}": 2,',
    )
    baseline = subprocess.run(
        [str(Path(sys.executable).parent / "detect-secrets"), "scan", "--all-files", ".sot"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    (example / ".secrets.baseline").write_text(baseline, "utf-8")
    assert ADMISSION in json.loads(baseline)["results"]  # the baseline hides the key's secret
    _, printed = _all_output(capsys, *config)
    assert "SOT403" in printed  # the unknown key is reported...
    assert WORD_VALUE not in printed and _absent(AWS_KEY, printed)  # ...by its label only


def test_item03_a_suppressed_leak_is_still_redacted_from_other_messages(
    example: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SPARK_TOKEN", WORD_VALUE)
    replace_once(example / RECORD, "status: draft", f"status: {WORD_VALUE}")
    insert_line(example / RECORD, 2, "# sot-lint: disable-next-line SOT307")
    _, printed = _all_output(capsys)
    assert "SOT102" in printed and WORD_VALUE not in printed


# --- 4. --debug tracebacks are redacted, decoded forms included --------------------------------


def test_item04_debug_traceback_redacts_fullwidth_and_known_values(
    example: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    fullwidth = "http://gpunode77.acme.io\uff0f" + "v1"
    monkeypatch.setenv("CTO_HARNESS_CASE_LOCAL_BASE_URL", "http://" + WORD_VALUE + ".example.org:8000/v1")

    def explode(doc: object, config: object) -> list[object]:
        raise ValueError(f"netloc {fullwidth!r} on {WORD_VALUE}.example.org and {HOST.replace('.', chr(0xFF0E))}")

    from sot_lint.rules import DOCUMENT_RULES, sot101_missing_required_key

    monkeypatch.setattr(sot101_missing_required_key, "check", explode)
    monkeypatch.setitem(DOCUMENT_RULES, "SOT101", sot101_missing_required_key)
    assert main(["--debug", "check", "--no-cache"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" in err and "explode" in err
    assert "gpunode77" not in err and WORD_VALUE not in err and "corp" not in err


# --- 5. config errors echo no value ----------------------------------------------------------


@pytest.mark.parametrize(
    "toml",
    [
        '[leaks]\nallow-addresses = ["http://10.1.2.3:8080/v1"]\n',
        f'select = ["{GITHUB_TOKEN}"]\n',
        f'"{GITHUB_TOKEN}" = 1\n',
        f'[frontmatter.allowed]\n"{GITHUB_TOKEN}" = 5\n',
    ],
    ids=["allow-addresses", "select", "unknown-key", "table-key"],
)
def test_item05_config_errors_echo_no_value(example: Path, capsys: pytest.CaptureFixture[str], toml: str) -> None:
    (example / ".sot-lint.toml").write_text(toml, "utf-8")
    assert main(["check", "--no-cache"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "10.1.2.3" not in err and _absent(GITHUB_TOKEN, err)


# --- 6. file names are scanned; control characters never forge lines --------------------------


def test_item06_a_leak_in_a_file_name_is_a_finding_at_line_one(
    example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name = f".sot/notes-{GITHUB_TOKEN}.md"
    (example / name).write_text("---\ntitle: t\n---\n# t\n", "utf-8")
    (example / ".sot" / f"host-{HOST.replace('.', chr(0xFF0E))}.md").write_text("---\ntitle: t\n---\n# t\n", "utf-8")
    _, report, _ = run_json(capsys, "--select", "SOT3")
    assert ("SOT301", 1) in codes_at(report, name)
    assert any(f["code"] == "SOT304" and f["line"] == 1 and "host-" in f["path"] for f in report["findings"])
    assert all(_absent(GITHUB_TOKEN, f["message"]) for f in report["findings"])


@pytest.mark.parametrize("output_format", [f for f in FORMATS if f != "json"])
def test_item06_control_characters_in_paths_are_escaped(
    example: Path, capsys: pytest.CaptureFixture[str], output_format: str
) -> None:
    forged = "x.md:1:1: SOT000 forged"
    (example / ".sot" / f"evil\n{forged}\r\x1b[2J.md").write_text("no frontmatter\n", "utf-8")
    main(["check", "--no-cache", "--format", output_format])
    out = capsys.readouterr().out
    assert not any(line.startswith(forged) for line in out.splitlines())
    assert "\x1b" not in out and "\r" not in out
    assert any(escaped in out for escaped in ("evil\\x0a", "evil%0A", "evil\\\\x0a"))


def test_item06_json_escapes_control_characters(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (example / ".sot" / "evil\nx.md").write_text("no frontmatter\n", "utf-8")
    main(["check", "--no-cache", "--format", "json"])
    out = capsys.readouterr().out
    assert "evil\\nx.md" in out and "evil\nx" not in out


# --- 7. inputs that used to crash --------------------------------------------------------------


def test_item07_fullwidth_solidus_url_is_a_finding_not_a_crash(
    example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A public service endpoint (`/v1` once the solidus is read as NFKC gives it) is a warning by SPEC §8;
    # the same URL on a private host is an error.
    insert_line(example / RECORD, 65, "- Old endpoint http://gpunode77.acme.io\uff0f" + "v1 for tests.")
    insert_line(example / RECORD, 66, "- Old endpoint http://gpunode77.acme.internal\uff0f" + "v1 for tests.")
    exit_code, report, err = run_json(capsys)
    assert exit_code == 1 and err == ""
    found = {(f["line"], f["severity"]) for f in report["findings"] if f["code"].startswith("SOT30")}
    assert (66, "warning") in found and (67, "error") in found
    assert "gpunode77" not in json.dumps(report)


def test_item07_unclosed_ipv6_env_value_is_no_crash(
    example: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CTO_HARNESS_CASE_LOCAL_BASE_URL", "http://[fd00::1")
    insert_line(example / RECORD, 65, "- Endpoint was http://[fd00::1 once.")
    exit_code, report, err = run_json(capsys)
    assert exit_code == 1 and err == ""
    assert ("SOT307", 66) in codes_at(report, RECORD)


def test_item07_a_five_thousand_digit_number_is_sot004(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (example / ".sot" / "big.json").write_text('{"n": ' + "7" * 5000 + "}\n", "utf-8")
    exit_code, report, err = run_json(capsys, ".sot/big.json")
    assert exit_code == 1 and err == ""
    assert codes_at(report) == {("SOT004", 1)}


@pytest.mark.parametrize(
    ("name", "text", "status"),
    [
        ("pyproject.toml", "tool = 5\n", 0),
        (".sot-lint.toml", "max-file-size = 9223372036854775807\n", 2),
    ],
)
def test_item07_odd_config_values_are_no_crash(
    example: Path, capsys: pytest.CaptureFixture[str], name: str, text: str, status: int
) -> None:
    (example / name).write_text(text, "utf-8")
    assert main(["check", "--no-cache", "--quiet", "--select", "SOT1,SOT2,SOT4", "--ignore", "SOT107,SOT406"]) == status
    err = capsys.readouterr().err
    assert "internal error" not in err and "Traceback" not in err


def test_item07_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    command = f'"{sys.executable}" -m sot_lint rules | head -1 >/dev/null; exit ${{PIPESTATUS[0]}}'
    for _ in range(3):
        done = subprocess.run(["bash", "-c", command], cwd=tmp_path, capture_output=True, text=True, check=False)
        assert done.stderr == "" and done.returncode in (0, 141)


# --- 8. history cannot be spoofed, covers -diff files and merges -------------------------------


def test_item08_history_reads_what_no_content_can_spoof(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def commit(message: str) -> None:
        git(example, "add", "-A")
        git(example, "commit", "-qm", message)

    git(example, "init", "-q", "-b", "main")
    commit("example")
    insert_line(example / RECORD, 65, "++ b/x 10.41.0." + "7 looks like a header")
    insert_line(example / RECORD, 66, "@@ -1 +1 @@ and http://10.41.0." + "8:8000/v1")
    commit("spoof")
    (example / ".gitattributes").write_text("*.json -diff\n", "utf-8")
    replace_once(example / ADMISSION, '"schema_version": 1,', '"schema_version": 1, "note": "10.41.0.' + '9:8000",')
    commit("binary")
    git(example, "checkout", "-qb", "side")
    insert_line(example / RECORD, 3, "side: one")
    commit("side")
    git(example, "checkout", "-q", "main")
    insert_line(example / RECORD, 100, "- main line")
    commit("main")
    git(example, "merge", "-q", "--no-commit", "side")
    insert_line(example / RECORD, 40, "- merged on gpu7.tail" + "4242.ts.net")
    commit("merge")
    assert main(["history", "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    lines = {(f["path"], f["line"]) for f in report["findings"]}
    assert {(RECORD, 66), (RECORD, 67), (ADMISSION, 2), (RECORD, 41)} <= lines
    merge = git(example, "rev-parse", "HEAD")[:12]
    assert any(merge in f["message"] and f["line"] == 41 for f in report["findings"])
    assert "10.41.0" not in json.dumps(report)


# --- 9. encoded forms are decoded before they are scanned --------------------------------------


ENCODED = [
    ("html-entity", f"- See {HOST.replace('.', '&#46;')} for it.", "SOT304"),
    ("markdown-escape", "- See https\\://" + HOST.replace(".", "\\.") + "/api for it.", "SOT302"),
    ("fullwidth-dot", f"- See {HOST.replace('.', chr(0xFF0E))} for it.", "SOT304"),
    ("zero-width", f"- Key gh\u200bp_{TOKEN_BODY} here.", "SOT301"),
    ("soft-hyphen", f"- Key {AWS_KEY[:6]}\u00ad{AWS_KEY[6:]} here.", "SOT301"),
]


@pytest.mark.parametrize(("name", "line", "code"), ENCODED, ids=[e[0] for e in ENCODED])
def test_item09_encoded_forms_in_markdown_are_found_at_their_line(
    example: Path, capsys: pytest.CaptureFixture[str], name: str, line: str, code: str
) -> None:
    insert_line(example / RECORD, 65, line)
    exit_code, report, _ = run_json(capsys, "--select", "SOT3")
    assert exit_code == 1 and (code, 66) in codes_at(report, RECORD)


def test_item09_yaml_escapes_and_multi_line_scalars_are_decoded(
    example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    escaped = HOST.replace(".", "\\x2e")
    split = f"see https://{HOST}/v1".replace("https://", "https:/\\\n  /")
    replace_once(example / RECORD, "owner: jp\n", f'owner: jp\nhost: "{escaped}"\nwhere: "{split}"\n')
    _, report, _ = run_json(capsys, "--select", "SOT3")
    found = codes_at(report, RECORD)
    assert ("SOT304", 6) in found
    assert any(line == 7 and code in ("SOT302", "SOT304") for code, line in found)


def test_item09_json_escapes_are_decoded(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = ("https://" + HOST + "/v1").replace("/", "\\/").replace(".", "\\u002e")
    replace_once(
        example / ADMISSION, '"approval_source": "JP chat approval on 2026-05-31"', f'"approval_source": "{url}"'
    )
    _, report, _ = run_json(capsys, "--select", "SOT3")
    assert any(line == 10 for _, line in codes_at(report, ADMISSION))


# --- 11. linear time on hostile sizes -----------------------------------------------------------


def test_item11_unique_items_is_linear_and_agrees_with_jsonschema() -> None:
    import jsonschema

    schema = {"type": "array", "uniqueItems": True}
    for items in ([1, 1.0], [True, 1], [{"a": [1]}, {"a": [1.0]}], [[1, 2], [2, 1]], ["a", "b"], [None, False, 0]):
        assert bool(list(minischema.validate(items, schema, schema))) == (
            not jsonschema.Draft202012Validator(schema).is_valid(items)
        )
    names = [f"CTO_VARIABLE_{n:06d}" for n in range(40_000)]
    started = time.monotonic()
    assert admission.schema_errors({"runtime_env": names}, None)
    assert time.monotonic() - started < 5  # was 104 s with the pairwise comparison


def test_item11_a_long_emphasis_run_parses_quickly() -> None:
    text = "---\ntitle: x\n---\n# x\n- " + "*a" * 450_000 + "\n- `key`: `value`.\n"
    started = time.monotonic()
    doc = document.parse("x.md", "markdown", text.encode(), 10**7)
    assert time.monotonic() - started < 5  # was 14.6 s at 900 KB
    assert [f.key for f in doc.fields] == ["key"]


# --- 14. YAML timestamps with a spaced zone are dates ------------------------------------------


def test_item14_a_timestamp_with_fraction_and_spaced_zone_is_a_valid_date(
    example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert parse_date("2026-05-31 10:00:00.5 -05:00") == parse_date("2026-05-31")
    assert parse_date("2026-05-31 10:00") is None
    replace_once(example / RECORD, "last_reviewed: 2026-05-31", "last_reviewed: 2026-05-31 10:00:00.5 -05:00")
    _, report, _ = run_json(capsys, "--select", "SOT103")
    assert report["findings"] == []


@pytest.fixture(autouse=True)
def _no_ambient_values(monkeypatch: pytest.MonkeyPatch) -> None:
    """The developer's own sensitive variables must not change what these tests see."""
    for name in list(os.environ):
        if name.endswith(("_BASE_URL", "_ENDPOINT", "_HOST", "_TOKEN", "_KEY", "_SECRET", "_PASSWORD")):
            monkeypatch.delenv(name, raising=False)


def test_item06_an_error_line_naming_a_path_is_escaped_and_redacted(
    example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", f"no\nsuch-{GITHUB_TOKEN}.md"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no\\x0asuch-" in err and _absent(GITHUB_TOKEN, err)
