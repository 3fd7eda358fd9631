"""Vendor token formats (SOT301): each found where it is written, its stand-ins never.

Every fake token is generated here, at test time, from the format's own
pattern with a fixed seed: no file of this repository holds one whole.
"""

from __future__ import annotations

import random
import re
import string
import sys
from typing import Any

import pytest

from sot_lint.leaks import endpoints, formats
from sot_lint.leaks.placeholder import is_placeholder

_parser: Any = sys.modules["re._parser"]
_c: Any = sys.modules["re._constants"]
_CATEGORY = {
    _c.CATEGORY_DIGIT: string.digits,
    _c.CATEGORY_WORD: string.ascii_letters + string.digits + "_",
    _c.CATEGORY_SPACE: " ",
}


def _chars(items: Any) -> str:
    """The characters a character class allows (ASCII only: enough for token bodies)."""
    allowed = ""
    for op, arg in items:
        if op is _c.LITERAL:
            allowed += chr(arg)
        elif op is _c.RANGE:
            allowed += "".join(chr(c) for c in range(arg[0], arg[1] + 1))
        elif op is _c.CATEGORY:
            allowed += _CATEGORY.get(arg, "")
    return allowed


def _generate(items: Any, rng: random.Random) -> str:
    out = []
    for op, arg in items:
        if op is _c.LITERAL:
            out.append(chr(arg))
        elif op is _c.IN:
            out.append(rng.choice(_chars(arg)))
        elif op is _c.SUBPATTERN:
            out.append(_generate(arg[-1], rng))
        elif op is _c.BRANCH:
            out.append(_generate(arg[1][0], rng))
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
            low, high, body = arg
            count = low if low else (1 if high else 0)
            count = max(count, min(high, low + 4)) if low else count
            out.extend(_generate(body, rng) for _ in range(count))
        elif op is _c.ANY:
            out.append("a")
        # lookarounds and anchors add nothing
    return "".join(out)


def fake(fmt: formats.Format, seed: int = 14) -> str:
    """A made-up token of `fmt`'s shape: its keyword and random characters of its charset."""
    rng = random.Random(f"{seed}-{fmt.kind}-{fmt.keyword}")
    for _ in range(50):
        value = _generate(_parser.parse(fmt.pattern), rng)
        if not is_placeholder(value, fmt.prefix) and re.fullmatch(fmt.pattern, value):
            return value
    raise AssertionError(f"no example for {fmt.kind}")


def test_at_least_150_formats_each_with_vendor_kind_and_keyword() -> None:
    assert len(formats.FORMATS) >= 150
    assert len({(f.kind, f.pattern) for f in formats.FORMATS}) == len(formats.FORMATS)
    for fmt in formats.FORMATS:
        assert fmt.vendor and fmt.kind and fmt.keyword
        re.compile(fmt.pattern)


@pytest.mark.parametrize("fmt", formats.FORMATS, ids=lambda f: f.kind)
def test_every_format_is_found_in_prose(fmt: formats.Format) -> None:
    token = fake(fmt)
    line = f"The trial log showed {token} before the run was stopped."
    hits = [hit for hit in formats.scan_line(line) if hit[2] == token or token in hit[2] or hit[2] in token]
    assert hits, fmt.kind
    assert endpoints.candidate_lines([line], endpoints.Sensitive()) == [0]


@pytest.mark.parametrize("fmt", formats.FORMATS, ids=lambda f: f.kind)
def test_a_masked_token_is_a_placeholder(fmt: formats.Format) -> None:
    token = fake(fmt)
    masked = fmt.prefix + "x" * max(8, len(token) - len(fmt.prefix)) if fmt.prefix else "x" * len(token)
    assert not [hit for hit in formats.scan_line(f"token {masked} here") if hit[2] == masked]


@pytest.mark.parametrize(
    ("prefix", "body"),
    [
        ("hf_", string.ascii_letters),
        ("sk-proj-", string.ascii_letters + string.digits + "_-"),
        ("sk-ant-api03-", string.ascii_letters + string.digits + "_-"),
        ("github_pat_", string.ascii_letters + string.digits),
        ("AIza", string.ascii_letters + string.digits + "_-"),
        ("sgp_", "abcdef0123456789"),
        ("sk_test_", string.ascii_letters + string.digits),
        ("glpat-", string.ascii_letters + string.digits),
    ],
)
def test_the_formats_the_issue_names_are_found_without_a_telling_name(prefix: str, body: str) -> None:
    rng = random.Random(prefix)
    length = {"hf_": 34, "AIza": 35, "sgp_": 40, "github_pat_": 82, "sk-ant-api03-": 95}.get(prefix, 40)
    token = prefix + "".join(rng.choice(body) for _ in range(length))
    assert [hit for hit in formats.scan_line(f"The log showed {token} today.") if hit[2] == token]


def test_slack_app_token_and_azure_client_secret() -> None:
    rng = random.Random(7)
    app = "xapp-1-A0" + "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(9))
    app += "-" + "".join(rng.choice(string.digits) for _ in range(13)) + "-"
    app += "".join(rng.choice("abcdef0123456789") for _ in range(64))
    azure = "bP8" + "8Q~" + "".join(rng.choice(string.ascii_letters + string.digits + "~.") for _ in range(34))
    for token in (app, azure):
        assert [hit for hit in formats.scan_line(f"- value {token}") if hit[2] == token], token


@pytest.mark.parametrize(
    "placeholder",
    [
        "ghp_" + "x" * 36,
        "AKIA" + "X" * 16,
        "glc_" + "x" * 40,
        "xoxb-" + "xxx",
        "AIza" + "a" * 35,
        "sk_test_" + "X" * 24,
        "github_pat_" + "x" * 82,
    ],
)
def test_vendor_placeholders_are_not_secrets(placeholder: str) -> None:
    assert formats.scan_line(f"token = {placeholder}") == []
    assert is_placeholder(placeholder)


def test_a_clean_line_costs_one_screen() -> None:
    line = "The required runtime variable is named in the record; no value is copied into SOT."
    assert formats.SCREEN.search(line) is None
    assert formats.scan_line(line) == []


def test_identifiers_and_digests_are_not_tokens() -> None:
    for text in (
        "`local-tailscale-vllm-spark1-plus-codex-oauth-fallback`",
        "`pi-models-json-local-provider-no-secret-plus-codex-oauth-fallback`",
        "commit 5db23c7e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c",
        "sha256:" + "0123abcd" * 8,
        "`CTO-CASE-MODEL-PROVIDER-ADMISSION-ISSUES.md`",
    ):
        assert formats.scan_line(text) == [], text
