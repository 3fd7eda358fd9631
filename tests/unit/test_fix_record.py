"""Record fixes: the title from the H1, and field syntax that the parser reads the same before and after."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from support import EXAMPLE, RECORD

from sot_lint.config import Config
from sot_lint.fix.overlay import Overlay
from sot_lint.fix.record import record_edits, yaml_scalar
from sot_lint.fix.textfile import TextFile
from sot_lint.parse import document

ORIGINAL = (EXAMPLE / RECORD).read_text("utf-8")


def _edits(text: str) -> dict[int, str]:
    doc = document.parse("r.md", "markdown", text.encode("utf-8"), 1 << 20)
    return {e.line: e.text for e in record_edits(doc, Config(), set(), lambda code: True)}


def test_the_example_needs_no_fix() -> None:
    assert _edits(ORIGINAL) == {}


def test_title_period_and_code_span_are_restored() -> None:
    mutated = (
        ORIGINAL.replace("title: CTO Case Provider Decision Record", "title: Another title")
        .replace("- `provider`: `qwen-local`.", "- `provider`: qwen-local")
        .replace("no secret value.", "no secret value")
        .replace("- `model`: `qwen3.6-35b-a3b`.", "- model: qwen3.6-35b-a3b.")
    )
    lines = mutated.split("\n")
    for line, text in _edits(mutated).items():
        lines[line - 1] = text
    expected = ORIGINAL.replace("- `model`: `qwen3.6-35b-a3b`.", "- model: `qwen3.6-35b-a3b`.")
    assert "\n".join(lines) == expected


def test_lines_with_a_leak_and_prose_values_are_not_touched() -> None:
    mutated = ORIGINAL.replace("- `provider`: `qwen-local`.", "- `provider`: qwen-local")
    doc = document.parse("r.md", "markdown", mutated.encode("utf-8"), 1 << 20)
    assert record_edits(doc, Config(), {16}, lambda code: True) == []
    prose = ORIGINAL.replace("on 2026-05-31.", "on 2026-05-31")  # approval_source is prose: a period, no span
    assert _edits(prose) == {20: "- `approval_source`: JP chat approval on 2026-05-31."}


text_no_newline = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1)


@settings(max_examples=200, deadline=None)
@given(text_no_newline)
def test_yaml_scalar_loads_back_as_the_same_text(text: str) -> None:
    assert yaml.safe_load(f"title: {yaml_scalar(text)}") == {"title": text}


def test_text_file_keeps_bom_crlf_and_missing_final_newline() -> None:
    for data in (b"\xef\xbb\xbfa\r\nb\r\n", b"a\nb", b"", b"a\rb\r"):
        decoded = TextFile.decode(data)
        assert decoded is not None and decoded.encode() == data
    assert TextFile.decode(b"\xff") is None


def test_overlay_answers_from_buffers_first(tmp_path: object) -> None:
    from pathlib import Path

    root = Path(str(tmp_path))
    (root / "a.md").write_text("disk", "utf-8")
    overlay = Overlay({root / "a.md": b"buffer", root / "new.json": b"{}"})
    assert overlay.read(root / "a.md", 100) == b"buffer"
    assert overlay.read(root / "a.md", 2) == b"buf"
    assert overlay.exists(root / "new.json") and not overlay.exists(root / "other.json")
    assert overlay.listdir(root) == ["a.md", "new.json"]
