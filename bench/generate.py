"""Generate a deterministic tree of SOT records with admission JSON and planted leaks.

    python bench/generate.py OUT_DIR [--records 5000] [--seed 7] [--layout tidy|messy]

Each record is the real CTO example with its own provider, model and a dated
notes section; two in three are decided and get their admission JSON, one in
three is `not_decided` (5,000 records: 8,334 files, about 33 MB). One record in 25 carries a planted leak,
built here from obviously fake parts: an AWS-style key id, a GitHub-style
token, a private-key header, a password assignment, an internal URL, a
tailnet address. Nothing here is a real credential.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "cto" / ".sot" / "03-PROTOCOLS"
RECORD = "CTO-CASE-PROVIDER-DECISION-RECORD.md"
ADMISSION = "CTO-CASE-MODEL-PROVIDER-ADMISSION.qwen-local-qwen3.6-35b-a3b.json"
WORDS = [
    "provider",
    "model",
    "admission",
    "evidence",
    "review",
    "harness",
    "stage",
    "runtime",
    "policy",
    "decision",
    "record",
    "fallback",
    "local",
    "network",
    "class",
    "credential",
    "source",
    "approval",
    "trigger",
    "history",
    "safety",
    "constraint",
    "report",
    "gate",
    "governance",
    "route",
    "owner",
    "lifecycle",
    "promotion",
    "core",
    "protocol",
    "section",
    "update",
    "finding",
    "compatibility",
]
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def _token(rng: random.Random, alphabet: str, length: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(length))


def planted_leak(rng: random.Random, kind: int) -> str:
    """One line carrying a fake leak of the given kind (0-5)."""
    mixed = ALPHABET + ALPHABET.lower() + "0123456789"
    if kind == 0:
        return f"- Rotated key id AKIA{_token(rng, ALPHABET, 16)} on the old host."
    if kind == 1:
        return f"- `api_token`: `ghp_{_token(rng, mixed, 36)}`."
    if kind == 2:
        return "-----BEGIN RSA PRIVATE KEY-----"
    if kind == 3:
        return f'password = "{_token(rng, mixed, 14)}!"'
    if kind == 4:
        return f"- The endpoint was http://10.{rng.randrange(256)}.{rng.randrange(256)}.7:8000/v1 before."
    return f"- Spark answered on 100.{rng.randrange(64, 128)}.{rng.randrange(256)}.{rng.randrange(1, 255)}."


def _prose(rng: random.Random, sentences: int) -> str:
    lines = []
    for _ in range(sentences):
        words = [rng.choice(WORDS) for _ in range(rng.randrange(8, 16))]
        lines.append("- " + " ".join(words).capitalize() + ".")
    return "\n".join(lines)


def _varied(text: str, rng: random.Random) -> str:
    """The record with its prose made its own: every body sentence that is no field or heading
    gets a clause of random words, so lines rarely repeat across records (SPEC §5)."""
    lines = text.split("\n")
    body = lines.index("---", 1) + 1
    for index in range(body, len(lines)):
        line = lines[index]
        if not line or line.startswith("#") or line.startswith("- `") or not line.endswith("."):
            continue
        clause = " ".join(rng.choice(WORDS) for _ in range(rng.randrange(3, 7)))
        lines[index] = f"{line[:-1]}, per {clause}."
    return "\n".join(lines)


def _undecided(text: str) -> str:
    """The record as `not_decided`: no provider, model or fallback in its state."""
    lines = text.split("\n")
    state = lines.index("## Current Decision State")
    end = next(i for i in range(state + 1, len(lines)) if lines[i].startswith("## "))
    forbidden = ("- `provider`:", "- `model`:", "- `fallback_provider`:", "- `fallback_model`:")
    head, body = lines[: state + 1], [line for line in lines[state + 1 : end] if not line.startswith(forbidden)]
    body = [
        line.replace("`local_provider_required`", "`not_decided`", 1) if "decision_status" in line else line
        for line in body
    ]
    return "\n".join(head + body + lines[end:])


def _names(out: Path, number: int, layout: str, provider: str, model: str) -> tuple[Path, str, str]:
    """(folder, record file name, admission file name) of record `number`.

    `tidy`: one folder per record, names as the template says. `messy`: a
    repository that outgrew its conventions, every record in one folder beside
    admission files whose names follow no template (the record names its file
    in prose instead), and a `record` key that settles nothing for half of them.
    """
    if layout == "messy":
        admission = f"CTO-CASE-MODEL-PROVIDER-ADMISSION.{provider}-{model}-rev{number % 4}.json"
        return out / ".sot" / "decisions", f"DEC-{number:05d}.md", admission
    folder = out / f"team-{number % 50:02d}" / ".sot" / f"{number:05d}-PROTOCOLS"
    return folder, RECORD, f"CTO-CASE-MODEL-PROVIDER-ADMISSION.{provider}-{model}.json"


def generate(out: Path, records: int, seed: int, layout: str = "tidy") -> dict[str, int]:
    rng = random.Random(seed)
    template = (EXAMPLE / RECORD).read_text("utf-8")
    admission = json.loads((EXAMPLE / ADMISSION).read_text("utf-8"))
    if out.exists():
        shutil.rmtree(out)
    planted = 0
    for number in range(records):
        provider, model = f"local-{number % 7}", f"m{number}-{rng.randrange(1, 9)}b"
        folder, record, name = _names(out, number, layout, provider, model)
        folder.mkdir(parents=True, exist_ok=True)
        text = template.replace("qwen-local", provider).replace("qwen3.6-35b-a3b", model)
        text = text.replace(".sot/03-PROTOCOLS/", f".sot/{folder.name}/")
        text = text.replace(f"CTO-CASE-MODEL-PROVIDER-ADMISSION.{provider}-{model}.json", name)
        decided = number % 3 != 0
        if not decided:
            text = _undecided(text)
        text = _varied(text, rng)
        text += f"\n## Operations Notes - 2026-0{1 + number % 5}-1{number % 9}\n" + _prose(rng, 4) + "\n"
        if number % 25 == 0:
            text += planted_leak(rng, (number // 25) % 6) + "\n"
            planted += 1
        (folder / record).write_text(text, "utf-8")
        if decided:
            named = record if layout == "tidy" or number % 2 else "DEC-RETIRED.md"
            admitted = dict(admission, provider=provider, model=model, record=named)
            (folder / name).write_text(json.dumps(admitted, indent=2) + "\n", "utf-8")
    files = sum(1 for _ in out.rglob("*") if _.is_file())
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    return {"records": records, "files": files, "bytes": size, "planted": planted}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--records", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--layout", choices=("tidy", "messy"), default="tidy")
    args = parser.parse_args()
    print(json.dumps(generate(args.out, args.records, args.seed, args.layout)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
