"""A planted-value fuzzer: thousands of unique leaks, every position and encoding, every output.

Each planting is a fresh random value of one kind (vendor token, AWS key,
private key block, private URL, tailnet host, private address with a port,
home path, sensitive assignment, a known value of a sensitive variable from
the environment or an env file), written in one position (frontmatter value,
key or tag; field; prose; fence; HTML comment; link; table; JSON value or
key; file name; config) and one encoding (plain, YAML/JSON escapes, YAML
line continuation, HTML entities, markdown escapes, fullwidth forms,
zero-width characters). All plantings share one tree, checked once per
output: every format, `--debug`, `history`, the native hook and the cache.
No 8-character window of a planted value may appear in any of them, and a
SOT3xx finding must stand on each planting's line. The seed is fixed;
`SOT_LINT_FUZZ_SEED` replays another one.
"""

from __future__ import annotations

import functools
import io
import json
import os
import random
import string
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from support import git

from sot_lint.cli import main
from sot_lint.finding import Result
from sot_lint.report import REPORTERS

SEED = int(os.environ.get("SOT_LINT_FUZZ_SEED", "1313"))
ROUNDS = 7  # each round plants every (kind, position, encoding) that applies, with fresh values
FORMATS = ("json", "text", "sarif", "github", "junit")
PROJECT = Path(__file__).resolve().parents[2]
LOWER = string.ascii_lowercase + string.digits
ALNUM = string.ascii_letters + string.digits


@dataclass
class Value:
    """A planted value: the text written (maybe several lines) and the secret part never to print."""

    kind: str
    lines: list[str]
    secret: str
    env: tuple[str, str] | None = None  # (variable, value) for known values

    @property
    def single(self) -> bool:
        return len(self.lines) == 1

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass
class Planting:
    value: Value
    position: str
    encoding: str
    path: str = ""
    line: int = 0


def _core(rng: random.Random, size: int = 10) -> str:
    return rng.choice(string.ascii_lowercase) + "".join(rng.choice(LOWER) for _ in range(size - 1))


def _github(rng: random.Random, n: int) -> Value:
    token = "gh" + "p_" + "".join(rng.choice(ALNUM) for _ in range(36))
    return Value("github", [token], token)


def _aws(rng: random.Random, n: int) -> Value:
    key = "AK" + "IA" + "".join(rng.choice(string.ascii_uppercase + "234567") for _ in range(16))
    return Value("aws", [key], key)


def _private_key(rng: random.Random, n: int) -> Value:
    body = ["".join(rng.choice(ALNUM + "+/") for _ in range(64)) for _ in range(3)]
    kind = rng.choice(["RSA ", "EC ", "OPENSSH ", ""])
    lines = [f"-----BEGIN {kind}PRIVATE" + " KEY-----", *body, f"-----END {kind}PRIVATE" + " KEY-----"]
    return Value("private-key", lines, "".join(body))


def _private_url(rng: random.Random, n: int) -> Value:
    suffix = rng.choice(["internal", "corp", "lan", "home.arpa", "intranet"])
    url = f"https://{_core(rng)}.{suffix}:{rng.randint(1025, 65000)}/v1/chat"
    return Value("private-url", [url], url)


def _tailnet_host(rng: random.Random, n: int) -> Value:
    host = f"{_core(rng)}.tail{rng.randint(1000, 9999)}.ts" + ".net"
    return Value("tailnet-host", [host], host)


def _private_ip(rng: random.Random, n: int) -> Value:
    first = rng.choice([f"10.{rng.randint(0, 255)}", "192.168", f"100.{rng.randint(64, 127)}"])
    address = f"{first}.{rng.randint(0, 255)}.{rng.randint(1, 254)}:{rng.randint(1025, 65000)}"
    return Value("private-ip", [address], address)


def _home_path(rng: random.Random, n: int) -> Value:
    path = f"/home/{_core(rng, 8)}/work/{_core(rng, 9)}.txt"
    return Value("home-path", [path], path)


def _assignment(rng: random.Random, n: int) -> Value:
    secret = _core(rng, 14)
    name = rng.choice(["FUZZ_GATEWAY_TOKEN", "CTO_HARNESS_CASE_LOCAL_BASE_URL", "MODEL_API_SECRET"])
    return Value("assignment", [f"{name}={secret}"], secret)


def _known(rng: random.Random, n: int) -> Value:
    secret = "kv" + "".join(rng.choice(string.ascii_lowercase) for _ in range(12))
    return Value("known", [secret], secret, (f"FUZZ_K{n}_TOKEN", secret))


KINDS: list[Callable[[random.Random, int], Value]] = [
    _github, _aws, _private_key, _private_url, _tailnet_host, _private_ip, _home_path, _assignment, _known,
]  # fmt: skip


# --- encodings: text -> encoded text, or None when the encoding changes nothing ----------------


