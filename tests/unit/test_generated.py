"""Machine-generated tokens with no vendor prefix and no name (SOT301): found alone, never in ordinary text.

Every token is drawn here at test time from a seeded generator: no file of
this repository holds one.
"""

from __future__ import annotations

import hashlib
import random
import string
import uuid
from pathlib import Path

import pytest
from support import ADMISSION, copy_example, insert_line, replace_once, run_json

from sot_lint.cli import main
from sot_lint.leaks import endpoints, generated

_RNG = random.Random(2611)
_ALPHABET = string.ascii_lowercase + string.digits
RECORD = Path(".sot/03-PROTOCOLS/CTO-CASE-PROVIDER-DECISION-RECORD.md")


def _draw(length: int) -> str:
    """A token as many services issue them: lowercase letters and digits, drawn at random."""
    return "".join(_RNG.choice(_ALPHABET) for _ in range(length))


def _interleaved(length: int) -> str:
    """A draw whose letters and digits alternate in groups, as `looks_generated` asks: always a token."""
    while True:
        token = _draw(length)
        if generated.looks_generated(token):
            return token


def _kinds(line: str) -> list[str]:
    return [hit.kind for hit in endpoints.scan_line(line)]


@pytest.mark.parametrize("length", [20, 24, 32, 40, 64])
def test_a_token_alone_in_a_sentence_is_a_secret(length: int) -> None:
    token = _interleaved(length)
    for line in (
        f"The trial log showed {token} before the run was stopped.",
        f"Use `{token}` for the staging bucket.",
        f"({token})",
        f"The service answered: {token}",
    ):
        assert [(hit.code, hit.kind, hit.value) for hit in endpoints.scan_line(line)] == [
            ("SOT301", generated.KIND, token)
        ], line


def test_most_random_draws_are_found() -> None:
    """Interleaving is what a random draw does: most draws of every length pass, not a lucky few."""
    for length in (20, 32, 64):
        draws = [_draw(length) for _ in range(400)]
        found = sum(_kinds(f"The log showed {token} today.") == [generated.KIND] for token in draws)
        assert found >= 0.75 * len(draws), (length, found)


@pytest.mark.parametrize(
    "make",
    [
        lambda: hashlib.sha1(_draw(8).encode()).hexdigest(),  # a commit id
        lambda: hashlib.sha256(_draw(8).encode()).hexdigest(),  # a digest
        lambda: str(uuid.UUID(int=_RNG.getrandbits(128))),
        lambda: "mysqlserver01production",  # words glued to a number
        lambda: "kubernetesdeployment2024",
        lambda: "node18alpine3configuration7",  # numbers between words: one word is longer than chance makes
        lambda: "cp311-cp311-manylinux2014_x86_64",  # a wheel tag
        lambda: "abcdefgh12345678ijklmnop",  # typed in order
        lambda: "a1b2c3" * 4,  # a group typed over and over
        lambda: _interleaved(24).upper(),  # another alphabet: left to detect-secrets and names
    ],
)
def test_digests_ids_words_and_stand_ins_are_not_tokens(make: object) -> None:
    assert callable(make)
    value = make()
    assert _kinds(f"The build recorded {value} for the release.") == []


@pytest.mark.parametrize(
    "line",
    [
        "see https://git.example.com/acme/{}/raw",  # a path segment of a link
        "mirror at {}.example.com",  # a host name
        "mail {}@example.com",  # an e-mail address
        "ref acme-{}-prod",  # part of a slug
        "blob {}+QmFzZTY0",  # part of base64
        "file {}.json",  # a file name
    ],
)
def test_a_token_inside_a_longer_word_is_not_alone(line: str) -> None:
    assert generated.KIND not in _kinds(line.format(_interleaved(24)))


@pytest.mark.parametrize(
    "line",
    [
        "export BUILD_ID={}",
        "image_digest = '{}'",
        "- `build_id`: `{}`.",
        "release: {}",
        '{{"build": "{}"}}',
    ],
)
def test_a_value_under_a_name_is_judged_by_its_name(line: str) -> None:
    """A name that is not password-like says what the value is: nothing to report."""
    assert _kinds(line.format(_interleaved(24))) == []


def test_a_value_under_a_password_like_name_keeps_the_names_finding() -> None:
    token = _interleaved(24)
    assert _kinds(f"export API_TOKEN={token}") == ["secret-named field"]


def test_a_record_with_a_token_in_prose_fails_without_showing_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    token = _interleaved(32)
    example = copy_example(tmp_path)
    insert_line(example / RECORD, 26, f"The trial run printed {token} before it was stopped.")
    code, report, err = run_json(capsys, str(example))
    hits = [f for f in report["findings"] if f["code"] == "SOT301"]
    assert code == 1
    assert [(f["line"], f["severity"]) for f in hits] == [(27, "error")]
    assert generated.KIND in hits[0]["message"]
    assert token not in str(report) and token not in err


def test_a_token_in_prose_a_heading_and_an_admission_note_is_in_no_output_nor_the_cache(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never leak (SPEC §3): every format of the check and of the register, and the result cache."""
    tokens = [_interleaved(28) for _ in range(3)]
    example = copy_example(tmp_path)
    (example / ".git").mkdir()  # the repository root: the cache lives there
    insert_line(example / RECORD, 26, f"The trial run printed {tokens[0]} before it was stopped.")
    insert_line(example / RECORD, 27, f"## Rotated {tokens[1]} - 2026-06-02")  # a dated section: the HTML shows it
    replace_once(
        example / ADMISSION, '"provider": "qwen-local"', f'"note": "see {tokens[2]} here", "provider": "qwen-local"'
    )
    monkeypatch.chdir(example)
    printed = ""
    for output_format in ("text", "json", "sarif", "github", "junit", "gitlab"):
        assert main(["check", "--format", output_format]) == 1
        captured = capsys.readouterr()
        printed += captured.out + captured.err
    for output_format in ("text", "json", "csv", "markdown", "html"):
        assert main(["status", "--format", output_format]) == 0
        captured = capsys.readouterr()
        printed += captured.out + captured.err
    cache = "".join(p.read_bytes().decode("latin-1") for p in (example / ".sot-lint-cache").rglob("*") if p.is_file())
    assert printed.count(f"[redacted {generated.KIND}") >= 3
    for token in tokens:
        assert token not in printed and token not in cache
