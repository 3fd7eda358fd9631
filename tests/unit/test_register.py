"""The register's model and formats on the real example, without the CLI."""

from __future__ import annotations

import dataclasses
import datetime
import io
import json
import re
from pathlib import Path

import pytest
from support import ADMISSION, EXAMPLE, RECORD

from sot_lint.config import Config
from sot_lint.finding import Finding, Severity
from sot_lint.parse import document
from sot_lint.register import history, model
from sot_lint.register.formats import WIDTH, format_named
from sot_lint.register.view import Register, cut
from sot_lint.repo.index import Index

TODAY = datetime.date(2026, 9, 1)
ANSI = re.compile(r"\033\[[0-9;]*m")


def _row(root: Path, name: str = RECORD, text: str | None = None) -> model.Row | None:
    config = Config(root=root)
    path = root / name
    if text is not None:
        path.write_text(text, "utf-8")
    index = Index.open(config, root)
    return model.build(index.load(path), path, config, index)


def _example(tmp_path: Path) -> Path:
    import shutil

    shutil.copytree(EXAMPLE, tmp_path, dirs_exist_ok=True)
    return tmp_path


def test_a_record_becomes_a_row_with_its_state_and_evidence(tmp_path: Path) -> None:
    row = _row(_example(tmp_path))
    assert row is not None
    assert row.path == RECORD
    assert row.cells == {
        "title": "CTO Case Provider Decision Record",
        "status": "draft",
        "last_reviewed": "2026-05-31",
        "decision_status": "local_provider_required",
        "provider": "qwen-local",
        "model": "qwen3.6-35b-a3b",
        "fallback_provider": "openai-codex",
        "fallback_model": "gpt-5.5",
    }
    assert (row.admission, row.admission_path, row.error) == ("ok", ADMISSION, None)
    assert [(title, date) for title, date, _ in row.sections] == [
        ("Runtime Compatibility Finding - 2026-06-01", "2026-06-01"),
        ("Provider Policy Update - 2026-06-01", "2026-06-01"),
        ("Spark Endpoint Config Reference - 2026-06-01", "2026-06-01"),
    ]
    stored = model.Row.from_json(json.loads(json.dumps(row.to_json())))
    assert stored == dataclasses.replace(row, lines={})  # lines serve redaction only, done before storing
    for broken in ([], [row.path], [*row.to_json()[:2], "maybe", None, [], None], {"path": row.path}):
        with pytest.raises((TypeError, ValueError)):
            model.Row.from_json(broken)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("`model`: `qwen3.6-35b-a3b`", "`model`: `qwen3.7-72b`"), "missing"),
        (("`fallback_model`: `gpt-5.5`", "`fallback_model`: `gpt-5.6`"), "mismatch"),
        (("`decision_status`: `local_provider_required`", "`decision_status`: `not_decided`"), "not-needed"),
    ],
)
def test_admission_says_whether_the_evidence_exists_and_agrees(
    tmp_path: Path, change: tuple[str, str], expected: str
) -> None:
    root = _example(tmp_path)
    text = (root / RECORD).read_text("utf-8").replace(*change, 1)
    row = _row(root, text=text)
    assert row is not None and row.admission == expected


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("2026-05-31", "2026-05-31"),
        ('"2026-05-31"', "2026-05-31"),  # quoted: the same day
        ("2026-05-31T09:30:00Z", "2026-05-31"),  # with a time: the day
        ("2026-02-30", "2026-02-30"),  # impossible: as written (SOT103 reports it)
        ("2026-５-31", "2026-５-31"),  # not ASCII digits: as written
        ("next week", "next week"),
    ],
)
def test_the_review_date_is_shown_as_its_day(tmp_path: Path, written: str, shown: str) -> None:
    root = _example(tmp_path)
    text = (root / RECORD).read_text("utf-8").replace("last_reviewed: 2026-05-31", f"last_reviewed: {written}", 1)
    row = _row(root, text=text)
    assert row is not None and row.cells["last_reviewed"] == shown


def test_an_admission_file_that_is_not_json_is_a_mismatch(tmp_path: Path) -> None:
    root = _example(tmp_path)
    (root / ADMISSION).write_text("{ not json", "utf-8")
    row = _row(root)
    assert row is not None and row.admission == "mismatch"