def _fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c.isalnum() and n % 3 == 1 else c for n, c in enumerate(text))


def _zero_width(text: str) -> str:
    middle = len(text) // 2
    return text[:middle] + "\u200b" + text[middle:]


def _html(text: str) -> str:
    return "".join(f"&#{ord(c)};" if (c in "._:/=" or n % 5 == 2) else c for n, c in enumerate(text))


def _md_escape(text: str) -> str | None:
    escaped = "".join("\\" + c if c in "._:/=-" else c for c in text)
    return escaped if escaped != text else None


def _yaml_escape(text: str) -> str:
    return "".join(f"\\x{ord(c):02x}" if (c in "._:/=-" or n % 4 == 1) else c for n, c in enumerate(text))


def _json_escape(text: str) -> str:
    return "".join(
        "\\/" if c == "/" else f"\\u{ord(c):04x}" if (c in "._:=-" or n % 4 == 1) else c for n, c in enumerate(text)
    )


def _percent(text: str) -> str:
    return "".join(c if c.isalnum() and n % 3 else f"%{ord(c):02X}" for n, c in enumerate(text))


ENCODERS: dict[str, Callable[[str], str | None]] = {
    "plain": lambda text: text,
    "fullwidth": _fullwidth,
    "zero-width": _zero_width,
    "html": _html,
    "md-escape": _md_escape,
}


# --- positions: (value, encoding) -> (lines, index of the line the finding belongs to) ----------

Rendered = tuple[list[str], int] | None


def _inline(template: str, encodings: tuple[str, ...]) -> Callable[[Value, str], Rendered]:
    def render(value: Value, encoding: str) -> Rendered:
        if encoding not in encodings or not value.single:
            return None
        encoded = ENCODERS[encoding](value.text)
        return ([template.format(encoded)], 0) if encoded is not None else None

    return render


def _block(opener: str, closer: str, encodings: tuple[str, ...]) -> Callable[[Value, str], Rendered]:
    def render(value: Value, encoding: str) -> Rendered:
        if encoding not in encodings:
            return None
        encoded = [ENCODERS[encoding](line) for line in value.lines]
        if any(line is None for line in encoded):
            return None
        lines = [line for line in encoded if line is not None]
        return ([opener, *lines, closer] if opener else lines), (1 if opener else 0)

    return render


def _front_value(value: Value, encoding: str) -> Rendered:
    if not value.single:
        return (["fuzz_block: |", *(f"  {line}" for line in value.lines)], 1) if encoding == "plain" else None
    text = value.text
    if encoding == "plain":
        return [f'fuzz_value: "{text}"'], 0
    if encoding == "yaml-escape":
        return [f'fuzz_value: "{_yaml_escape(text)}"'], 0
    if encoding == "yaml-continued":
        middle = len(text) // 2
        return [f'fuzz_value: "{text[:middle]}\\', f'  {text[middle:]}"'], 0
    if encoding in ("fullwidth", "zero-width"):
        return [f'fuzz_value: "{ENCODERS[encoding](text)}"'], 0
    return None


def _front_key(value: Value, encoding: str) -> Rendered:
    if not value.single or encoding not in ("plain", "yaml-escape"):
        return None
    text = value.text if encoding == "plain" else _yaml_escape(value.text)
    return [f'"{text}": x'], 0


def _front_tag(value: Value, encoding: str) -> Rendered:
    if not value.single or encoding != "percent":
        return None
    return [f"fuzz_tag: !<{_percent(value.text)}> x"], 0


def _json_value(value: Value, encoding: str) -> Rendered:
    if encoding == "plain":
        return [f'  "fuzz_value": {json.dumps(value.text)},'], 0
    if encoding == "json-escape":
        return [f'  "fuzz_value": "{_json_escape(value.text).replace(chr(10), chr(92) + "n")}",'], 0
    if encoding in ("fullwidth", "zero-width") and value.single:
        return [f'  "fuzz_value": "{ENCODERS[encoding](value.text)}",'], 0
    return None


def _json_key(value: Value, encoding: str) -> Rendered:
    if not value.single or encoding not in ("plain", "json-escape"):
        return None
    text = value.text if encoding == "plain" else _json_escape(value.text)
    return [f'  "{text}": 1,'], 0


