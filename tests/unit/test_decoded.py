"""The decoded scan view: what a line means, mapped back to the raw line it came from."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sot_lint.leaks import decoded
from sot_lint.leaks.redact import scrub
from sot_lint.parse import document
from sot_lint.parse.document import Kind

HOST = "llm.corp." + "internal"


def _views(text: str, kind: str = "markdown") -> list[tuple[int, str]]:
    return decoded.views(document.parse("x", kind, text.encode(), 10**6))  # type: ignore[arg-type]


def test_a_plain_ascii_record_has_no_view() -> None:
    assert _views("---\ntitle: Plain\nstatus: draft\n---\n# Plain\n- `key`: `value`.\n") == []


def test_markdown_entities_escapes_fullwidth_and_format_characters() -> None:
    text = "---\ntitle: t\n---\n# t\n" + "\n".join(
        [
            HOST.replace(".", "&#46;"),
            "https\\://" + HOST.replace(".", "\\."),
            HOST.replace(".", "\uff0e"),
            HOST[:5] + "\u200b" + HOST[5:],
        ]
    )
    assert _views(text) == [(5, HOST), (6, "https://" + HOST), (7, HOST), (8, HOST)]


def test_yaml_escapes_tags_keys_and_continued_scalars_keep_their_start_line() -> None:
    escaped = HOST.replace(".", "\\x2e")
    text = f'---\ntitle: t\nhost: "{escaped}"\nnote: !ghp%5Fabc x\n"{escaped}": 1\nlong: "ab\\\n  cd"\n---\n# t\n'
    views = _views(text)
    assert (3, f"host: {HOST}") in views
    assert (4, "!ghp_abc") in views
    assert (5, HOST) in views
    assert (6, "long: abcd") in views


def test_json_strings_and_keys_are_unescaped_in_place() -> None:
    text = '{"AKIA\\u0051": "https:\\/\\/x"}\n'
    assert _views(text, "json") == [(1, '{"AKIAQ": "https://x"}')]


def test_scrub_replaces_a_value_written_in_an_encoded_form() -> None:
    text = "error near llm\uff0ecorp\uff0einternal:\nplain line"
    assert scrub(text, {HOST: "[H]"}) == "error near [H]:\nplain line"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(
            ["---", "a: b", '"\\x2e"', "  c", "&#46;", "\\.", "\uff0e", "!t%41 x", "- x", "\u00ad", "\u200b"]
        )
        | st.text(max_size=30),
        max_size=20,
    ).map("\n".join)
)
def test_views_never_raise_and_stay_in_range(text: str) -> None:
    """Every view names a line of the document and holds something to read (a soft hyphen alone does not)."""
    kinds: tuple[Kind, ...] = ("markdown", "json")
    for kind in kinds:
        doc = document.parse("x", kind, text.encode("utf-8", "surrogatepass"), 10**6)
        for line, view in decoded.views(doc):
            assert 1 <= line <= len(doc.lines) and view


def test_a_character_yaml_reads_as_a_line_break_does_not_move_a_view_to_another_line() -> None:
    """NEL and U+2028 end a line for YAML, not for the file: views keep the file's line numbers."""
    for text, expected in (
        ('---\nnote: "\x85"\nkey: "\\x41"\n---', (3, "key: A")),
        ('---\na: "x\u2028y"\nb: "\\x41"\n---', (3, "b: A")),
        ('---\n\x85\n\x85\nc: "\\x41"\n---', (4, "c: A")),
    ):
        doc = document.parse("x", "markdown", text.encode(), 10**6)
        views = decoded.views(doc)
        assert views[-1] == expected, text
        assert all(1 <= line <= len(doc.lines) for line, _ in views), text
