"""Hover text on a key: allowed values, and what the record's current status says about the field."""

from __future__ import annotations

from support import EXAMPLE, RECORD

from sot_lint.config import Config
from sot_lint.parse import document
from sot_lint.server.hover import hover

TEXT = (EXAMPLE / RECORD).read_text("utf-8")


def _hover(text: str, line: int, index: int) -> str | None:
    doc = document.parse("r.md", "markdown", text.encode("utf-8"), 1 << 20)
    found = hover(doc, Config(), line, index)
    return found[0] if found is not None else None


def test_field_key_under_a_decided_status_is_required() -> None:
    text = _hover(TEXT, 16, 5)
    assert text is not None and "**`provider`**" in text
    assert "The current status `local_provider_required` **requires** it." in text
    assert "Forbidden when `decision_status` is `not_decided`." in text


def test_the_same_key_under_not_decided_is_forbidden() -> None:
    undecided = TEXT.replace("- `decision_status`: `local_provider_required`.", "- `decision_status`: `not_decided`.")
    text = _hover(undecided, 16, 5)
    assert text is not None and "The current status `not_decided` **forbids** it." in text


def test_class_fields_and_frontmatter_keys_show_their_allowed_values() -> None:
    cls = _hover(TEXT, 15, 5)
    assert cls is not None and "a class identifier" in cls
    status = _hover(TEXT, 3, 2)
    assert status is not None and "`draft`, `proposed`, `active`, `superseded`, `rejected`, `retired`" in status
    assert "Required in every record." in status


def test_nothing_to_say_away_from_a_key() -> None:
    assert _hover(TEXT, 16, 20) is None
    assert _hover(TEXT, 12, 3) is None
    assert _hover(TEXT, 500, 0) is None
