"""Fitting in (SPEC §11): versions, presets for MADR and Nygard records, no empty green, editor and CI formats."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
import yaml
from support import FIXTURES, RECORD, copy_example, git, insert_line, replace_once, run_json, tagged_release

from sot_lint import __version__
from sot_lint.cli import main

PROJECT = Path(__file__).resolve().parents[2]
SHARED_DOCS = Path(__file__).resolve().parents[3] / "shared" / "corpora" / "public-docs-dev" / "docs"
MADR_CORPUS = SHARED_DOCS / "adr-madr" / "docs" / "decisions"
NYGARD_CORPUS = SHARED_DOCS / "npryce-adr-tools" / "doc" / "adr"
GITLAB_SCHEMA = json.loads((FIXTURES / "schemas" / "gitlab-code-quality.json").read_text("utf-8"))
ENDPOINT = "http://10.77." + "3.9:8000/v1"


@pytest.fixture
def example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    git(tmp_path, "init", "-q")
    copy_example(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


# --- a version to pin ------------------------------------------------------------------------


@pytest.mark.parametrize("flag", ["-V", "--version"])
def test_version_flags_print_the_version(flag: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main([flag])
    assert done.value.code == 0 and capsys.readouterr().out == f"sot-lint {__version__}\n"


def test_version_is_0_2_0_and_the_changelog_has_it() -> None:
    assert __version__ == "0.2.0"
    changelog = (PROJECT / "CHANGELOG.md").read_text("utf-8")
    assert "## [Unreleased]" in changelog and f"## [{__version__}] - " in changelog


def test_shipped_pre_commit_hook_filters_by_file_type_only() -> None:
    (hook,) = yaml.safe_load((PROJECT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    assert hook["id"] == "sot-lint" and "files" not in hook and hook["types_or"] == ["markdown", "json"]
    assert hook["require_serial"] is True


def test_action_metadata_validates_against_the_published_schema() -> None:
    checker = Path(sys.executable).parent / "check-jsonschema"
    if not checker.exists():
        pytest.skip("check-jsonschema is not installed (pip install -e '.[test]')")
    command = [str(checker), "--builtin-schema", "vendor.github-actions"]
    done = subprocess.run([*command, str(PROJECT / "action.yml")], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    action = yaml.safe_load((PROJECT / "action.yml").read_text("utf-8"))
    assert set(action["inputs"]) == {"paths", "format", "base", "fail-on", "sarif"}
    install = action["runs"]["steps"][0]
    assert install["env"]["ACTION_PATH"] == "${{ github.action_path }}" and '"$ACTION_PATH"' in install["run"]


# --- no empty green --------------------------------------------------------------------------


def test_an_audit_of_an_empty_tree_is_an_error_naming_the_globs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    git(tmp_path, "init", "-q")
    (tmp_path / ".sot").mkdir()
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--no-cache"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    (line,) = captured.err.splitlines()
    assert "no SOT file to check" in line and "**/.sot/**/*.md, **/.sot/**/*.markdown, **/.sot/**/*.json" in line


def test_a_directory_holding_no_record_is_an_error(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (example / "docs").mkdir()
    (example / "docs" / "notes.md").write_text("# Notes\n", "utf-8")
    assert main(["check", "--no-cache", "docs"]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert "docs" in line and "include globs: **/.sot/**/*.md" in line


def test_a_path_that_does_not_exist_is_an_error(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--no-cache", "adr+madr/"]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith("sot-lint: error: adr+madr/: no such file or directory (include globs: **/.sot/")


def test_hook_mode_with_nothing_to_check_is_silent(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (example / "notes.md").write_text("# Not a record\n", "utf-8")
    assert main(["check", "--no-cache", "notes.md"]) == 0  # pre-commit passes every markdown file
    git(example, "add", "notes.md")
    assert main(["check", "--no-cache", "--staged"]) == 0
    assert capsys.readouterr() == ("", "")


def test_hook_mode_checks_only_files_the_include_globs_select(
    example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (example / "notes.md").write_text("no frontmatter here\n", "utf-8")
    code, report, _ = run_json(capsys, "notes.md", RECORD)
    assert code == 0 and report["summary"]["files"] == 1


def test_list_files_prints_what_would_be_checked(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--list-files"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert RECORD in listed and len(listed) == 2 and all(line.startswith(".sot/") for line in listed)


def test_config_elsewhere_chooses_rules_never_the_tree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    copy_example(repo)
    (tmp_path / ".sot").mkdir()
    (tmp_path / ".sot" / "outside.md").write_text("outside the repository\n", "utf-8")
    (tmp_path / "other.toml").write_text('ignore = ["SOT107"]\n', "utf-8")
    monkeypatch.chdir(repo / ".sot")
    code, report, _ = run_json(capsys, "--config", "../../other.toml")
    assert code == 0 and report["summary"]["files"] == 2  # the repository's two files, not the parent's
    assert all(f["code"] != "SOT107" for f in report["findings"])  # ...checked by the other file's rules


# --- editors: stdin --------------------------------------------------------------------------


def test_stdin_is_linted_as_the_named_file(
    example: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    buffer = (example / RECORD).read_text("utf-8").replace("status: draft", "status: approved")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(buffer.encode("utf-8"))))
    code, report, _ = run_json(capsys, "--stdin-filename", RECORD, "-")
    assert code == 1 and {f["path"] for f in report["findings"]} == {RECORD}
    assert ("SOT102", 3) in {(f["code"], f["line"]) for f in report["findings"]}
    assert "status: draft" in (example / RECORD).read_text("utf-8")  # the file on disk is not touched


def test_stdin_for_a_file_not_yet_saved_reads_its_admission_from_disk(
    example: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    buffer = (example / RECORD).read_text("utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(buffer.encode("utf-8"))))
    new = RECORD.replace("RECORD.md", "RECORD-COPY.md")
    code, report, _ = run_json(capsys, "--stdin-filename", new, "-", "--select", "SOT401,SOT402,SOT405")
    assert code == 0 and report["findings"] == []  # SOT401 would fire if the admission JSON were not found
    assert report["summary"]["files"] == 1 and not (example / new).exists()


@pytest.mark.parametrize("argv", [["-"], ["--stdin-filename", RECORD], ["--stdin-filename", RECORD, "-", RECORD]])
def test_stdin_needs_both_the_dash_and_the_filename(
    example: Path, argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", *argv]) == 2
    assert "--stdin-filename PATH -" in capsys.readouterr().err


# --- reports ---------------------------------------------------------------------------------


def test_gitlab_code_quality_validates_and_shares_the_sarif_fingerprint(
    example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    insert_line(example / RECORD, 65, f"- Old endpoint {ENDPOINT}.")
    assert main(["check", "--no-cache", "--format", "gitlab"]) == 1
    out = capsys.readouterr().out
    issues = json.loads(out)
    jsonschema.validate(issues, GITLAB_SCHEMA)
    assert ENDPOINT not in out and "10.77." not in out
    assert {(i["check_name"], i["severity"]) for i in issues} >= {("SOT302", "major"), ("SOT107", "minor")}
    assert all(i["location"]["path"] == RECORD for i in issues)
    assert main(["check", "--no-cache", "--format", "sarif"]) == 1
    results = json.loads(capsys.readouterr().out)["runs"][0]["results"]
    sarif = {(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in results}
    fingerprints = {r["partialFingerprints"]["sotLint/v1"] for r in results}
    assert {(i["check_name"], i["location"]["lines"]["begin"]) for i in issues} == sarif
    assert {i["fingerprint"] for i in issues} == fingerprints and len(fingerprints) == len(issues)


def test_gitlab_paths_are_relative_to_the_repository_root(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    os.chdir(example / ".sot")
    assert main(["check", "--no-cache", "--format", "gitlab"]) == 0
    issues = json.loads(capsys.readouterr().out)
    assert issues and all(i["location"]["path"] == RECORD for i in issues)


def test_junit_counts_warnings_as_failures_only_under_fail_on_warning(
    example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--no-cache", "--format", "junit"]) == 0  # the example has warnings only
    suite = ET.fromstring(capsys.readouterr().out)
    assert suite.get("failures") == "0" and suite.get("tests") == "2"
    assert "SOT107" in "".join(suite.itertext())  # still listed, as output of the case
    assert main(["check", "--no-cache", "--format", "junit", "--fail-on", "warning"]) == 1
    suite = ET.fromstring(capsys.readouterr().out)
    assert suite.get("failures") == "1" and len(suite.findall(".//failure")) == 6


def test_summary_counts_files_checked_and_files_with_findings(
    example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, report, _ = run_json(capsys)
    assert report["summary"]["files"] == 2 and report["summary"]["files_with_findings"] == 1
    assert main(["check", "--no-cache", "--quiet", "--statistics"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"{RECORD}:7:16: SOT107 ") and not lines[0].endswith("(warning)")
    assert "    3  SOT406  reference-not-found" in lines and not any(line.startswith("Found") for line in lines)


def test_rules_piped_into_head_ends_quietly() -> None:
    done = subprocess.run(
        f"{sys.executable} -m sot_lint rules | head -2", shell=True, capture_output=True, text=True, check=False
    )
    assert len(done.stdout.splitlines()) == 2 and done.stderr == ""


# --- presets ---------------------------------------------------------------------------------


def _records(tmp_path: Path, source: Path, folder: str, config: str) -> Path:
    """A git repository holding `source`'s records under `folder`, with `config` as its .sot-lint.toml."""
    repo = tmp_path / "repo"
    shutil.copytree(source, repo / folder)
    git(repo, "init", "-q")
    (repo / ".sot-lint.toml").write_text(config, "utf-8")
    return repo