def test_records_that_cannot_be_parsed_are_rows_with_their_error(tmp_path: Path) -> None:
    root = _example(tmp_path)
    text = (root / RECORD).read_text("utf-8")
    broken = _row(root, text=text.replace("owner: jp", "owner: [jp"))
    assert broken is not None and broken.error is not None and broken.error.startswith("SOT003")
    assert broken.cells["decision_status"] == "local_provider_required"  # the body still reads
    (root / RECORD).write_bytes(b"\0\1binary")
    binary = _row(root)
    assert binary is not None and binary.error is not None and "binary" in binary.error
    assert binary.admission is None
    (root / ".sot" / "notes.md").write_text("# Notes\nplain text\n", "utf-8")
    assert _row(root, ".sot/notes.md") is not None  # no frontmatter: it may be a record, so it is listed
    (root / ".sot" / "readme.md").write_text("---\ntitle: x\n---\n# x\n", "utf-8")
    assert _row(root, ".sot/readme.md") is None  # reads fine, no decision state: not a record


def _entry(row: model.Row, findings: tuple[Finding, ...] = (), max_age: int = 90) -> model.Entry:
    config = Config(review_max_age_days=max_age)
    return model.entries([row], model.tally(findings), config, TODAY, findings=findings)[0]


def test_age_and_staleness_follow_review_max_age_days(tmp_path: Path) -> None:
    row = _row(_example(tmp_path))
    assert row is not None
    age = (TODAY - datetime.date(2026, 5, 31)).days
    assert _entry(row, max_age=age).review_age_days == age
    assert _entry(row, max_age=age).stale is False
    assert _entry(row, max_age=age - 1).stale is True


def test_a_cell_on_a_line_flagged_as_a_leak_is_kept_as_the_label_only(tmp_path: Path) -> None:
    row = _row(_example(tmp_path))
    assert row is not None
    line = row.lines["model"]
    leak = Finding(RECORD, line, 3, line, "SOT301", "secret", Severity.ERROR, "x")
    labelled = leak._replace(message="secret found: [redacted GitHub Token #53eb]")
    redacted = model.redact(row, (labelled,))
    assert redacted.cells["model"] == "[redacted GitHub Token #53eb]"
    assert redacted.cells["provider"] == "qwen-local" and redacted.admission_path is None  # its name holds the model
    assert model.redact(row, (leak,)).cells["model"] == "[redacted]"
    assert model.redact(row, (leak._replace(code="SOT107"),)) == row
    assert model.redact(row, (leak._replace(path="other.md"),)) == row
    section = row.sections[0]
    heading = leak._replace(line=section[2], message="[redacted URL #0a1b]")
    assert model.redact(row, (heading,)).sections[0] == ("[redacted URL #0a1b]", section[1], section[2])


def test_a_cell_on_a_line_holding_an_unreported_leak_shows_the_leaks_label(tmp_path: Path) -> None:
    """A leak with no finding (suppressed, not selected, in the baseline) is redacted all the same."""
    from sot_lint.leaks import Leak
    from sot_lint.leaks.redact import label

    row = _row(_example(tmp_path))
    assert row is not None
    value = "qwen3.6-35b-a3b"  # stands for a detected value: only its line and label matter here
    leak = Leak("SOT301", "GitHub Token", value, row.lines["model"], 3, "")
    redacted = model.redact(row, (), (leak,))
    assert redacted.cells["model"] == label("GitHub Token", value) and value not in str(redacted.to_json())
    reported = Finding(RECORD, leak.line, 3, leak.line, "SOT301", "secret", Severity.ERROR, "[redacted URL #0a1b]")
    assert model.redact(row, (reported,), (leak,)).cells["model"] == "[redacted URL #0a1b]"  # the finding's label
    assert model.redact(row, (), (leak._replace(line=1),)) == row  # no shown cell on that line


@pytest.mark.parametrize(
    ("text", "width", "middle", "expected"),
    [
        ("short", 10, False, "short"),
        ("local_provider_required", 10, False, "local_pro…"),
        (".sot/clean/RECORD.md", 11, True, ".sot/…RD.md"),
        ("abc", 1, True, "…"),
    ],
)
def test_cut_marks_the_cut_with_an_ellipsis(text: str, width: int, middle: bool, expected: str) -> None:
    assert cut(text, width, middle) == expected
    assert len(cut(text, width, middle)) <= width


