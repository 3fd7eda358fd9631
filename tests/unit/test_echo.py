"""The one echo policy: plain words may be quoted in messages, values never."""

from __future__ import annotations

import pytest

from sot_lint import echo


@pytest.mark.parametrize("word", ["runtime_env", "CTO_HARNESS_CASE_LOCAL_BASE_URL", "status", "Title", "not-promoted"])
def test_plain_words_are_echoed(word: str) -> None:
    assert echo.quoted(word) == f"'{word}'"


@pytest.mark.parametrize(
    "value",
    [
        "AKIA" + "QZMHWBXTRVKPLDNJ",
        "gh" + "p_Ab3dE6gH9jK2",
        "llm.corp.internal",
        "10.1.2.3",
        "/home/bob",
        "AbCdEfGh",
        "a" * 41,
    ],
)
def test_values_are_not_echoed(value: str) -> None:
    assert not echo.safe(value) and echo.quoted(value) == echo.NOT_SHOWN


def test_parser_reasons_keep_syntax_and_hide_content() -> None:
    assert echo.reason("expected ',' or ']', but got '<stream end>'") == "expected ',' or ']', but got '<stream end>'"
    assert "corp" not in echo.reason("could not determine a constructor for the tag 'https://llm.corp.internal/x'")
    assert echo.reason("found character '\\t' that cannot start any token").endswith("start any token")
    assert echo.reason("weird: 10.1.2.3 unquoted") == "details not shown"