def _ignore_public_urls() -> list[str]:
    """`--ignore SOT302` while SOT302 still reports plain public web links (before SPEC §8's `public-urls`).

    The records hold links to public web pages, which SPEC §8 says are not
    findings; where this build already follows §8 nothing is ignored.
    """
    from sot_lint.config import Config
    from sot_lint.leaks import Scanner
    from sot_lint.parse.document import parse

    doc = parse("a.md", "markdown", b"# A\n\nSee https://github.com/adr/madr for the template.\n", 1 << 20)
    return ["--ignore", "SOT302"] if Scanner.from_config(Config()).scan(doc, "a.md") else []


MADR_CONFIG = 'preset = "madr"\nfrontmatter.extend-allowed.status = ["on hold"]\n'


# (records, their folder in a repository, its config): two fixtures, two real projects from ../shared.
PROJECTS = [
    (FIXTURES / "madr" / "docs" / "decisions", "docs/decisions", MADR_CONFIG),
    (FIXTURES / "nygard" / "doc" / "adr", "doc/adr", 'preset = "nygard"\n'),
    (MADR_CORPUS, "docs/decisions", MADR_CONFIG),
    (NYGARD_CORPUS, "doc/adr", 'preset = "nygard"\n'),
]
PROJECT_IDS = ["madr-fixture", "nygard-fixture", "madr-project", "adr-tools-project"]


