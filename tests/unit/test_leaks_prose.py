"""A password-like name holds in prose too: `the password is P4ss…` is a finding, `the password is AES-256-GCM` not.

Every fake value is built here at test time from random parts.
"""

from __future__ import annotations

import random
import string

import pytest

from sot_lint.leaks import Scanner, endpoints
from sot_lint.parse.document import Document

_RNG = random.Random(3014)


def _password() -> str:
    """A chosen password's shape: both cases, digits inside the letters, a symbol."""
    pick = _RNG.choice
    return (
        pick(string.ascii_uppercase)
        + pick(string.ascii_lowercase)
        + pick(string.digits)
        + "".join(pick(string.ascii_lowercase) for _ in range(3))
        + pick(string.digits)
        + pick("!&%#")
        + pick(string.ascii_uppercase)
    )


def _kinds(line: str) -> list[str]:
    return [hit.kind for hit in endpoints.scan_line(line)]


@pytest.mark.parametrize(
    "sentence",
    [
        "The admin password is {} for now.",
        "The password was set to `{}` yesterday.",
        "The root passphrase has been reset to {} on the host.",
        "Until Friday the pwd is {}.",
        "Set the admin password to {} on the new host.",
    ],
)
def test_a_password_given_in_a_sentence_is_found(sentence: str) -> None:
    value = _password()
    hits = [hit for hit in endpoints.scan_line(sentence.format(value)) if hit.value == value]
    assert [hit.kind for hit in hits] == ["password in a sentence"]


@pytest.mark.parametrize(
    "term",
    [
        "AES-256-GCM", "TLS1.3-only", "JWT/OAuth2", "Base64-encoded", "OAuth2Proxy-managed", "x86_64-Linux",
        "stored", "$DB_PASSWORD", "<your password>", "Xk9" + "x" * 10,
    ],
)  # fmt: skip
def test_a_sentence_that_describes_a_password_is_no_finding(term: str) -> None:
    """A term, a variable, a stand-in or a password of one case only says how the password is kept."""
    assert _kinds(f"The password is {term} in this setup.") == []


def test_a_large_audit_finds_a_password_in_a_sentence_too() -> None:
    """The Hyperscan screen of a large audit lets the sentence through to the name detectors."""
    pytest.importorskip("hyperscan", reason="Hyperscan has no wheel for this platform: audits use the regexes alone")
    value = _password()
    lines = ("# Demo", "", f"The admin password is {value} until the rotation.", f"Then reset the password to {value}.")
    doc = Document("demo.md", "markdown", lines)
    warm = Scanner(endpoints.Allowlist(), endpoints.Sensitive())
    warm.warm()
    assert warm._automaton is not None
    found = [(leak.line, leak.kind) for leak in warm.scan(doc, "demo.md") if leak.value == value]
    assert found == [(3, "password in a sentence"), (4, "password in a sentence")]


@pytest.mark.parametrize(
    "sentence",
    [
        "Set the password policy to AES-256-GCM before the audit.",
        "Change your password to <your new password> at first login.",
        "Reset the password to $DEFAULT_PASSWORD after the drill.",
    ],
)
def test_a_sentence_that_tells_how_to_set_a_password_is_no_finding(sentence: str) -> None:
    assert _kinds(sentence) == []
