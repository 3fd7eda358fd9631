"""Vendor token formats (SOT301): each found where it is written, its stand-ins never.

Every fake token is generated here, at test time, from the format's own
pattern with a fixed seed: no file of this repository holds one whole.
"""

from __future__ import annotations

import base64
import random
import re
import string
import sys
from typing import Any

import pytest

from sot_lint.leaks import endpoints, formats, screens
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
    assert list(screens.screened_lines([line], endpoints.Sensitive())) == [0]


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


def _random(rng: random.Random, alphabet: str, length: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(length))


_B62 = string.ascii_letters + string.digits


def _in_prose(token: str) -> list[str]:
    return [hit[1] for hit in formats.scan_line(f"The trial log showed {token} before the run was stopped.")]


def test_formats_are_data_loaded_from_the_package() -> None:
    assert formats.DATA.name == "formats.json" and formats.DATA.is_file()
    assert formats.load() == formats.FORMATS


@pytest.mark.parametrize("scheme", ["https://", "http://", ""])
def test_webhook_urls_are_found_with_their_scheme(scheme: str) -> None:
    rng = random.Random(scheme)
    ids = "ABCDEFGH0123456789"
    slack = f"{scheme}hooks.slack.com/services/T{_random(rng, ids, 8)}/B{_random(rng, ids, 8)}/{_random(rng, _B62, 24)}"
    discord = f"{scheme}discord.com/api/webhooks/{_random(rng, string.digits, 18)}/{_random(rng, _B62 + '_-', 68)}"
    assert _in_prose(slack) == ["Slack webhook URL"]
    assert _in_prose(discord) == ["Discord webhook URL"]
    assert _in_prose(f"{scheme}hooks.slack.com/services/T00000000/B00000000/" + "X" * 24) == []


def test_azure_client_secret_may_start_with_a_tilde_but_is_not_cut_from_a_longer_run() -> None:
    rng = random.Random(69)
    secret = "~" + _random(rng, _B62, 2) + "8Q~" + _random(rng, _B62 + "_~.-", 33) + "a"
    assert _in_prose(secret) == ["Azure AD client secret"]
    longer = "USK@" + _random(rng, _B62, 20) + ",4~q8Q~" + _random(rng, _B62, 33) + "~yk0,AQACAAE"
    assert _in_prose(longer) == []


def test_bedrock_short_term_key_is_base64_of_its_presigned_url() -> None:
    rng = random.Random(63)
    url = b"bedrock.amazonaws.com/?Action=CallWithBearerToken&X-Amz-Credential=" + _random(rng, _B62, 40).encode()
    key = "bedrock-api-key-" + base64.b64encode(url + b"&Version=1").decode()
    assert _in_prose(key) == ["Amazon Bedrock short-term API key"]
    other = "bedrock-api-key-" + base64.b64encode(b"bedrock.amazonaws.cox/" + _random(rng, _B62, 40).encode()).decode()
    assert _in_prose(other) == []


def test_facebook_app_token_and_maxmind_license_key() -> None:
    rng = random.Random(224)
    app_id = "1" + _random(rng, string.digits, 15)
    assert _in_prose(app_id + "|" + _random(rng, "0123456789abcdef", 32)) == ["Facebook app access token"]
    assert _in_prose(app_id + "|" + _random(rng, _B62 + "_-", 27)) == ["Facebook app access token"]
    license_key = _random(rng, _B62, 6) + "_" + _random(rng, _B62, 29) + "_mmk"
    assert _in_prose(license_key) == ["MaxMind license key"]
    assert _in_prose(_random(rng, _B62, 6) + "_" + "x" * 29 + "_mmk") == []


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def test_an_unsigned_jwt_needs_a_json_header() -> None:
    rng = random.Random(499)
    header = _b64url(b'{"alg":"none","typ":"JWT"}')
    claims = _b64url(b'{"sub":"' + _random(rng, _B62, 12).encode() + b'","exp":1735689600}')
    assert _in_prose(f"{header}.{claims}.") == ["JSON Web Token"]
    assert _in_prose(f"{header}.{claims}") == ["JSON Web Token"]
    assert _in_prose("eyE1" + _random(rng, _B62, 16) + ".ey" + _random(rng, _B62, 17) + ".") == []
    padded = _b64url(b'{"sub":"' + _random(rng, _B62, 300).encode() + b'","name":"' + b"a" * 60 + b'"}')
    signed = _b64url(b'{"alg":"HS256"}') + "." + padded + "." + _random(rng, _B62 + "_-", 43)
    assert _in_prose(signed) == ["JSON Web Token"]


