"""The in-place JSON editor: only the touched members change, the rest keeps its bytes and layout."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import ADMISSION, EXAMPLE

from sot_lint.fix import jsonedit

ORIGINAL = (EXAMPLE / ADMISSION).read_text("utf-8")
ORDER = list(json.loads(ORIGINAL))


def test_a_changed_value_keeps_every_other_byte() -> None:
    changed = jsonedit.update(ORIGINAL, {"model": "qwen3.7"}, ORDER)
    assert changed == ORIGINAL.replace('"model": "qwen3.6-35b-a3b"', '"model": "qwen3.7"')


@pytest.mark.parametrize("name", ORDER)
def test_a_removed_member_comes_back_where_it_was(name: str) -> None:
    value = json.loads(ORIGINAL)
    removed = jsonedit.update(ORIGINAL, {name: None}, ORDER)
    assert removed is not None and name not in json.loads(removed)
    restored = jsonedit.update(removed, {name: value[name]}, ORDER)
    assert restored is not None and json.loads(restored) == value
    assert list(json.loads(restored)) == ORDER  # key order kept
    if name != "runtime_env":  # an inserted array gets one item per line; this one was written on one line
        assert restored == ORIGINAL


def test_compact_objects_stay_compact() -> None:
    text = '{"a": 1, "c": 3}'
    assert jsonedit.update(text, {"b": 2}, ["a", "b", "c"]) == '{"a": 1, "b": 2, "c": 3}'
    assert jsonedit.update(text, {"a": None}, ["a", "c"]) == '{"c": 3}'
    assert jsonedit.update(text, {"c": None}, ["a", "c"]) == '{"a": 1}'
    assert jsonedit.update("{}", {"a": 1}, ["a"]) == '{\n  "a": 1\n}'


@pytest.mark.parametrize("text", ["[]", '{"a": }', '{"a": 1} x', "", '{"a" 1}', '"text"'])
def test_anything_but_one_object_is_left_alone(text: str) -> None:
    assert jsonedit.update(text, {"a": 2}, ["a"]) is None


names = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=8)
values = st.one_of(st.text(max_size=10), st.integers(), st.lists(st.text(max_size=5), max_size=3), st.booleans())


@settings(max_examples=150, deadline=None)
@given(
    st.dictionaries(names, values, max_size=5),
    st.dictionaries(names, st.one_of(st.none(), values), max_size=4),
    st.integers(0, 2),
)
def test_update_gives_exactly_the_wanted_object(
    start: dict[str, object], wanted: dict[str, object], layout: int
) -> None:
    text = json.dumps(start, indent=(None, 2, 4)[layout], ensure_ascii=layout == 1)
    changed = jsonedit.update(text, wanted, sorted({*start, *wanted}))
    expected = {k: v for k, v in {**start, **wanted}.items() if v is not None}
    assert changed is not None and json.loads(changed) == expected
    untouched = [k for k in start if k not in wanted]
    assert [k for k in json.loads(changed) if k in untouched] == untouched  # relative order of the rest kept
