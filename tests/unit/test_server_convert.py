"""Positions and edits between sot-lint (1-based lines, code points) and LSP (0-based, UTF-16 units)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from lsprotocol import types

from sot_lint.finding import Finding, Severity
from sot_lint.fix import FileChange
from sot_lint.server.convert import diagnostic, index_at, span, text_edits, units


def test_units_count_what_each_encoding_counts() -> None:
    text = "Zoë 🚀 x"
    assert (units(text, "utf-16"), units(text, "utf-8"), units(text, "utf-32")) == (8, 11, 7)
    for encoding in ("utf-16", "utf-8", "utf-32"):
        for index in range(len(text) + 1):
            assert index_at(text, units(text[:index], encoding), encoding) == index


def test_a_finding_covers_its_code_span_word_or_value() -> None:
    assert span("- `provider`: `qwen-local`.", 4) == (3, 11)
    assert span("see http://10.0.0.1:8000/v1.", 5) == (4, 27)
    assert span("title: CTO Provider Record  ", 8) == (7, 26)
    assert span("  whole line  ", 1) == (2, 12)
    assert span("", 1) == (0, 0)


def test_diagnostic_range_after_non_ascii_text() -> None:
    line = "- `approval_source`: Zoë 🚀 see http://10.0.0.1:8000/v1."
    column = line.index("http") + 1
    finding = Finding("r.md", 1, column, 1, "SOT302", "endpoint", Severity.ERROR, "endpoint found: [redacted]")
    made = diagnostic(finding, (line,), "utf-16")
    start = units(line[: column - 1], "utf-16")
    assert made.range.start == types.Position(line=0, character=start)
    assert made.range.end.character == start + len("http://10.0.0.1:8000/v1")
    assert made.code == "SOT302" and made.severity == types.DiagnosticSeverity.Error and made.source == "sot-lint"


def _apply(text: str, edits: list[types.TextEdit]) -> str:
    lines = text.split("\n")

    def offset(position: types.Position) -> int:
        before = sum(len(line) + 1 for line in lines[: position.line])
        line = lines[position.line] if position.line < len(lines) else ""
        return min(before + len(line.encode("utf-16-le")[: position.character * 2].decode("utf-16-le")), len(text))

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end) :]
    return text


lines = st.lists(st.sampled_from(["a", "b", "é🚀", "", "c d"]), max_size=6)


@settings(max_examples=300, deadline=None)
@given(lines, lines, st.booleans())
def test_edits_turn_the_old_text_into_the_new(old: list[str], new: list[str], final: bool) -> None:
    def text(items: list[str]) -> str:
        return "\n".join(items) + ("\n" if final and items else "")

    change = FileChange(Path("/x.md"), "x.md", text(old).encode(), text(new).encode())
    assert _apply(text(old), text_edits(change, "utf-16")) == text(new)
