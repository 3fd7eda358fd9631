"""The content cache: same answers as a cold run, invalidated by what a check read, never a value, `clean`."""

from __future__ import annotations

import json
import os
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest
from support import ADMISSION, RECORD, SOT_DIR, codes_at, copy_example, insert_line, replace_once, store_lookups

from sot_lint.cli import main
from sot_lint.repo import tracking
from sot_lint.repo.cache import ResultStore
from sot_lint.repo.files import WorkTree

CACHE = ".sot-lint-cache"
AWS_KEY = "AKIA" + "Q3MXV7PLRT2GK5WN"


@pytest.fixture
def example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    copy_example(tmp_path)
    (tmp_path / ".git").mkdir()  # marks the repository root, where the cache lives
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _check(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, Any]]:
    code = main(["check", "--format", "json", *argv])
    return code, json.loads(capsys.readouterr().out)


def _stored_results(root: Path) -> int:
    with sqlite3.connect(root / CACHE / ResultStore.NAME) as connection:
        count: int = connection.execute("SELECT count(*) FROM results").fetchone()[0]
    return count


def test_warm_run_answers_like_a_cold_one_from_stored_results(
    example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cold = _check(capsys, "--no-cache")
    assert not (example / CACHE).exists()  # --no-cache writes nothing
    first = _check(capsys)
    assert _stored_results(example) == 2  # the record and its admission JSON
    assert (example / CACHE / ".gitignore").read_text("utf-8").splitlines()[-1] == "*"
    second = _check(capsys)
    assert cold == first == second
    assert cold[0] == 0 and len(cold[1]["findings"]) == 6


def test_editing_a_file_a_result_depends_on_invalidates_that_result(
    example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, report = _check(capsys)
    assert code == 0 and not any(f["code"] == "SOT402" for f in report["findings"])
    # The JSON changes: its stored result is not reused.
    replace_once(example / ADMISSION, '"provider": "qwen-local"', '"provider": "qwen-remote"')
    code, report = _check(capsys)
    assert code == 1 and ("SOT402", 6) in codes_at(report, ADMISSION)
    # Only a directory changes: the record's stored result listed it, so it is not reused either.
    (example / SOT_DIR / "CTO-CASE-PROVIDER-DECISION-PACKET-PRD.md").write_text("x", "utf-8")
    _, report = _check(capsys, "--select", "SOT406")
    assert len(codes_at(report, RECORD)) == 1 and len(report["findings"]) == 2


def test_corrupt_cache_is_ignored_and_rebuilt(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    expected = _check(capsys)
    for entry in (example / CACHE).iterdir():
        if entry.is_file():
            entry.write_bytes(b"\x00garbage" * 64)
    assert _check(capsys) == expected
    assert _stored_results(example) == 2


def test_cache_never_stores_a_found_secret(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    insert_line(example / RECORD, 26, f"- Key {AWS_KEY} is still cached.")
    for _ in range(2):
        code, report = _check(capsys)
        assert code == 1 and ("SOT301", 27) in codes_at(report, RECORD)
    written = b"".join(p.read_bytes() for p in (example / CACHE).rglob("*") if p.is_file())
    assert AWS_KEY.encode() not in written and AWS_KEY[4:].encode() not in written


def test_clean_removes_the_cache_and_never_follows_a_symlink(
    example: Path, capsys: pytest.CaptureFixture[str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    _check(capsys)
    assert main(["clean"]) == 0
    assert not (example / CACHE).exists() and f"removed {example / CACHE}" in capsys.readouterr().out
    assert main(["clean"]) == 0
    assert "no cache" in capsys.readouterr().out
    outside = tmp_path_factory.mktemp("outside")
    (outside / "keep.txt").write_text("keep", "utf-8")
    (example / CACHE).symlink_to(outside, target_is_directory=True)
    assert main(["clean"]) == 0
    assert not (example / CACHE).is_symlink() and (outside / "keep.txt").read_text("utf-8") == "keep"


def test_an_audit_reuses_each_file_result_only_while_nothing_it_read_changed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for team in range(30):  # 60 files
        copy_example(tmp_path / f"team-{team:02d}")
    (tmp_path / ".git").mkdir()
    # Only records and JSON are linted, so a new referenced document changes no linted file.
    (tmp_path / ".sot-lint.toml").write_text('include = ["**/.sot/**/*-RECORD.md", "**/.sot/**/*.json"]\n', "utf-8")
    monkeypatch.chdir(tmp_path)
    cold = _check(capsys)
    assert _stored_results(tmp_path) == 60  # one entry per file; too few files for a whole answer (PARALLEL_FROM)
    assert _check(capsys) == cold == _check(capsys, "--no-cache")
    assert len(cold[1]["findings"]) == 30 * 6

    # Content: one admission file of one team now disagrees with its record.
    replace_once(tmp_path / "team-07" / ADMISSION, '"provider": "qwen-local"', '"provider": "qwen-remote"')
    code, report = _check(capsys)
    assert code == 1 and ("SOT402", 6) in codes_at(report, f"team-07/{ADMISSION}")
    assert _check(capsys, "--no-cache") == (code, report)

    # A listing: a document one record references appears; the set of linted files is the same.
    (tmp_path / "team-03" / SOT_DIR / "CTO-CASE-PROVIDER-DECISION-PACKET-PRD.md").write_text("# PRD\n", "utf-8")
    code, report = _check(capsys, "--select", "SOT406")
    assert len(report["findings"]) == 30 * 3 - 1

    # A new file: checked and stored; the entries of files it changes nothing for stay as they are.
    before = _stored_results(tmp_path)
    orphan = tmp_path / "team-05" / SOT_DIR / "CTO-CASE-MODEL-PROVIDER-ADMISSION.other-m1.json"
    orphan.write_text((tmp_path / "team-05" / ADMISSION).read_text("utf-8"), "utf-8")
    code, report = _check(capsys)
    assert code == 1 and ("SOT404", 3) in codes_at(report, f"team-05/{SOT_DIR}/{orphan.name}")
    assert _stored_results(tmp_path) == before + 1


@pytest.mark.parametrize("shape", ["symlink", "file", "store-is-a-folder"])
def test_a_cache_path_that_is_not_a_plain_directory_is_refused_and_the_run_goes_on(
    example: Path, capsys: pytest.CaptureFixture[str], shape: str
) -> None:
    expected = _check(capsys, "--no-cache")
    if shape == "symlink":  # a committed `.sot-lint-cache -> .` must not make sot-lint write at the root
        (example / CACHE).symlink_to(".", target_is_directory=True)
    elif shape == "file":
        (example / CACHE).write_text("not a folder", "utf-8")
    else:
        (example / CACHE / ResultStore.NAME).mkdir(parents=True)
    before = sorted(p.name for p in example.iterdir())
    code = main(["check", "--format", "json"])
    captured = capsys.readouterr()
    assert (code, json.loads(captured.out)) == expected
    assert "internal error" not in captured.err
    if shape == "store-is-a-folder":
        assert captured.err == ""  # the store is given up quietly; the run is uncached
    else:
        assert captured.err.count("\n") == 1 and "warning" in captured.err and CACHE in captured.err
        assert sorted(p.name for p in example.iterdir()) == before  # no .gitignore, no database at the root
        assert not (example / ".gitignore").exists()


def test_stat_trust_answers_an_unchanged_old_file_without_reading_it(
    example: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Files are trusted by stat signature only once older than the racy-clean window. mtimes can be
    # back-dated, ctimes cannot (utime sets ctime to now), so the window is moved instead of the clock.
    old = time.time() - 3600
    for path in (example / SOT_DIR).iterdir():
        os.utime(path, (old, old))
    monkeypatch.setattr(tracking, "STABLE_AFTER_NS", -10_000_000_000)
    cold = _check(capsys)
    with sqlite3.connect(example / CACHE / ResultStore.NAME) as connection:
        remembered = {row[0] for row in connection.execute("SELECT path FROM digests")}
    assert str(example / RECORD) in remembered and str(example / ADMISSION) in remembered

    opened: list[str] = []
    real_read = WorkTree.read

    def counting_read(self: WorkTree, path: Path, limit: int) -> bytes:
        opened.append(str(path))
        return real_read(self, path, limit)

    monkeypatch.setattr(WorkTree, "read", counting_read)
    assert _check(capsys) == cold
    assert opened == []  # every digest came from the stat signature, every result from the store

    # Same size, same mtime: only ctime and content differ, and the change is still seen.
    record = example / RECORD
    text = record.read_text("utf-8").replace("`qwen-local`.", "`qwen-lokal`.", 1)
    record.write_text(text, "utf-8")
    os.utime(record, (old, old))
    code, report = _check(capsys)
    assert code == 1 and any(f["code"] == "SOT401" for f in report["findings"])


def test_a_file_changed_within_the_racy_window_is_never_trusted_by_its_signature(
    example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _check(capsys)
    with sqlite3.connect(example / CACHE / ResultStore.NAME) as connection:
        remembered = {row[0] for row in connection.execute("SELECT path FROM digests")}
    assert str(example / RECORD) not in remembered  # written just now: its signature is not kept


def test_a_cold_audit_in_forked_workers_remembers_the_digests_they_computed(
    example: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cold audit hashes files in its workers only; their digests must still reach the store."""
    from sot_lint import linter

    monkeypatch.setattr(linter, "PARALLEL_FROM", 2)  # fork even for the example's two files
    monkeypatch.setattr(tracking, "STABLE_AFTER_NS", -10_000_000_000)
    cold = _check(capsys, "--jobs", "2")
    with sqlite3.connect(example / CACHE / ResultStore.NAME) as connection:
        remembered = {row[0] for row in connection.execute("SELECT path FROM digests")}
    assert {str(example / RECORD), str(example / ADMISSION)} <= remembered
    assert _check(capsys, "--jobs", "2") == cold


def test_forked_workers_on_a_crowded_folder_find_what_one_process_finds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Workers share the parent's summaries of a folder of many records; findings must not change."""
    import subprocess
    import sys

    from sot_lint import linter
    from sot_lint.repo import index

    generate = Path(__file__).parents[2] / "bench" / "generate.py"
    tree = tmp_path / "messy"
    subprocess.run([sys.executable, str(generate), str(tree), "--records", "40", "--layout", "messy"], check=True)
    (tree / ".git").mkdir()
    monkeypatch.chdir(tree)
    crowded = [folder for folder in tree.rglob("*") if folder.is_dir() and len(list(folder.glob("*.md"))) >= 40]
    assert crowded, "the messy layout keeps every record in one folder"
    one = _check(capsys, "--no-cache", "--jobs", "1", "--exit-zero")
    monkeypatch.setattr(linter, "PARALLEL_FROM", 2)
    prepared: list[int] = []
    original = index.Index.prepare

    def counting(self: index.Index, paths: Any) -> None:
        original(self, paths)
        prepared.append(len(self._folders))

    monkeypatch.setattr(index.Index, "prepare", counting)
    assert _check(capsys, "--no-cache", "--jobs", "2", "--exit-zero") == one
    assert prepared == [1], "the parent summarised the crowded folder once, before forking"
    assert _check(capsys, "--jobs", "2", "--exit-zero") == one  # cold, writing the cache
    assert _check(capsys, "--jobs", "2", "--exit-zero") == one  # warm


def _whole_entries(root: Path) -> list[str]:
    with sqlite3.connect(root / CACHE / ResultStore.NAME) as connection:
        return [row[0] for row in connection.execute("SELECT key FROM results WHERE key LIKE 'whole:%'")]


def test_a_large_audit_answers_an_unchanged_tree_from_its_one_whole_entry_until_anything_read_changes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 12: a warm audit of thousands of files paid a key, a lookup and a check per file."""
    from sot_lint import linter

    for team in range(30):  # 60 files, a "large" audit once PARALLEL_FROM is 2
        copy_example(tmp_path / f"team-{team:02d}")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".sot-lint.toml").write_text('include = ["**/.sot/**/*-RECORD.md", "**/.sot/**/*.json"]\n', "utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(linter, "PARALLEL_FROM", 2)
    cold = _check(capsys, "--jobs", "1")
    assert _stored_results(tmp_path) == 60 + 1 and len(_whole_entries(tmp_path)) == 1
    lookups = store_lookups(monkeypatch)
    assert _check(capsys, "--jobs", "1") == cold == _check(capsys, "--no-cache")
    assert lookups == _whole_entries(tmp_path)  # one lookup answered the whole tree

    # Content of one file: the whole answer is not reused; the run is the cold run's, and kept whole again.
    replace_once(tmp_path / "team-07" / ADMISSION, '"provider": "qwen-local"', '"provider": "qwen-remote"')
    changed = _check(capsys, "--jobs", "1")
    assert changed[0] == 1 and ("SOT402", 6) in codes_at(changed[1], f"team-07/{ADMISSION}")
    assert _check(capsys, "--jobs", "1") == changed == _check(capsys, "--no-cache")
    # A listing only a cross-file question read: a referenced document appears.
    (tmp_path / "team-03" / SOT_DIR / "CTO-CASE-PROVIDER-DECISION-PACKET-PRD.md").write_text("# PRD\n", "utf-8")
    listed = _check(capsys, "--jobs", "1", "--select", "SOT406")
    assert len(listed[1]["findings"]) == 30 * 3 - 1 and listed == _check(capsys, "--no-cache", "--select", "SOT406")

    # Another set of files keeps its own answer in place of the last one; a hook run's few files keep none.
    assert _check(capsys, "--jobs", "1", "team-01")[1]["summary"]["files"] == 2
    assert len(_whole_entries(tmp_path)) == 1
    monkeypatch.setattr(linter, "PARALLEL_FROM", 200)
    hook = _check(capsys, f"team-02/{RECORD}")
    assert len(_whole_entries(tmp_path)) == 1 and hook[1]["summary"]["files"] == 1


def test_a_run_asks_the_store_once_per_file_and_nothing_when_it_is_empty(
    example: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cold run asks the empty store nothing; after a change, each file checked again is asked for once, not twice."""
    lookups = store_lookups(monkeypatch)
    cold = _check(capsys)
    assert lookups == [] and _stored_results(example) == 2
    replace_once(example / ADMISSION, '"provider": "qwen-local"', '"provider": "qwen-remote"')
    changed = _check(capsys)
    assert len(lookups) == len(set(lookups)) == 2  # the record reads the admission file: both are checked again
    assert changed == _check(capsys, "--no-cache") != cold
    assert _check(capsys) == changed and len(lookups) == 2 + 2  # unchanged since: answered from the store


def test_the_first_warm_audit_reuses_a_cold_run_that_read_the_root_folder(
    example: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cold run creates the cache folder at the root; a listing of the root it recorded must still hold."""
    from sot_lint import linter

    monkeypatch.setattr(linter, "PARALLEL_FROM", 2)
    insert_line(example / RECORD, 26, "- Plan: `../../nowhere/PLAN.md` (its folder is missing: the root is listed)")
    cold = _check(capsys, "--jobs", "1")
    assert any(f["code"] == "SOT406" and "PLAN.md" in f["message"] for f in cold[1]["findings"])
    lookups = store_lookups(monkeypatch)
    assert _check(capsys, "--jobs", "1") == cold
    assert lookups == _whole_entries(example)  # answered whole: the root's listing read the same


def test_a_whole_answer_remembers_the_new_signature_of_a_file_touched_but_unchanged(
    example: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Else every later warm audit would read and hash the touched file again."""
    from sot_lint import linter

    monkeypatch.setattr(linter, "PARALLEL_FROM", 2)
    monkeypatch.setattr(tracking, "STABLE_AFTER_NS", -10_000_000_000)  # every signature is worth keeping
    cold = _check(capsys, "--jobs", "1")
    touched = time.time_ns() - 5_000_000_000
    os.utime(example / RECORD, ns=(touched, touched))
    assert _check(capsys, "--jobs", "1") == cold
    with sqlite3.connect(example / CACHE / ResultStore.NAME) as connection:
        row = connection.execute("SELECT signature FROM digests WHERE path = ?", (str(example / RECORD),)).fetchone()
    assert row is not None and row[0].startswith(f"{touched}:")