def _project(tmp_path: Path, source: Path, folder: str, config: str) -> Path:
    """A repository holding `source`'s records under `folder`, or a skip where ../shared is missing."""
    if not source.is_dir():
        pytest.skip(f"{source} is not here (../shared beside the checkout)")
    return _records(tmp_path, source, folder, config)


@pytest.mark.parametrize(("source", "folder", "config"), PROJECTS, ids=PROJECT_IDS)
def test_decision_records_check_clean_under_their_preset(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    source: Path,
    folder: str,
    config: str,
) -> None:
    repo = _project(tmp_path, source, folder, config)
    monkeypatch.chdir(repo)
    code, report, err = run_json(capsys, *_ignore_public_urls())
    assert err == "" and code == 0, report["findings"]
    assert report["summary"]["errors"] == 0 and report["summary"]["files"] >= 4
    if "madr" in config:  # without the repository's extension, 'on hold' is not a MADR status
        (repo / ".sot-lint.toml").write_text('preset = "madr"\n', "utf-8")
        code, report, _ = run_json(capsys, *_ignore_public_urls())
        assert code == 1 and {f["code"] for f in report["findings"] if f["severity"] == "error"} == {"SOT102"}


def _mutate_madr(records: Path) -> tuple[str, str]:
    dated = sorted(p for p in records.glob("0*.md") if "\nstatus:" in p.read_text("utf-8"))[0]
    text = dated.read_text("utf-8")
    status = next(line for line in text.splitlines() if line.startswith("status:"))
    dated.write_text(text.replace(status, "status: approved-ish", 1), "utf-8")
    other = sorted(p for p in records.glob("0*.md") if p != dated)[0]
    other.write_text(other.read_text("utf-8").replace("## Considered Options", "## Options", 1), "utf-8")
    return dated.name, other.name


def _mutate_nygard(records: Path) -> tuple[str, str]:
    first, second = sorted(records.glob("0*.md"))[:2]
    replace_once(first, "\nAccepted\n", "\nAcepted\n")
    second.write_text(second.read_text("utf-8").replace("## Consequences", "## Results", 1), "utf-8")
    return first.name, second.name