TEXT = ("plain", "fullwidth", "zero-width", "html", "md-escape")
FRONT: dict[str, Callable[[Value, str], Rendered]] = {
    "front-value": _front_value,
    "front-key": _front_key,
    "front-tag": _front_tag,
}
BODY: dict[str, Callable[[Value, str], Rendered]] = {
    "field": _inline("- `fuzz_field`: `{}`.", TEXT),
    "prose": _block("", "", TEXT),
    "fence": _block("```text", "```", ("plain", "fullwidth", "zero-width")),
    "html-comment": _block("<!--", "-->", ("plain", "fullwidth", "zero-width")),
    "link": _inline("See [the notes]({}) first.", ("plain", "html", "md-escape")),
    "table": _inline("| note | {} |", ("plain", "fullwidth", "html", "md-escape")),
}
JSON_POSITIONS: dict[str, Callable[[Value, str], Rendered]] = {"json-value": _json_value, "json-key": _json_key}
ENCODINGS = (
    "plain",
    "fullwidth",
    "zero-width",
    "html",
    "md-escape",
    "yaml-escape",
    "yaml-continued",
    "json-escape",
    "percent",
)
FILE_NAME_KINDS = ("github", "aws", "tailnet-host", "private-ip", "known")


def _plan(rng: random.Random) -> list[Planting]:
    """Every (kind, position, encoding) that applies, ROUNDS times, each with a fresh value."""
    plantings: list[Planting] = []
    counter = 0
    positions = {**FRONT, **BODY, **JSON_POSITIONS}
    for _ in range(ROUNDS):
        for make in KINDS:
            for position, render in positions.items():
                for encoding in ENCODINGS:
                    value = make(rng, counter)
                    if render(value, encoding) is not None:
                        plantings.append(Planting(value, position, encoding))
                        counter += 1
            for encoding in ("plain", "fullwidth"):
                value = make(rng, counter)
                if value.kind in FILE_NAME_KINDS:
                    plantings.append(Planting(value, "file-name", encoding))
                    counter += 1
    rng.shuffle(plantings)
    return plantings


def _write_tree(root: Path, plantings: list[Planting], per_file: int = 12) -> None:
    """Markdown files holding frontmatter and body plantings, JSON files, and named files."""
    folder = root / ".sot" / "fuzz"
    folder.mkdir(parents=True)
    front = [p for p in plantings if p.position in FRONT]
    body = [p for p in plantings if p.position in BODY]
    data = [p for p in plantings if p.position in JSON_POSITIONS]
    named = [p for p in plantings if p.position == "file-name"]
    number = 0
    while front or body:
        number += 1
        name = f".sot/fuzz/record-{number:04d}.md"
        lines = ["---", f"title: Fuzz {number}"]
        for _ in range(min(3, len(front))):
            planting = front.pop()
            rendered = FRONT[planting.position](planting.value, planting.encoding)
            assert rendered is not None
            planting.path, planting.line = name, len(lines) + 1 + rendered[1]
            lines += rendered[0]
        lines += ["---", f"# Fuzz {number}", ""]
        for _ in range(min(per_file, len(body))):
            planting = body.pop()
            rendered = BODY[planting.position](planting.value, planting.encoding)
            assert rendered is not None
            if planting.position == "table":
                lines += ["| a | b |", "|---|---|"]
            planting.path, planting.line = name, len(lines) + 1 + rendered[1]
            lines += [*rendered[0], ""]
        (root / name).write_text("\n".join(lines) + "\n", "utf-8")
    while data:
        number += 1
        name = f".sot/fuzz/data-{number:04d}.json"
        lines = ["{"]
        for _ in range(min(per_file, len(data))):
            planting = data.pop()
            rendered = JSON_POSITIONS[planting.position](planting.value, planting.encoding)
            assert rendered is not None
            planting.path, planting.line = name, len(lines) + 1 + rendered[1]
            lines += rendered[0]
        lines.append('  "end": true\n}')
        (root / name).write_text("\n".join(lines) + "\n", "utf-8")
    for planting in named:
        number += 1
        text = planting.value.text if planting.encoding == "plain" else _fullwidth(planting.value.text)
        planting.path, planting.line = f".sot/fuzz/n{number:04d}-{text}.md", 1
        (root / planting.path).write_text("---\ntitle: Named\n---\n# Named\n", "utf-8")


