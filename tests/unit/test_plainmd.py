"""The plain-markdown fast path must read exactly what markdown-it reads, or decline."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from support import EXAMPLE, RECORD

from sot_lint.parse import body, front, plainmd
from sot_lint.parse.source import split_lines

# Line starts and inline pieces chosen to sit at the edges of the subset: every block
# opener CommonMark knows, spaces and tabs where they change meaning, backtick runs of
# several lengths, breaks, and the characters that start other inline constructs.
STARTS = st.sampled_from(
    [
        "", "", "", "- ", "- ", "-", "-  ", "- - ", "--- ", "---", "***", "___", "===", "= ", "+ ", "* ",
        "# ", "## ", "###### ", "####### ", "#", "#x", "# #", "> ", "1. ", "1) ", "12. ", "2026-", "1.5 ",
        " ", "  ", "   ", "    ", "\t", " - ", "  - ", "```", "````", "~~~", "``` x", "```x`", "   ```",
        "<div>", "[a]: /u", "`", "``", "\u00a0", "\x0c", "|",
    ]
)  # fmt: skip
PIECES = st.sampled_from(
    [
        "a", "key", "decision_status", ":", ";", ",", ".", " ", "  ", "\t", "`", "``", "```", "` ", " `",
        "#", "##", " #", "-", "x.md", "a/b.json", "_", "*", "\\", "[", "]", "<", ">", "&", "!", "~",
        "\u00a0", "é", "\x1c", "\x85", "\u2003", "\x0b",
    ]
)  # fmt: skip
LINES = st.builds(lambda start, pieces: start + "".join(pieces), STARTS, st.lists(PIECES, max_size=8))
# Mostly lines the fast path accepts, so that it answers often enough to be compared.
PLAIN_STARTS = st.sampled_from(
    ["", "", "- ", "- ", "- `k`: ", "# ", "## ", "```", "~~~", "   ```", "    ```", "\t```", "`", "2026-", "x"]
)
PLAIN_PIECES = st.sampled_from(
    ["a", "k", ":", ";", ",", ".", " ", "  ", "\t", "`", "``", "#", " #", "x.md", "/b.json", "\t#", "~"]
)
PLAIN_LINES = st.builds(lambda start, pieces: start + "".join(pieces), PLAIN_STARTS, st.lists(PLAIN_PIECES, max_size=8))
DOCUMENTS = st.lists(st.one_of(*[PLAIN_LINES] * 8, LINES), max_size=12)


def _reference(lines: list[str]) -> list[tuple[str, int, int, int, list[tuple[tuple[bool, str], int]]]]:
    return [(b.kind, b.level, b.line, b.start, plainmd.segments(b.tokens)) for b in body.markdown_blocks(lines, 0)]


def _fast(lines: list[str]) -> list[tuple[str, int, int, int, list[tuple[tuple[bool, str], int]]]] | None:
    found = plainmd.blocks(lines, 0)
    if found is None:
        return None
    return [(b.kind, b.level, b.line, b.start, plainmd.segments(b.tokens)) for b in found]


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOCUMENTS)
@example(["- `a`: x  ", "lazy `b`", "- `c`: `d`"])
@example(["```", "# not a heading", "  ```  ", "# heading ##"])
@example(["para `a", "b` c", "- `x`", "   ```"])
@example(["` ", "\xa0 `"])  # a code span of spaces and a no-break space: only ASCII spaces count as "all spaces"
@example(["```", "    ```", "# h"])
@example(["```", "```\t", "# h"])
@example(["~~~~", "~~~", "# h", "~~~~~ ", "- `k`: v"])
@example(["# a \t#", "# a#", "# #", "#\t#x #", "###### `x` ###  "])
def test_fast_path_agrees_with_markdown_it_whenever_it_answers(lines: list[str]) -> None:
    fast = _fast(lines)
    if fast is not None:
        assert fast == _reference(lines)


def test_fast_path_reads_the_real_record_and_equals_markdown_it() -> None:
    lines = split_lines((EXAMPLE / RECORD).read_text("utf-8"))
    offset = front.parse(lines).body_start - 1
    fast = plainmd.blocks(lines, offset)
    assert fast is not None, "the example record must take the fast path"
    reference = body.markdown_blocks(lines, offset)
    assert [(b.kind, b.line, plainmd.segments(b.tokens)) for b in fast] == [
        (b.kind, b.line, plainmd.segments(b.tokens)) for b in reference
    ]
    assert sum(b.kind == "item" for b in fast) >= 20 and sum(b.kind == "heading" for b in fast) >= 5


def test_constructs_outside_the_subset_go_to_markdown_it() -> None:
    for lines in (
        ["- `a`: b", "  - `nested`: c"],  # indentation
        ["Title", "====="],  # setext heading
        ["- `a`: *b*"],  # emphasis
        ["> quote"],
        ["1. `a`: b"],
        ["[ref]: /url"],
    ):
        assert plainmd.blocks(lines, 0) is None, lines
    parsed = body.parse(("- `a`: b", "  - `nested`: c"), 1)
    assert [(f.key, f.value, f.line) for f in parsed.fields] == [("a", "b", 1), ("nested", "c", 2)]
