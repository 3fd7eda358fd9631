"""Keys read from a record's body text (Nygard records): the value, its line and column."""

from __future__ import annotations

from sot_lint.parse import body
from sot_lint.parse.sections import text_keys

NYGARD = """\
# 3. Build with a task runner

Date: 2026-01-20

## Status

<!-- set by adr-tools -->
Superseded by [4. Build with
nothing](0004-nothing.md)

Amends [2. Build with make](0002-build-with-make.md)

## Context

Date: 1999-01-01 is a line of the context, not the record's date.

```
Status: not a key either
```
"""


def keys(text: str, from_section: dict[str, str], from_line: dict[str, str]) -> dict[str, tuple[object, int, int]]:
    lines = tuple(text.split("\n"))
    parsed = body.parse(lines, 1)
    found = text_keys(lines, parsed.sections, 1, from_section, from_line)
    return {name: (key.value, key.line, key.column) for name, key in found.items()}


def test_status_is_the_first_paragraph_of_its_section_and_date_the_line_under_the_title() -> None:
    assert keys(NYGARD, {"status": "Status"}, {"date": "Date"}) == {
        "status": ("Superseded by [4. Build with nothing](0004-nothing.md)", 8, 1),
        "date": ("2026-01-20", 3, 7),
    }


def test_labels_match_without_case_and_only_above_the_first_section() -> None:
    text = "# T\n\nDATE:   2026-01-20  \n\n## Context\n\nOwner: someone\n"
    assert keys(text, {}, {"date": "date", "owner": "Owner"}) == {"date": ("2026-01-20", 3, 9)}


def test_a_missing_or_empty_section_gives_no_key() -> None:
    assert keys("# T\n\n## Status\n\n## Context\n\ntext\n", {"status": "Status", "x": "Nowhere"}, {}) == {}
