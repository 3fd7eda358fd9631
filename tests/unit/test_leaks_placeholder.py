"""The placeholder model judges a token's secret part, not the ids it carries; `user:'password'` in prose.

Every fake value is built here at test time from random parts.
"""

from __future__ import annotations

import os
import random
import string
import subprocess
import sys

import pytest

from sot_lint.leaks import endpoints, named
from sot_lint.leaks.placeholder import is_identifier, is_placeholder

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


def test_a_long_password_of_two_cases_after_a_user_name_is_found_an_identifier_is_not() -> None:
    """Three kinds of character are not needed from 12 characters on; words in camel case are no password."""
    password = "".join(_RNG.choice(string.ascii_letters) for _ in range(16))
    assert [hit[1] for hit in named.scan_line(f"The log showed developer:{password} before.")] == ["user and password"]
    for identifier in ("ClusterRoleBinding", "SharedIniFileCredentials", "getPagesInConfluenceSpace"):
        assert is_identifier(identifier)
        assert named.scan_line(f"Bind kube:{identifier} to the account.") == []


def test_the_kind_named_for_a_token_two_formats_match_is_the_same_in_every_run() -> None:
    """`sk-proj-…` keys hold OpenAI's `T3BlbkFJ` marker too: the format listed first names the finding."""
    token = "sk-" + "proj-" + _random(_MIXED, 40) + "T3Blbk" + "FJ" + _random(_MIXED, 40)
    script = (
        "from sot_lint.leaks import formats\n"
        f"print([hit[1] for hit in formats.scan_line('The log showed {token} today.')])\n"
    )
    kinds = {
        subprocess.run(
            [sys.executable, "-c", script],
            check=True,
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True,
            text=True,
        ).stdout
        for seed in range(6)
    }
    assert len(kinds) == 1 and "OpenAI project API key" in kinds.pop()