@pytest.mark.parametrize(
    ("source", "folder", "config", "mutate"),
    [(*project, _mutate_madr if "madr" in project[2] else _mutate_nygard) for project in PROJECTS],
    ids=PROJECT_IDS,
)
def test_a_bad_status_or_a_missing_section_is_an_error(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    source: Path,
    folder: str,
    config: str,
    mutate: object,
) -> None:
    repo = _project(tmp_path, source, folder, config)
    bad_status, no_section = mutate(repo / folder)  # type: ignore[operator]
    monkeypatch.chdir(repo)
    code, report, _ = run_json(capsys, *_ignore_public_urls())
    errors = {(Path(f["path"]).name, f["code"]) for f in report["findings"] if f["severity"] == "error"}
    assert code == 1 and errors == {(bad_status, "SOT102"), (no_section, "SOT209")}


def test_nygard_keys_are_read_from_the_body_with_their_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = _records(tmp_path, FIXTURES / "nygard" / "doc" / "adr", "doc/adr", 'preset = "nygard"\n')
    record = repo / "doc" / "adr" / "0001-keep-a-decision-log.md"
    replace_once(record, "Date: 2025-11-03", "Date: 3 November 2025")
    record.write_text(record.read_text("utf-8").replace("## Status\n\nAccepted\n", ""), "utf-8")
    monkeypatch.chdir(repo)
    _, report, _ = run_json(capsys, "doc/adr/0001-keep-a-decision-log.md")
    found = {(f["code"], f["line"], f["column"]) for f in report["findings"]}
    assert found == {("SOT103", 3, 7), ("SOT101", 1, 1), ("SOT209", 1, 1)}
    messages = " ".join(f["message"] for f in report["findings"])
    assert "required 'Status' section value 'status' is missing" in messages


def test_templates_and_indexes_are_not_records_but_are_scanned_for_leaks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = _records(tmp_path, FIXTURES / "madr" / "docs" / "decisions", "docs/decisions", MADR_CONFIG)
    monkeypatch.chdir(repo)
    index = repo / "docs" / "decisions" / "index.md"
    index.write_text(index.read_text("utf-8") + f"\nThe staging copy runs at {ENDPOINT}.\n", "utf-8")
    _, report, _ = run_json(capsys)
    assert [(Path(f["path"]).name, f["code"]) for f in report["findings"]] == [("index.md", "SOT302")]


