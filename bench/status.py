"""The register against the audit it is built on: `sot-lint status` vs `sot-lint check`, cold and warm.

    python bench/status.py [--records 5000] [--rounds 3] [--installed]

Generates the tree with bench/generate.py, then, in alternating rounds:
cold audit (`check --format json .`, empty cache), warm audit (again), cold
register (`status --format json .`, empty cache), warm register (again).
Prints the medians and the ratios the issue states: status cold <= audit cold,
status warm <= audit warm. By default runs this checkout's `python -m
sot_lint`; `--installed` builds a fresh virtualenv with `pip install .` as
bench/run.py does.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from run import environment, timed

HERE = Path(__file__).resolve().parent
CACHE = ".sot-lint-cache"


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
        times: dict[str, list[float]] = {"audit cold": [], "audit warm": [], "status cold": [], "status warm": []}
        records = 0
        for _ in range(args.rounds):
            for name, run in (("audit", check), ("status", status)):
                shutil.rmtree(tree / CACHE, ignore_errors=True)
                times[f"{name} cold"].append(timed(run, tree)[0])
                seconds, _, out = timed(run, tree)
                times[f"{name} warm"].append(seconds)
                if name == "status":
                    records = len(json.loads(out)["records"])
        medians = {name: round(statistics.median(values), 3) for name, values in times.items()}
        result = {
            "records": args.records,
            "register rows": records,
            "rounds": args.rounds,
            "seconds (median)": medians,
            "all runs": {name: [round(v, 3) for v in values] for name, values in times.items()},
            "status cold / audit cold": round(medians["status cold"] / medians["audit cold"], 3),
            "status warm / audit warm": round(medians["status warm"] / medians["audit warm"], 3),
        }
    json.dump(result, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
