"""The register against the audit it is built on: `sot-lint status` vs `sot-lint check`, cold and warm.

    python bench/status.py [--records 5000] [--rounds 3] [--installed]

Generates the tree with bench/generate.py, then, in alternating rounds:
cold audit (`check --format json .`, empty cache), warm audit (again), cold
register (`status --format json .`, empty cache), warm register (again); odd
rounds run the register first, so a drift in the machine's load favours
neither. Prints the medians, their ratios, and the median of each round's own
ratio (status against the audit run beside it: steadier on a shared machine,
where a slow minute shifts both): status cold <= audit cold, status warm <=
audit warm. By default runs this checkout's `python -m sot_lint`;
`--installed` builds a fresh virtualenv with `pip install .` as bench/run.py
does.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from run import environment

HERE = Path(__file__).resolve().parent
CACHE = ".sot-lint-cache"


def timed(command: list[str], cwd: Path) -> tuple[float, float, bytes]:
    """(wall seconds, CPU seconds of the process and the workers it waited for, stdout) of one run.

    CPU time is what to compare on a shared machine: wall time there also
    measures everyone else's load.
    """
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    out = process.stdout.read() if process.stdout else b""
    _, _, usage = os.wait4(process.pid, 0)
    return time.perf_counter() - started, usage.ru_utime + usage.ru_stime, out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--installed", action="store_true", help="measure a fresh `pip install .`")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sot-lint-status-bench-") as temporary:
        work = Path(temporary)
        command = [str(environment(work) / "sot-lint")] if args.installed else [sys.executable, "-m", "sot_lint"]
        tree = work / "tree"
        generate = [sys.executable, str(HERE / "generate.py"), str(tree), "--records", str(args.records)]
        subprocess.run(generate, check=True)
        check = [*command, "check", "--format", "json", "--exit-zero", "."]
        status = [*command, "status", "--format", "json", "."]
        names = ("audit cold", "audit warm", "status cold", "status warm")
        wall: dict[str, list[float]] = {name: [] for name in names}
        cpu: dict[str, list[float]] = {name: [] for name in names}
        records = 0
        for round_number in range(args.rounds):
            pair = [("audit", check), ("status", status)]
            for name, run in pair if round_number % 2 == 0 else pair[::-1]:
                shutil.rmtree(tree / CACHE, ignore_errors=True)
                for state in ("cold", "warm"):
                    seconds, used, out = timed(run, tree)
                    wall[f"{name} {state}"].append(seconds)
                    cpu[f"{name} {state}"].append(used)
                if name == "status":
                    records = len(json.loads(out)["records"])

        def medians(values: dict[str, list[float]]) -> dict[str, float]:
            return {name: round(statistics.median(runs), 3) for name, runs in values.items()}

        def ratios(values: dict[str, float]) -> dict[str, float]:
            return {
                "status cold / audit cold": round(values["status cold"] / values["audit cold"], 3),
                "status warm / audit warm": round(values["status warm"] / values["audit warm"], 3),
            }

        def paired(values: dict[str, list[float]]) -> dict[str, float]:
            """The median over rounds of each round's status / audit."""
            return {
                f"status {state} / audit {state}": round(
                    statistics.median(
                        s / a for s, a in zip(values[f"status {state}"], values[f"audit {state}"], strict=True)
                    ),
                    3,
                )
                for state in ("cold", "warm")
            }

        result = {
            "records": args.records,
            "register rows": records,
            "rounds": args.rounds,
            "wall seconds (median)": medians(wall),
            "cpu seconds (median)": medians(cpu),
            "ratios, wall": ratios(medians(wall)),
            "ratios, cpu": ratios(medians(cpu)),
            "paired ratios, wall (median of rounds)": paired(wall),
            "paired ratios, cpu (median of rounds)": paired(cpu),
            "all runs, wall": {name: [round(v, 3) for v in runs] for name, runs in wall.items()},
            "all runs, cpu": {name: [round(v, 3) for v in runs] for name, runs in cpu.items()},
        }
    json.dump(result, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
