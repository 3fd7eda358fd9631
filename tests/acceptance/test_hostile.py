"""Hostile and broken input: never a crash, a hang, a silent pass, a leak or a write."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import RECORD, copy_example, insert_line, run_json

import sot_lint
from sot_lint.cli import main
from sot_lint.finding import Finding, Result, Severity
from sot_lint.leaks import endpoints, screens
from sot_lint.parse import body, document, front
from sot_lint.parse.document import Kind
from sot_lint.report import REPORTERS

HEAD = "---\ntitle: x\n---\n# x\n"


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".sot").mkdir()
    (tmp_path / ".sot-lint.toml").write_text("max-file-size = 4000000\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _one(tree: Path, name: str, content: bytes, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict, str]:  # type: ignore[type-arg]
    (tree / ".sot" / name).write_bytes(content)
    return run_json(capsys, f".sot/{name}")


@pytest.mark.parametrize(
    ("name", "content", "code", "line"),
    [
        ("empty.md", b"", "SOT002", 1),
        ("nofront.md", b"# Title\n", "SOT002", 1),
        ("open.md", b"---\ntitle: x\n# never closed\n", "SOT002", 1),
        ("yaml.md", b"---\ntitle: [unclosed\nstatus: draft\n---\n", "SOT003", 3),
        ("list.md", b"---\n- a\n- b\n---\n", "SOT003", 2),
        ("deep.md", b"---\ntitle: " + b"[" * 5000 + b"]" * 5000 + b"\n---\n", "SOT003", 2),
        ("binary.md", b"---\x00\x01\x02", "SOT001", 1),
        ("latin1.md", b"---\ntitle: caf\xe9\n---\n", "SOT001", 2),
        ("utf16.md", "---\ntitle: x\n---\n".encode("utf-16"), "SOT001", 1),
        ("empty.json", b"", "SOT004", 1),
        ("deep.json", b"[" * 100000 + b"]" * 100000, "SOT004", 1),
        ("trailing.json", b'{\n  "a": 1,\n}\n', "SOT004", 3),
    ],
)
def test_broken_input_is_one_finding_at_its_line(
    tree: Path, capsys: pytest.CaptureFixture[str], name: str, content: bytes, code: str, line: int
) -> None:
    exit_code, report, err = _one(tree, name, content, capsys)
    assert exit_code == 1 and err == ""
    assert (code, line) in {(f["code"], f["line"]) for f in report["findings"]}


def test_file_over_the_size_limit_is_not_parsed(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tree / ".sot-lint.toml").write_text("max-file-size = 1000\n", "utf-8")
    exit_code, report, _ = _one(tree, "big.md", (HEAD + "x" * 5000).encode(), capsys)
    assert exit_code == 1
    assert [f["code"] for f in report["findings"]] == ["SOT005"]


def test_yaml_alias_bomb_is_bounded(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    levels = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        levels.append(f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]")
    content = "---\n" + "\n".join(levels) + "\ntitle: *i\nowner: *i\n---\n# x\n"
    started = time.monotonic()
    exit_code, report, err = _one(tree, "bomb.md", content.encode(), capsys)
    assert time.monotonic() - started < 10
    assert exit_code == 1 and err == ""
    assert report["findings"]


def test_bom_and_crlf_change_no_finding(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy_example(tree)
    plain = run_json(capsys, RECORD)[1]["findings"]
    record = tree / RECORD
    record.write_bytes(b"\xef\xbb\xbf" + record.read_bytes().replace(b"\n", b"\r\n"))
    assert run_json(capsys, RECORD)[1]["findings"] == plain


@pytest.mark.parametrize(
    "line",
    [
        "a" + " " * 300_000 + "b",
        'password = "' + "a" * 300_000,
        '"' + "A1b2" * 75_000 + '"',
        "a:" * 150_000,
        "1." * 150_000,
        "ab:" * 100_000,
        "- `" + "a`b" * 100_000,
        "/home/" * 50_000,
        "http://" + "a." * 100_000,
        "A_TOKEN=" * 40_000,
        "x.local." * 40_000,
        "[" * 100_000,
    ],
    ids=lambda line: repr(line[:12]),
)
def test_long_hostile_lines_finish_quickly(tree: Path, capsys: pytest.CaptureFixture[str], line: str) -> None:
    started = time.monotonic()
    exit_code, _, err = _one(tree, "hostile.md", (HEAD + line + "\n").encode(), capsys)
    assert time.monotonic() - started < 20
    assert exit_code in (0, 1) and err == ""


def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    """Every compiled regex at module level in sot_lint (the detectors and parsers)."""
    found = []
    package = Path(sot_lint.__file__).parent
    for path in sorted(package.rglob("*.py")):
        if path.name == "__main__.py":
            continue
        name = "sot_lint." + ".".join(path.relative_to(package).with_suffix("").parts).replace(".__init__", "")
        module = sys.modules.get(name) or __import__(name, fromlist=["_"])
        found += [(f"{name}.{attr}", value) for attr, value in vars(module).items() if isinstance(value, re.Pattern)]
    return found


ADVERSARIAL = ["a" * 100_000, " " * 100_000, "1." * 50_000, "a:" * 50_000, ":" * 100_000, "a-" * 50_000,
               "a." * 50_000, "/a" * 50_000, "`a" * 50_000, '"a' * 50_000, "-" * 100_000, "A_" * 50_000]  # fmt: skip


def test_every_regex_runs_in_linear_time_on_adversarial_lines() -> None:
    patterns = _patterns()
    assert len(patterns) > 20
    for name, pattern in patterns:
        if pattern.pattern in ("",) or isinstance(pattern.pattern, bytes):
            continue
        for text in ADVERSARIAL:
            started = time.monotonic()
            for _ in pattern.finditer(text):
                pass
            assert time.monotonic() - started < 2, (name, text[:10])


def test_a_fifo_is_not_opened(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    os.mkfifo(tree / ".sot" / "pipe.md")
    exit_code, report, _ = run_json(capsys, ".sot/pipe.md")
    assert exit_code == 1
    assert [(f["code"], "regular file" in f["message"]) for f in report["findings"]] == [("SOT001", True)]


def test_symlink_out_of_the_repository_is_not_followed(
    tree: Path, capsys: pytest.CaptureFixture[str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("outside") / "secret.md"
    outside.write_text(HEAD + "- key AKIA" + "Q3MXV7PLRT2GK5WN\n", "utf-8")
    (tree / ".sot" / "link.md").symlink_to(outside)
    exit_code, report, _ = run_json(capsys)
    assert exit_code == 1
    assert [f["code"] for f in report["findings"]] == ["SOT001"]
    assert "symlink" in report["findings"][0]["message"]


def test_paths_with_spaces_and_unicode(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tree / "équipe α" / ".sot" / "dossier 1"
    folder.mkdir(parents=True)
    (folder / "note été.md").write_text("no frontmatter\n", "utf-8")
    exit_code, report, _ = run_json(capsys)
    assert exit_code == 1
    assert report["findings"][0]["path"] == "équipe α/.sot/dossier 1/note été.md"


def test_missing_path_is_one_error_line(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "no/such.md"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no/such.md" in err and "Traceback" not in err


def test_lint_never_writes_to_linted_files(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy_example(tree)
    insert_line(tree / RECORD, 25, "- `decision_status`: `broken`.")
    files = sorted(p for p in (tree / ".sot").rglob("*") if p.is_file())
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in files}
    for output_format in REPORTERS:
        main(["check", "--format", output_format])
    main(["check", "--no-cache"])
    capsys.readouterr()
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in files} == before


def test_internal_error_is_one_line_and_debug_traceback_is_redacted(
    tree: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    copy_example(tree)
    secret = "AKIA" + "Q3MXV7PLRT2GK5WN"

    def explode(doc: object, config: object) -> list[Finding]:
        raise ValueError(f"boom near {secret} at 10.1.2.3")

    from sot_lint.rules import DOCUMENT_RULES, sot101_missing_required_key

    monkeypatch.setattr(sot101_missing_required_key, "check", explode)
    monkeypatch.setitem(DOCUMENT_RULES, "SOT101", sot101_missing_required_key)
    assert main(["check", "--no-cache"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "internal error (ValueError)" in err and "--debug" in err
    assert main(["--debug", "check", "--no-cache"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" in err and "explode" in err
    assert secret not in err and "10.1.2.3" not in err


def test_python_dash_m_runs(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "sot_lint", "--version"], capture_output=True, text=True, check=False)
    assert done.returncode == 0 and done.stdout.startswith("sot-lint ")


# --- properties -----------------------------------------------------------------------------

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PIECES = ["---", "title: x", "- `key`: `v`", "- `a`: `b`, `c`.", "# H", "## Current Decision State",
          "- k: plain; note", "```", "> q", "  - nested", "`", "- `x`:", "", "\r", "\ufeff"]  # fmt: skip
markdownish = st.lists(st.sampled_from(PIECES) | st.text(max_size=40), max_size=30).map("\n".join)
PLANTED = ["AKIA" + "Q3MXV7PLRT2GK5WN", "10.44.3.2", "gpu.tail99.ts.net", "/home/bob/x"]
PREFIXES = ["qwen", "gpt-", "Python ", "v", "llama"]


@FUZZ
@given(markdownish)
def test_parser_never_raises_and_lines_stay_in_range(text: str) -> None:
    doc = document.parse("f.md", "markdown", text.encode("utf-8", "surrogatepass"), 10**6)
    total = max(1, len(doc.lines))
    lines = [f.line for f in doc.fields] + [s.line for s in doc.sections] + [r.line for r in doc.references]
    assert all(1 <= line <= total for line in lines)
    assert all(1 <= p.line <= total for p in doc.problems)


@FUZZ
@given(st.binary(max_size=300))
def test_parser_never_raises_on_bytes(data: bytes) -> None:
    kinds: tuple[Kind, ...] = ("markdown", "json")
    for kind in kinds:
        document.parse("f", kind, data, 10**6)


@FUZZ
@given(markdownish)
def test_front_and_body_never_raise(text: str) -> None:
    lines = tuple(text.split("\n"))
    head = front.parse(lines)
    body.parse(lines, head.body_start)


@FUZZ
@given(st.text(max_size=200))
def test_detectors_never_raise_and_spans_are_exact(line: str) -> None:
    for hit in endpoints.scan_line(line):
        assert line[hit.start : hit.end] == hit.value
        assert list(screens.screened_lines([line], endpoints.Sensitive())) == [0]


# Pieces of what each detector family looks for, so generated lines often hold a finding.
DETECTOR_PIECES = [
    "http", "://", "//", "@", ":", "8080", "10.", "192.168.", "1.2", "::1", "fe80::", ".internal", ".local",
    "/home/", "/Users/", "C:\\Users\\", "\\\\", "password", "PASS", "token=", "secret: ", "gh" + "p_",
    "AKIA", "sk-", "xox" + "b-", "-u ", "_KEY=", "x7Kq9", "Zr2mWp", "0123456789", " ", "`", "'", '"', "=", "/",
]


@FUZZ
@given(st.lists(st.sampled_from(DETECTOR_PIECES), max_size=24).map("".join))
def test_each_detector_family_runs_where_its_screen_finds_something(line: str) -> None:
    """Running only the families a line's screens call for finds exactly what running all of them finds."""
    screened = screens.screened_lines([line], endpoints.Sensitive())
    everything = endpoints.scan_line(line)
    assert endpoints.scan_line(line, families=screened.get(0, 0)) == everything
    assert screened or not everything, "a finding on a line no screen let through"


