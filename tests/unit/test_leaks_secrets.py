"""detect-secrets' hits that name no secret are dropped (SPEC §8's placeholder model), real ones kept.

Every fake value is built here at test time from random parts.
"""

from __future__ import annotations

import random
import string

import pytest

from sot_lint.leaks import plugins, secrets

_RNG = random.Random(14)
_MIXED = string.ascii_letters + string.digits


def _random(alphabet: str, length: int) -> str:
    return "".join(_RNG.choice(alphabet) for _ in range(length))


def _kinds(*lines: str) -> list[str]:
    """The kinds detect-secrets reports on `lines`, read as a markdown body."""
    detector = secrets.Detector(plugins.NoStore())
    return [hit.kind for hit in secrets.scan(list(lines), lambda _: secrets.MARKDOWN_AS, detector)]


_BEGIN, _END = "-----BEGIN " + "RSA PRIVATE KEY-----", "-----END " + "RSA PRIVATE KEY-----"


def test_a_private_key_block_with_key_material_is_reported() -> None:
    body = [_random(string.ascii_letters + string.digits + "+/", 64) for _ in range(6)]
    assert "Private Key" in _kinds("```", _BEGIN, *body, _END, "```")


def test_a_private_key_header_alone_is_still_reported() -> None:
    """The key may follow where the scan does not see it: only a block closed with nothing in it is no key."""
    assert "Private Key" in _kinds("The file began with", _BEGIN)


@pytest.mark.parametrize("inside", ["", "anything", "...", "<your key here>"])
def test_an_empty_private_key_block_is_no_key(inside: str) -> None:
    assert _kinds(f"An example: {_BEGIN}{inside}{_END} in the docs.") == []
    assert _kinds("```", _BEGIN, inside, _END, "```") == []


def test_a_token_shown_cut_short_is_a_placeholder() -> None:
    ids = "-".join(_random(string.digits, 12) for _ in range(3))
    assert _kinds("The log showed xox" + f"p-{ids}-{'#' * 20} in a screenshot.") == []
    assert "Slack Token" in _kinds("The log showed xox" + f"p-{ids}-{_random('abcdef0123456789', 32)} today.")


def test_an_aws_prefix_inside_a_word_is_no_key_id() -> None:
    word = "TODAYIN" + "ASIA" + "".join(_RNG.choice(string.ascii_uppercase) for _ in range(20))
    assert _kinds(f"The headline read {word} that day.") == []
    key_id = "AKIA" + _random(string.ascii_uppercase + "234567", 16)
    assert "AWS Access Key" in _kinds(f"The key id {key_id} was rotated.")


def test_a_token_a_plugin_finds_inside_a_longer_random_run_still_counts() -> None:
    """Digits around the hit: a token the plugin's regex cut out of a longer one, not a word."""
    token = "AT" + "My" + _random(_MIXED, 22) + "." + _random(_MIXED, 6) + "." + _random(_MIXED, 27)
    assert "Discord Bot Token" in _kinds(f"The log showed {token} before the run was stopped.")


def test_an_identifier_of_words_is_no_high_entropy_secret() -> None:
    identifier = "desktop-rhf_" + "SponsoredProducts" + "RemoteRHFSearch" + "EXPSubsK2" + "ClickPagination"
    assert _kinds(f'The selector div[data-widget="{identifier}"] was hidden.') == []
    assert "Base64 High Entropy String" in _kinds(f'The selector div[data-widget="{_random(_MIXED, 48)}"] was hidden.')


@pytest.mark.parametrize(
    "template",
    [
        '<input type="hidden" name="authenticity_token" value="{}" autocomplete="off" />',
        '<meta name="csrf-token" content="{}">',
        "csrfmiddlewaretoken: '{}'",
    ],
)
def test_an_anti_forgery_token_handed_to_every_visitor_is_no_secret(template: str) -> None:
    value = _random(_MIXED + "-_", 86)
    assert _kinds(template.format(value)) == []
    assert "Base64 High Entropy String" in _kinds(f'<input name="upload_signature" value="{value}">')


@pytest.mark.parametrize("mask", ["...", "…", "****", "-####"])
def test_a_whole_token_followed_by_a_mask_still_counts(mask: str) -> None:
    """Only a token cut short stands in: a whole one ending a sentence with `...` shows its secret."""
    token = "gh" + "p_" + _random(_MIXED, 36)
    assert "GitHub Token" in _kinds(f"The old token was {token}{mask} and it still worked.")


@pytest.mark.parametrize("secret", ["1-initial", "1234567890-initialvalue", "1-my-bot-token"])
def test_a_vendor_token_whose_secret_part_is_words_is_a_stand_in(secret: str) -> None:
    """`xoxp-1-initial` names a token in a sentence about tokens; the real one's secret part is random."""
    assert _kinds("The config used xox" + f"p-{secret} as its default.") == []
    token = "xox" + f"p-{_random(string.digits, 12)}-{_random(_MIXED, 24)}"
    assert "Slack Token" in _kinds(f"The config used {token} as its default.")


def test_a_password_of_words_under_its_name_still_counts() -> None:
    """Only a vendor's prefix promises a random secret part: a password may be words."""
    assert "Secret Keyword" in _kinds('password = "' + "correct-horse-" + 'battery-staple"')