def test_basic_credentials_written_as_base64_are_found() -> None:
    rng = random.Random(164)
    encoded = base64.b64encode(b"deploy-bot:" + _random(rng, _B62, 20).encode()).decode()
    assert _in_prose(encoded) == ["base64 user and password"]
    for text in (b"user:password", b'{"alg":"HS256","typ":"JWT"}', b"no colon in this text at all"):
        assert _in_prose(base64.b64encode(text).decode()) == [], text


@pytest.mark.parametrize(
    "value",
    [
        "ACCAGGGGGCGCATGTTACAGTTCA",  # a DNA string: four symbols
        "10110100101101001011010010",
        "ABSKQmVkcm9ja0FQSUtleS1" + "EXAMPLE" * 40,
        "xyz",  # the alphabet or the digits typed in order
        "1234",
        "some-value",
    ],
)
def test_values_a_random_token_cannot_be_are_placeholders(value: str) -> None:
    assert is_placeholder(value)


def test_a_long_token_with_one_repetitive_stretch_is_not_a_placeholder() -> None:
    rng = random.Random(940)
    value = _random(rng, _B62, 300) + "YWFh" * 10 + _random(rng, _B62, 300)
    assert not is_placeholder(value)


def test_a_whole_vendor_token_followed_by_a_mask_is_still_found() -> None:
    """`hf_Ab12...` stands in for a token; the whole token followed by `...` is the token itself."""
    rng = random.Random(7)
    token = "h" + "f_" + "".join(rng.choice(string.ascii_letters) for _ in range(34))
    assert [hit for hit in endpoints.scan_line(f"It was {token}... in the log.") if hit.code == "SOT301"]
    assert not [hit for hit in endpoints.scan_line(f"It was {token[:7]}... in the log.") if hit.code == "SOT301"]


def test_a_slack_workspace_refresh_token_needs_no_team_id() -> None:
    """`xoxr-` (the refresh token of a legacy workspace app, like `xoxa-`) is known by its prefix alone."""
    rng = random.Random(53)
    token = "xo" + "xr-" + "".join(rng.choice(string.ascii_lowercase + string.digits) for _ in range(12))
    assert [hit[1] for hit in formats.scan_line(f"The trial log showed {token} before.")] == [
        "Slack workspace refresh token"
    ]
    for stand_in in ("xo" + "xr-" + "x" * 12, "xo" + "xr-" + "short", "xo" + "xr-" + "refresh-token-here"):
        assert formats.scan_line(f"The trial log showed {stand_in} before.") == []


def test_a_prefix_followed_by_words_is_a_stand_in() -> None:
    """The one placeholder model: `glo` + `as-checking_Length-Is-…` names a token's length rule, it holds no secret."""
    worded = "glo" + "as-" + "checking_Length-Is-_exactly_64--" * 2
    assert formats.scan_line(f"The test used {worded} as its input.") == []
    rng = random.Random(64)
    token = "glo" + "as-" + "".join(rng.choice(string.ascii_letters + string.digits + "_-") for _ in range(64))
    assert [hit[1] for hit in formats.scan_line(f"The test used {token} as its input.")] == [
        "GitLab OAuth application secret"
    ]