def _environment(root: Path, plantings: list[Planting], monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Known values: half in the environment, half in an env file the config names."""
    env_file = []
    for number, planting in enumerate(p for p in plantings if p.value.env is not None):
        name, value = planting.value.env or ("", "")
        if number % 2:
            env_file.append(f"{name}={value}")
        else:
            monkeypatch.setenv(name, value)
    (root / ".env.fuzz").write_text("\n".join(env_file) + "\n", "utf-8")
    (root / ".sot-lint.toml").write_text('max-file-size = 4000000\n[leaks]\nenv-files = [".env.fuzz"]\n', "utf-8")
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    return env


@functools.cache
def _boilerplate() -> str:
    stream = io.StringIO()
    REPORTERS["sarif"](Result((), ()), stream, False)
    return stream.getvalue()


def _windows(text: str) -> set[str]:
    return {text[i : i + 8] for i in range(len(text) - 7)}


def _printed_windows(outputs: dict[str, str]) -> dict[str, set[str]]:
    """Per output, the 8-character windows of its distinct lines (outputs repeat lines a lot)."""
    return {name: set().union(*map(_windows, set(text.splitlines()))) for name, text in outputs.items()}


def _config_outputs(root: Path, plantings: list[Planting], capsys: pytest.CaptureFixture[str]) -> str:
    """Config files that hold a planted value where a key, a code or an address is expected."""
    printed = []
    for number, planting in enumerate(p for p in plantings if p.value.single and p.position == "field"):
        text = json.dumps(planting.value.text)
        config = [
            f"[leaks]\nallow-addresses = [{text}]\n",
            f"select = [{text}]\n",
            f"{text} = 1\n",
            f"[frontmatter.allowed]\n{text} = 5\n",
        ][number % 4]
        path = root / f"config-{number}.toml"
        path.write_text(config, "utf-8")
        assert main(["check", "--config", str(path), "--no-cache"]) == 2
        captured = capsys.readouterr()
        printed.append(captured.out + captured.err)
        path.unlink()
    return "".join(printed)


@pytest.mark.slow
def test_no_planted_value_is_ever_printed_and_each_is_found_on_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in list(os.environ):  # the developer's own values must not change what is seen
        if name.endswith(("_BASE_URL", "_ENDPOINT", "_HOST", "_TOKEN", "_KEY", "_SECRET", "_PASSWORD")):
            monkeypatch.delenv(name)
    plantings = _plan(random.Random(SEED))
    assert len(plantings) >= 2000, len(plantings)
    root = tmp_path / "repo"
    root.mkdir()
    _write_tree(root, plantings)
    env = _environment(root, plantings, monkeypatch)
    monkeypatch.chdir(root)
    outputs: dict[str, str] = {}

    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    hook_script = str(PROJECT / "hooks" / "pre-commit")
    hook = subprocess.run(["sh", hook_script], cwd=root, env=env, capture_output=True, text=True, check=False)
    assert hook.returncode == 1, hook.stderr
    outputs["hook"] = hook.stdout + hook.stderr
    git(root, "commit", "-qm", "plantings", "--no-verify")

    for output_format in FORMATS:
        assert main(["check", "--format", output_format]) == 1
        captured = capsys.readouterr()
        outputs[output_format] = captured.out + captured.err
    report = json.loads(outputs["json"])
    outputs["cache"] = "".join(
        p.read_bytes().decode("utf-8", "replace") for p in (root / ".sot-lint-cache").rglob("*") if p.is_file()
    )

    planted_lines = [  # a line holding half a value (the other half continued below) holds nothing detectable
        (root / p.path).read_text("utf-8").split("\n")[p.line - 1]
        for p in plantings
        if p.line > 1 and p.encoding != "yaml-continued"
    ]

    def explode(doc: object, config: object) -> list[object]:
        raise ValueError("\n".join(planted_lines))

    from sot_lint.rules import DOCUMENT_RULES, sot101_missing_required_key

    with monkeypatch.context() as patched:
        patched.setattr(sot101_missing_required_key, "check", explode)
        patched.setitem(DOCUMENT_RULES, "SOT101", sot101_missing_required_key)
        assert main(["--debug", "check", "--no-cache", "--jobs", "1"]) == 2
        captured = capsys.readouterr()
        assert "Traceback" in captured.err
        outputs["debug"] = captured.out + captured.err

    assert main(["history", "--format", "json"]) == 1
    outputs["history"] = capsys.readouterr().out
    history = json.loads(outputs["history"])
    outputs["config"] = _config_outputs(root, plantings, capsys)

    printed = _printed_windows(outputs)
    shown_anyway = _windows(_boilerplate())  # sot-lint's own texts
    for planting in plantings:
        if planting.position == "file-name":
            shown_anyway |= _windows(planting.value.secret)  # paths are shown as they are (SPEC §8)
    leaked = [
        (name, p.value.kind, p.position, p.encoding, p.path, p.line)
        for p in plantings
        if p.position != "file-name"
        for name, windows in printed.items()
        if (_windows(p.value.secret) - shown_anyway) & windows
    ]
    assert not leaked, f"{len(leaked)} planted values printed: {Counter(item[:4] for item in leaked)}"

    found = {(f["path"], f["line"]) for f in report["findings"] if f["code"].startswith("SOT3")}
    missed = [
        (p.value.kind, p.position, p.encoding, p.path, p.line) for p in plantings if (p.path, p.line) not in found
    ]
    assert not missed, f"{len(missed)} of {len(plantings)} not found on their line: {Counter(m[:3] for m in missed)}"
    in_history = {(f["path"], f["line"]) for f in history["findings"]}
    unseen = [(p.value.kind, p.position, p.encoding, p.path) for p in plantings if (p.path, p.line) not in in_history]
    assert not unseen, f"{len(unseen)} plantings not found by history: {Counter(m[:3] for m in unseen)}"
