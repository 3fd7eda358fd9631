"""The endpoint policy of SPEC §8, line by line: reachability classes, settings, one finding per span.

Values are assembled at run time, so no file of this repository holds one whole.
"""

from __future__ import annotations

import pytest

from sot_lint.leaks.endpoints import Allowlist, scan_line

DEFAULT = Allowlist()


def found(line: str, allow: Allowlist = DEFAULT) -> list[tuple[str, bool]]:
    """(code, lowered to a warning) of each hit on `line`, checking every span is exact."""
    hits = scan_line(line, allow)
    for hit in hits:
        assert line[hit.start : hit.end] == hit.value
    return [(hit.code, hit.warning) for hit in hits]


# The leaks issue 14 names as missed, each an error (or a warning where SPEC §8 says so).
MISSED = [
    ("The GPU box answers on spark9" + ":8000 today.", [("SOT302", False)]),
    ("Old resolver 010.001" + ".002.003 still answers.", [("SOT303", False)]),
    ("Calls go to //llm.acme" + ".io/api now.", [("SOT302", True)]),
    ("Clone git@gitlab.acme" + ".io:team/repo.git first.", [("SOT302", True)]),
    ("Cache at redis:hunter2xyz" + "@db.acme.io for now.", [("SOT301", False)]),
    ("Notes in /mnt/c/Users/" + "alice/notes.md for now.", [("SOT306", False)]),
    (r"Share \\fileserver" + r"\share\plans.docx holds it.", [("SOT304", False)]),
    ("The box is build7.local" + "domain here.", [("SOT304", False)]),
]


@pytest.mark.parametrize(("line", "expected"), MISSED, ids=[m[0][:24] for m in MISSED])
def test_the_missed_endpoints_are_found(line: str, expected: list[tuple[str, bool]]) -> None:
    assert found(line) == expected


# The false alarms issue 14 names on public documents: none is a finding.
QUIET = [
    "Use `t.Local` and `TIME.Local` for the zone.",
    "Upgrade to JRuby 9.4.8.0 first.",
    "Section 4.2.1.3 of the protocol applies.",
    "Bind to 127.0.0.1 or 0.0.0.0 in tests.",
    "See https://example.org/docs and http://www.example.com/x.",
    "Paths like /home/user/project and /Users/you/project are examples.",
    "See https://github.com/adr/madr and https://en.wikipedia.org/wiki/Architectural_decision.",
    "Run node:20 and redis:7.2 images.",
    "The host:port form is `host:8080` in docs.",
    "Meeting at 10:30, ratio 16:9.",
    "Docs at https://docs.python.org/3/library/re.html.",
]


@pytest.mark.parametrize("line", QUIET)
def test_ordinary_documentation_raises_nothing(line: str) -> None:
    assert found(line) == []


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Reserved: https://api.example" + ".com:8443/v1 and 192.0.2.7" + ":80.", []),
        ("Loopback http://localhost" + ":8080/v1 runs.", [("SOT302", True)]),
        ("Loopback 127.0.0.1" + ":9000 runs.", [("SOT303", True)]),
        ("Private http://10.1.2.3" + ":8000/health runs.", [("SOT302", False)]),
        ("Tailnet 100.96.1.2" + ":8000 runs.", [("SOT303", False)]),
        ("Private IPv6 [fd12:3456:789a::12]" + ":8000 runs.", [("SOT303", False)]),
        ("Service https://api.acme" + ".io:8443/v1 runs.", [("SOT302", True)]),
        ("Service https://api.acme" + ".io/v1/chat/completions runs.", [("SOT302", True)]),
        ("Service http://203.0.114.9/x runs.", [("SOT302", True)]),
        ("Link https://www.acme" + ".io/blog/post is public.", []),
        ("Bare public 8.8.4.4 is nothing.", []),
        ("Single label http://spark1" + ":8000/v1 runs.", [("SOT302", False)]),
        ("Postgres at postgres" + ":5432 runs.", [("SOT302", False)]),
        ("Tailnet name gpu3.tail5678.ts" + ".net runs.", [("SOT304", False)]),
        ("https://deploy:Xy7kq2Lm9" + "@registry.acme.io/ is the mirror.", [("SOT301", False)]),
    ],
)
def test_each_reachability_class_has_its_default(line: str, expected: list[tuple[str, bool]]) -> None:
    assert found(line) == expected