def _register(rows: list[model.Row], findings: tuple[Finding, ...] = ()) -> Register:
    config = Config()
    entries = model.entries(rows, model.tally(findings), config, TODAY, findings=findings)
    return Register(tuple(entries), TODAY, config.review_max_age_days, config.statuses)


def test_the_text_table_fits_80_columns_and_colours_only_when_asked(tmp_path: Path) -> None:
    row = _row(_example(tmp_path))
    assert row is not None
    long = model.Row(
        "a/very/long/directory/name/that/goes/on/and/on/" + "X" * 60 + ".md",
        {**row.cells, "model": "m" * 70, "decision_status": "external_provider_approved"},
        "mismatch",
        None,
        (),
        None,
    )
    plain, tinted = io.StringIO(), io.StringIO()
    format_named("text")(_register([row, long]), plain, False)
    format_named("text")(_register([row, long]), tinted, True)
    table = plain.getvalue().split("\n\n")[0].splitlines()
    assert all(len(line) <= WIDTH for line in table), table
    assert "…" in table[-1] and not ANSI.search(plain.getvalue())
    assert ANSI.search(tinted.getvalue())
    assert ANSI.sub("", tinted.getvalue()) == plain.getvalue()


def test_sorting_by_age_puts_the_oldest_review_first(tmp_path: Path) -> None:
    row = _row(_example(tmp_path))
    assert row is not None
    older = model.Row("b.md", {**row.cells, "last_reviewed": "2026-01-01"}, "ok", None, (), None)
    newer = model.Row("a.md", {**row.cells, "last_reviewed": "2026-08-01"}, "ok", None, (), None)
    undecided = model.Row("c.md", {**row.cells, "decision_status": "not_decided"}, "ok", None, (), None)
    items = model.entries([newer, older, undecided], {}, Config(), TODAY)
    assert [e.row.path for e in model.sort(items, "age", Config().statuses)] == ["b.md", "c.md", "a.md"]
    assert next(e.row.path for e in model.sort(items, "status", Config().statuses)) == "c.md"
    assert [e.row.path for e in model.sort(items, "path", Config().statuses)] == ["a.md", "b.md", "c.md"]


def test_history_tokens_survive_chunk_boundaries() -> None:
    stream = b"\x01abc 2026\x00\n:1 2 x y M\x00p\xc3\xa9 q.md\x00"
    chunks = [stream[i : i + 3] for i in range(0, len(stream), 3)]
    assert list(history._split(iter(chunks))) == ["\x01abc 2026", "\n:1 2 x y M", "pé q.md"]


def test_the_example_parses_as_the_check_parses_it(tmp_path: Path) -> None:
    root = _example(tmp_path)
    doc = document.parse(RECORD, "markdown", (root / RECORD).read_bytes(), 1 << 20)
    assert doc.section(Config().state_section) is not None


def test_each_json_record_is_the_json_of_its_record(tmp_path: Path) -> None:
    """The JSON format writes its records directly: each must be, byte for byte, what `json.dumps` writes."""
    from sot_lint.register.formats import record

    row = _row(_example(tmp_path))
    assert row is not None
    awkward = model.Row(
        'dir/"quoted" \\ back.md',
        {**row.cells, "title": "Entscheidung über \u00e9t\u00e9 \u2013 \U0001f600\ttab", "model": None, "status": None},
        None,
        None,
        (('Section "one" - 2026-06-01', "2026-06-01", 7),),
        "SOT003 invalid YAML (line 2)",
    )
    findings = (Finding(RECORD, 1, 1, 1, "SOT107", "stale-review", Severity.ERROR, "x"),)
    register = _register([row, awkward], findings)
    changes = (model.Change("abc1234", "2026-06-01T10:00:00+02:00", None, "not_decided"),)
    register = dataclasses.replace(
        register, entries=(dataclasses.replace(register.entries[0], history=changes), register.entries[1]), history=True
    )
    stream = io.StringIO()
    format_named("json")(register, stream, False)
    lines = [line.strip().rstrip(",") for line in stream.getvalue().splitlines() if line.startswith("    {")]
    assert lines == [json.dumps(record(entry)) for entry in register.entries]
    assert json.loads(stream.getvalue())["records"][0]["history"][0]["from"] is None