# --- init ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "folder", "preset", "files"),
    [
        (FIXTURES / "madr" / "docs" / "decisions", "docs/decisions", "madr", "^(docs/decisions)/"),
        (FIXTURES / "nygard" / "doc" / "adr", "doc/adr", "nygard", "^(doc/adr)/"),
        (FIXTURES / "nygard" / "doc" / "adr", "docs/adr", "nygard", "^(docs/adr)/"),
        (FIXTURES / "cto" / ".sot", ".sot", "sot", r"(^|/)\.sot/"),
    ],
)
def test_init_finds_the_records_and_picks_their_preset(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    source: Path,
    folder: str,
    preset: str,
    files: str,
) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(source, repo / folder)
    git(repo, "init", "-q")
    if preset == "madr":
        (repo / "pyproject.toml").write_text('[project]\nname = "x"\n', "utf-8")
    monkeypatch.chdir(repo)
    assert main(["init"]) == 0
    assert f"preset '{preset}'" in capsys.readouterr().out
    entry = yaml.safe_load((repo / ".pre-commit-config.yaml").read_text("utf-8"))["repos"][0]["hooks"][0]
    assert entry["files"] == files
    if preset == "madr":  # the starter's commented line is how a repository adds its statuses
        text = (repo / "pyproject.toml").read_text("utf-8")
        (repo / "pyproject.toml").write_text(text.replace("# frontmatter.extend-allowed", "frontmatter.extend-allowed"))
    assert main(["check", "--no-cache", *_ignore_public_urls()]) == 0
    capsys.readouterr()
    assert main(["check", "--list-files"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert listed and all(line.startswith(f"{folder}/") for line in listed)


def test_init_preset_option_wins_over_what_it_finds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = _records(tmp_path, FIXTURES / "madr" / "docs" / "decisions", "docs/decisions", "")
    (repo / ".sot-lint.toml").unlink()
    monkeypatch.chdir(repo)
    assert main(["init", "--preset", "nygard"]) == 0
    assert 'preset = "nygard"\ninclude = ["docs/decisions/**/*.md"]\n' in (repo / ".sot-lint.toml").read_text()
    assert main(["init", "--preset", "nonsense"]) == 2


# --- the native hook -------------------------------------------------------------------------

BARE_PATH = "/usr/bin:/bin"


def _commit(repo: Path, message: str) -> subprocess.CompletedProcess[str]:
    git_binary = shutil.which("git", path=BARE_PATH)
    assert git_binary is not None
    command = [git_binary, "-c", "user.name=T", "-c", "user.email=t@e.invalid", "commit", "-qm", message]
    env = {"PATH": BARE_PATH, "HOME": str(repo.parent), "LANG": "C.UTF-8"}
    return subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True, check=False)


@pytest.mark.skipif(shutil.which("sot-lint", path=BARE_PATH) is not None, reason="sot-lint is on the bare PATH")
def test_native_hook_runs_its_installing_interpreter_with_a_bare_path(
    example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    git(example, "add", "-A")
    git(example, "commit", "-qm", "example", "--no-verify")
    assert main(["install-hook"]) == 0
    (example / "notes.txt").write_text("not a record\n", "utf-8")
    git(example, "add", "notes.txt")
    quiet = _commit(example, "no records")
    assert quiet.returncode == 0 and quiet.stdout + quiet.stderr == ""  # nothing to check: silent
    insert_line(example / RECORD, 65, f"- Old endpoint {ENDPOINT}.")
    git(example, "add", RECORD)
    blocked = _commit(example, "leak")
    shown = blocked.stdout + blocked.stderr  # git gives hooks its stderr for their output
    assert blocked.returncode == 1 and "SOT302" in shown and ENDPOINT not in shown


@pytest.mark.skipif(shutil.which("sot-lint", path=BARE_PATH) is not None, reason="sot-lint is on the bare PATH")
def test_native_hook_without_sot_lint_says_so_in_one_line(example: Path) -> None:
    git(example, "add", "-A")
    git(example, "commit", "-qm", "example", "--no-verify")
    hook = example / ".git" / "hooks" / "pre-commit"
    shutil.copy(PROJECT / "hooks" / "pre-commit", hook)  # the shipped hook names no interpreter
    hook.chmod(0o755)
    (example / "notes.txt").write_text("x\n", "utf-8")
    git(example, "add", "notes.txt")
    failed = _commit(example, "no sot-lint anywhere")
    assert failed.returncode == 1
    assert failed.stdout == "" and failed.stderr.splitlines() == [
        "`sot-lint` not found.  Did you forget to activate your virtualenv?"
    ]


# --- the release -----------------------------------------------------------------------------


@pytest.mark.slow
def test_sdist_and_wheel_build_pass_twine_and_the_wheel_runs_in_a_fresh_virtualenv(tmp_path: Path) -> None:
    bin_dir = Path(sys.executable).parent
    if not (bin_dir / "twine").exists():
        pytest.skip("build and twine are not installed (pip install -e '.[test]')")
    dist = tmp_path / "dist"
    built = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(dist), str(PROJECT)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    shutil.rmtree(PROJECT / "build", ignore_errors=True)  # setuptools' scratch folder
    (wheel,) = dist.glob(f"sot_lint-{__version__}-py3-none-any.whl")
    assert (dist / f"sot_lint-{__version__}.tar.gz").exists()
    checked = subprocess.run([str(bin_dir / "twine"), "check", "--strict", *map(str, dist.iterdir())], text=True,
                             capture_output=True, check=False)  # fmt: skip
    assert checked.returncode == 0, checked.stdout + checked.stderr
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    installed = subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", str(wheel)], capture_output=True,
                               text=True, check=False)  # fmt: skip
    assert installed.returncode == 0, installed.stderr[-2000:]
    version = subprocess.run([str(venv / "bin" / "sot-lint"), "-V"], capture_output=True, text=True, check=True)
    assert version.stdout == f"sot-lint {__version__}\n"
    # The README's install line, from a clone tagged with the version (the wheel brought the dependencies).
    readme = (PROJECT / "README.md").read_text("utf-8")
    (line,) = [line for line in readme.splitlines() if line.startswith('pip install "sot-lint @ git+<url>@v')]
    assert line == f'pip install "sot-lint @ git+<url>@v{__version__}"'
    requirement = line.split('"')[1].replace("<url>", f"file://localhost{tagged_release(tmp_path)}")
    pip = [str(venv / "bin" / "pip"), "install", "--quiet", "--no-deps", "--force-reinstall", requirement]
    from_git = subprocess.run(pip, capture_output=True, text=True, check=False)
    assert from_git.returncode == 0, from_git.stderr[-2000:]
    example = copy_example(tmp_path / "example")
    run = subprocess.run([str(venv / "bin" / "sot-lint"), "check", "--no-cache", "--format", "json"], cwd=example,
                         capture_output=True, text=True, check=False)  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["summary"]["files"] == 2  # the shipped schema and gates are in the wheel