def test_a_short_user_and_password_in_prose_passes_the_screens() -> None:
    """`user:password` and Secret data values hold no telling literal: the screens still let them through."""
    for line in ("log in as bob:" + "Pa55-w0rd!", "log in as bob:'" + "Pa55-w0rd!'", "  username: " + "YWRtaW4xMjM="):
        assert screens.screened_lines([line], endpoints.Sensitive()) == {0: screens.NAMED}, line


@FUZZ
@given(st.integers(0, 30), st.integers(0, 30), st.integers(0, 99), st.sampled_from(PREFIXES))
def test_version_strings_are_never_addresses(major: int, minor: int, patch: int, prefix: str) -> None:
    for text in (f"{prefix}{major}.{minor}", f"{prefix}{major}.{minor}.{patch}", f"{prefix}{major}.{minor}-35b-a3b"):
        assert not [hit for hit in endpoints.scan_line(f"model {text} runs") if hit.code == "SOT303"]


@FUZZ
@given(st.sampled_from(PLANTED), st.text(max_size=20))
def test_no_reporter_prints_a_planted_value(value: str, noise: str) -> None:
    from sot_lint.leaks.redact import label

    finding = Finding("a.md", 1, 1, 1, "SOT303", "ip-address", Severity.ERROR, f"{noise} {label('x', value)}")
    for name, reporter in REPORTERS.items():
        stream = io.StringIO()
        reporter(Result((finding,), ("a.md",)), stream, False)
        assert value not in stream.getvalue(), name
    assert value not in json.dumps(finding._asdict())


def test_dangling_symlink_is_a_finding(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tree / ".sot" / "gone.md").symlink_to(tree / "nowhere.md")
    exit_code, report, _ = run_json(capsys, ".sot/gone.md")
    assert exit_code == 1 and [f["code"] for f in report["findings"]] == ["SOT001"]


def test_directory_named_like_a_file_is_walked(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tree / ".sot" / "looks-like.md"
    folder.mkdir()
    (folder / "inner.md").write_text("no frontmatter\n", "utf-8")
    exit_code, report, _ = run_json(capsys, ".sot/looks-like.md")
    assert exit_code == 1 and report["findings"][0]["path"] == ".sot/looks-like.md/inner.md"


def test_output_file_is_written_whole(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tree / "out" / "report.json"
    target.parent.mkdir()
    (tree / ".sot" / "a.json").write_text("{}\n", "utf-8")
    assert main(["check", "--format", "json", "--output", str(target)]) == 0
    assert json.loads(target.read_text("utf-8"))["tool"] == "sot-lint"
    assert [p.name for p in target.parent.iterdir()] == ["report.json"]  # no temporary left behind
