"""Item 11's inputs at 1x, 2x and 4x: the schema check and the markdown stage must stay linear.

    python bench/linear.py [--base 10000] [--markdown-kb 225]

Runs `sot-lint check --no-cache` in-process on a copy of the example whose
admission JSON holds N `runtime_env` names (uniqueItems), and on a record
holding a `*a*a*a...` emphasis run in a list item of K kilobytes. Prints the
seconds of each run and the ratio to the 1x run (linear: about 2 and 4).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from sot_lint.cli import main  # noqa: E402

EXAMPLE = HERE.parent / "tests" / "fixtures" / "cto"
SOT = ".sot/03-PROTOCOLS"
ADMISSION = f"{SOT}/CTO-CASE-MODEL-PROVIDER-ADMISSION.qwen-local-qwen3.6-35b-a3b.json"


def _timed(root: Path, target: str) -> float:
    started = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        code = main(["check", "--no-cache", "--format", "json", target])
    elapsed = time.perf_counter() - started
    assert code in (0, 1), f"sot-lint exited {code}"
    return elapsed


def _schema(root: Path, names: int) -> str:
    path = root / ADMISSION
    data = json.loads((EXAMPLE / ADMISSION).read_text("utf-8"))
    data["runtime_env"] = [f"CTO_VARIABLE_{n:07d}" for n in range(names)]
    path.write_text(json.dumps(data, indent=2), "utf-8")
    return ADMISSION


def _markdown(root: Path, kilobytes: int) -> str:
    path = root / SOT / "EMPHASIS.md"
    head = "---\ntitle: Emphasis\n---\n# Emphasis\n"
    path.write_text(head + "- " + "*a" * (kilobytes * 512) + "\n", "utf-8")
    return f"{SOT}/EMPHASIS.md"


def _series(name: str, unit: str, base: int, make: Callable[[Path, int], str]) -> None:
    first = 0.0
    for factor in (1, 2, 4):
        with tempfile.TemporaryDirectory() as work:
            root = Path(work)
            shutil.copytree(EXAMPLE, root, dirs_exist_ok=True)
            (root / ".sot-lint.toml").write_text("max-file-size = 8000000\n", "utf-8")
            previous = Path.cwd()
            os.chdir(root)
            try:
                target = make(root, base * factor)
                seconds = _timed(root, target)
            finally:
                os.chdir(previous)
        first = first or seconds
        print(f"{name:<12} {base * factor:>9} {unit:<6} {seconds:8.3f} s   x{seconds / first:5.2f}")


def main_() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=int, default=10_000, help="runtime_env names at 1x")
    parser.add_argument("--markdown-kb", type=int, default=225, help="kilobytes of emphasis run at 1x")
    args = parser.parse_args()
    _series("uniqueItems", "names", args.base, _schema)
    _series("emphasis", "KB", args.markdown_kb, _markdown)


if __name__ == "__main__":
    main_()
