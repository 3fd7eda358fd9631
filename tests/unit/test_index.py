"""The per-run index: cross-file answers by path, inside the repository only, once per folder."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from support import ADMISSION, RECORD, SOT_DIR, copy_example, run_json

from sot_lint.config import Config
from sot_lint.parse.document import Document
from sot_lint.repo.index import Index


def _index(root: Path) -> Index:
    return Index.open(Config(root=root), root)


def test_a_record_and_its_admission_file_name_each_other(tmp_path: Path) -> None:
    copy_example(tmp_path)
    index = _index(tmp_path)
    record, admission = str(tmp_path / RECORD), str(tmp_path / ADMISSION)
    assert index.admission_for(record) == admission
    assert index.records_for(admission) == [record]


def test_a_folder_of_records_is_summarised_once_per_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy_example(tmp_path)
    folder = tmp_path / SOT_DIR
    text = (tmp_path / RECORD).read_text("utf-8")
    for number in range(40):  # records that name nothing of interest, beside the real pair
        (folder / f"OTHER-{number:02d}.md").write_text(text.replace("qwen-local", f"other-{number}"), "utf-8")
    admitted = json.loads((tmp_path / ADMISSION).read_text("utf-8"))
    for number in range(10):  # admission files whose `record` key settles nothing
        name = f"CTO-CASE-MODEL-PROVIDER-ADMISSION.legacy-{number}.json"
        (folder / name).write_text(json.dumps(dict(admitted, record="GONE.md")), "utf-8")
    index = _index(tmp_path)
    parsed: list[str] = []
    original = index._parse
    def counted(path: str) -> Document:
        parsed.append(path)
        return original(path)

    monkeypatch.setattr(index, "_parse", counted)
    for number in range(10):
        assert index.records_for(str(folder / f"CTO-CASE-MODEL-PROVIDER-ADMISSION.legacy-{number}.json")) == []
    records = [p for p in parsed if p.endswith(".md")]
    assert len(records) == len(set(records)) == 41  # each record of the folder parsed once, not once per JSON


@pytest.mark.parametrize("target", ["../../../outside/rec.md", "../../../../outside/rec.md"])
def test_a_reference_never_resolves_outside_the_repository(tmp_path: Path, target: str) -> None:
    root = tmp_path / "repo"
    copy_example(root)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "rec.md").write_text("---\ntitle: x\n---\n", "utf-8")
    index = _index(root)
    assert os.path.exists(os.path.normpath(os.path.join(root / SOT_DIR, "../../../outside/rec.md")))
    assert index.resolve(target, str(root / RECORD)) is None


def test_a_symlinked_folder_leading_out_is_not_found(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    copy_example(root)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret-notes.md").write_text("---\ntitle: x\n---\n", "utf-8")
    (root / SOT_DIR / "linked").symlink_to(outside, target_is_directory=True)
    assert _index(root).resolve("linked/secret-notes.md", str(root / RECORD)) is None


def test_an_admission_record_key_outside_the_root_names_no_record(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "repo"
    copy_example(root)
    (root / ".git").mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "rec.md").write_text((root / RECORD).read_text("utf-8"), "utf-8")
    path = root / SOT_DIR / "CTO-CASE-MODEL-PROVIDER-ADMISSION.legacy-x.json"
    admitted = json.loads((root / ADMISSION).read_text("utf-8"))
    path.write_text(json.dumps(dict(admitted, record="../../../outside/rec.md"), indent=2), "utf-8")
    monkeypatch.chdir(root)
    _, report, _ = run_json(capsys, "--select", "SOT404")
    assert [(f["code"], f["path"]) for f in report["findings"]] == [("SOT404", f"{SOT_DIR}/{path.name}")]


def test_a_symlink_loop_under_sot_is_a_finding_not_a_crash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    copy_example(tmp_path)
    (tmp_path / ".git").mkdir()
    loop = tmp_path / SOT_DIR / "LOOP.md"
    loop.symlink_to(loop)
    (tmp_path / SOT_DIR / "A.md").symlink_to(tmp_path / SOT_DIR / "B.md")
    (tmp_path / SOT_DIR / "B.md").symlink_to(tmp_path / SOT_DIR / "A.md")
    monkeypatch.chdir(tmp_path)
    code, report, err = run_json(capsys)
    assert code == 1 and err == ""
    assert {("SOT001", f["path"]) for f in report["findings"] if f["code"] == "SOT001"} == {
        ("SOT001", f"{SOT_DIR}/{name}") for name in ("LOOP.md", "A.md", "B.md")
    }


def test_an_admission_answer_given_again_still_records_its_reads_in_each_check(tmp_path: Path) -> None:
    """Rules of one check ask for a record's admission file in turn; every check must record what it read.

    The answer is given again only while the same check's reads are being
    recorded: a second check (another cache entry) reads it afresh, so its
    entry is invalidated when the admission file changes.
    """
    copy_example(tmp_path)
    index = _index(tmp_path)
    record, admission = str(tmp_path / RECORD), str(tmp_path / ADMISSION)
    with index.tracker.tracking() as first:
        assert index.admission_for(record) == admission
        assert index.admission_for(record) == admission
    with index.tracker.tracking() as second:
        assert index.admission_for(record) == admission
    assert admission in first and first == second
    fresh = _index(tmp_path)
    with fresh.tracker.tracking() as alone:
        fresh.admission_for(record)
    assert second == alone
    assert index.admission_for(record) == admission  # and outside any check