def test_public_urls_setting_changes_only_public_hosts() -> None:
    line = "See https://www.acme" + ".io/blog and https://api.acme" + ".io:8443/v1 and http://10.0.0.9" + ":80/."
    assert found(line, Allowlist(public_urls="off")) == [("SOT302", False)]
    assert found(line, Allowlist(public_urls="endpoints")) == [("SOT302", True), ("SOT302", False)]
    assert found(line, Allowlist(public_urls="all")) == [("SOT302", True), ("SOT302", True), ("SOT302", False)]
    assert found(line, Allowlist(public_urls="error")) == [("SOT302", False)] * 3


def test_internal_domains_are_private_infrastructure() -> None:
    allow = Allowlist(internal_domains=("acme-infra.io",))
    assert found("vLLM on gpu-node-07.acme-infra" + ".io now.", allow) == [("SOT304", False)]
    assert found("Docs at https://wiki.acme-infra" + ".io/page.", allow) == [("SOT302", False)]
    assert found("Docs at https://notacme-infra" + ".io/page.", allow) == []


def test_one_finding_per_span_in_the_order_of_spec_8() -> None:
    token = "ghp_" + "Ab3dE6gH9jK2mN5pQ8sT1vW4yZ7bC0eF3hJ6"
    assert found(f"- `token`: `{token}`.") == [("SOT301", False)]
    assert [h.code for h in scan_line("export CTO_HARNESS_CASE_LOCAL_BASE_URL=http://spark1" + ":8000/v1")] == [
        "SOT305"
    ]
    assert [h.code for h in scan_line("postgres://app:Xy7kq2Lm9" + "@db1.prod.internal:5432/app")] == ["SOT301"]


@pytest.mark.parametrize(
    "line",
    ["http://host\uff0fv1", "http://[fd00::1", "http://[", "//[", "git@[::1]:x", "a@b" + ".co:" * 50, "\\\\" * 40],
)
def test_odd_input_never_raises(line: str) -> None:
    for hit in scan_line(line):
        assert line[hit.start : hit.end] == hit.value


# Code that computes a value under a secret-like name is no value (public documentation is full of it).
CODE_UNDER_SECRET_NAMES = [
    "const aliceKey = alice.generateKeys();",
    "credentials = GoogleCredentials.get_application_default()",
    "const password = new Password(" + "'r0sebud');",
    "token = await vault.read('app');",
    "  passphrase: 'sample',",
    r"cd $env:USERPROFILE\projects",  # a PowerShell scope, not user:password
    "Search https://github.com/search?q=author:" + "GITHUB_ID+org:nodejs for them.",
    "git fetch upstream vN.x-staging:" + "vN.x-staging -f",
    "eg `some-key = some-value` in `~/.npmrc`.",
    "  auth: 'a:b'",
    "// token: 'Bearer " + "xxxx'",
    "r = requests.get(url, auth=('user', 'pass'))",
    "* `passphrase`: {string | Buffer} The passphrase to use.",
    "const myURL = new URL('https://abc:" + "xyz@example.com');",
]


@pytest.mark.parametrize("line", CODE_UNDER_SECRET_NAMES)
def test_code_and_stand_ins_under_secret_names_are_not_secrets(line: str) -> None:
    assert found(line) == []


def test_a_token_after_an_auth_scheme_is_still_a_secret() -> None:
    assert found("token: Bearer " + "a8Fk2Lq9Zr3xW7mN") == [("SOT301", False)]
    assert found("password: admin") == [("SOT301", False)]


def test_a_quoted_value_under_a_secret_name_is_the_quoted_text_only() -> None:
    line = "  passphrase: '" + "Tr0ub4dor" + "&3xq',"
    hits = scan_line(line)
    assert [(hit.code, hit.value) for hit in hits] == [("SOT301", "Tr0ub4dor" + "&3xq")]
