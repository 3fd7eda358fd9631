"""Fix planning is pure: it reads through a file source (here buffers over disk) and drops unsafe plans."""

from __future__ import annotations

from pathlib import Path

from support import ADMISSION, EXAMPLE, RECORD

from sot_lint.config import Config
from sot_lint.fix import FileChange, Planner
from sot_lint.fix.overlay import Overlay
from sot_lint.leaks import Scanner
from sot_lint.selection import Selection

TEXT = (EXAMPLE / RECORD).read_text("utf-8")


def _planner(files: Overlay) -> Planner:
    config = Config(root=EXAMPLE.resolve())
    return Planner(config, Selection(), Scanner.from_config(config), EXAMPLE.resolve(), files)


def test_a_plan_over_buffers_reads_them_and_writes_nothing() -> None:
    record = (EXAMPLE / RECORD).resolve()
    buffers = Overlay({record: TEXT.replace("title: CTO Case Provider Decision Record", "title: Draft").encode()})
    before = record.read_bytes()
    plan = _planner(buffers).plan([record], only={"SOT105"})
    (change,) = plan.changes.values()
    assert change.after == TEXT.encode() and [f.code for f in change.fixes] == ["SOT105"]
    assert record.read_bytes() == before


def test_only_limits_the_rules_fixed() -> None:
    record = (EXAMPLE / RECORD).resolve()
    mutated = TEXT.replace("title: CTO Case Provider Decision Record", "title: Draft").replace(
        "- `provider`: `qwen-local`.", "- `provider`: qwen-local"
    )
    planner = _planner(Overlay({record: mutated.encode()}))
    assert [f.code for c in planner.plan([record], only={None}).changes.values() for f in c.fixes] == [None]
    assert sorted(f.line for c in planner.plan([record]).changes.values() for f in c.fixes) == [2, 16]


def test_a_title_is_never_copied_from_an_h1_holding_a_leak() -> None:
    record = (EXAMPLE / RECORD).resolve()
    leaky = TEXT.replace("# CTO Case Provider Decision Record", "# Record for http://" + "10.9.8.7:8000/v1")
    plan = _planner(Overlay({record: leaky.encode()})).plan([record])
    assert not plan.changes
    assert plan.notes == [
        f"{RECORD}: SOT105 left: the title or the H1 holds a flagged value, or the title is not one plain line"
    ]


def test_a_change_that_adds_a_finding_is_not_clean() -> None:
    record, admission = (EXAMPLE / RECORD).resolve(), (EXAMPLE / ADMISSION).resolve()
    planner = _planner(Overlay({}))
    worse = TEXT.replace("JP chat approval on 2026-05-31.", "JP chat approval, see http://" + "10.9.8.7:8000/v1.")
    change = FileChange(record, RECORD, TEXT.encode(), worse.encode())
    change.related.add(admission)
    assert not planner._clean({record: change})
    same = FileChange(record, RECORD, TEXT.encode(), TEXT.encode())
    assert planner._clean({record: same})
    same.resolves.append((RECORD, "SOT105"))  # claims to fix what was never there: not clean either
    assert not planner._clean({record: same})


def test_paths_outside_the_example_are_never_planned(tmp_path: Path) -> None:
    outside = tmp_path / "notes.md"
    outside.write_text(TEXT.replace("title: CTO Case Provider Decision Record", "title: Draft"), "utf-8")
    plan = _planner(Overlay({})).plan([outside])
    assert not plan.changes and any("not a SOT file" in note for note in plan.notes)
