"""The placeholder model judges a token's secret part, not the ids it carries; `user:'password'` in prose.

Every fake value is built here at test time from random parts.
"""

from __future__ import annotations

import random
import string

import pytest

from sot_lint.leaks import endpoints, named
from sot_lint.leaks.placeholder import is_placeholder

_RNG = random.Random(1407)
_MIXED = string.ascii_letters + string.digits


def _random(alphabet: str, length: int) -> str:
    return "".join(_RNG.choice(alphabet) for _ in range(length))


def _in_prose(value: str) -> list[str]:
    return [hit.kind for hit in endpoints.scan_line(f"The trial log showed {value} before the run was stopped.")]


@pytest.mark.parametrize(
    ("kind", "ids"),
    [("b", "123456789012"), ("a", "2-511111111-31111111111-3111111111111"), ("b", "100000000-200000000")],
)
def test_made_up_ids_beside_a_random_secret_part_leave_a_slack_token_a_secret(kind: str, ids: str) -> None:
    """Docs and tests type ids by hand (`123456789012`); the random part after them is the secret."""
    token = "xox" + kind + "-" + ids + "-" + _random(_MIXED, 24)
    assert not is_placeholder(token)
    assert any(kind.startswith("Slack") for kind in _in_prose(token))


@pytest.mark.parametrize(
    "value",
    [
        "xox" + "b-123456789012-" + "x" * 24,  # the secret part masked
        "xox" + "p-572370529330-573807301142-abcdefghijkl",  # the secret part typed in order
        "1234-5678-9012-3456",  # no part but ids: judged whole, as before
        "123456-abcd",  # too little left beside the id to judge on its own
    ],
)
def test_ids_do_not_make_a_stand_in_a_secret(value: str) -> None:
    assert is_placeholder(value)


def test_a_quoted_password_after_a_user_name_in_prose_is_found() -> None:
    password = _random(string.ascii_lowercase, 5) + _random(string.ascii_uppercase, 5) + _random(string.digits, 4)
    for written in (f"kevin:'{password}'", f'kevin:"{password}"', f"kevin:{password}"):
        assert [hit[1] for hit in named.scan_line(f"The log showed {written} before.")] == ["user and password"]
    assert named.scan_line(f"The log showed kevin:'{password}\" before.") == []  # quotes that do not pair
