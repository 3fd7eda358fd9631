"""Side-by-side benchmark of sot-lint against detect-secrets, with public tools only.

    python bench/run.py [--records 5000] [--repeat 10] [--rounds 3] [--no-double] [--growth 1000]

Measures, in one run and alternating the commands:
- hook latency: `detect-secrets-hook` vs `sot-lint check` on the example's two
  files (median of --repeat runs each; sot-lint cold, without its cache);
- full audit of a generated tree (bench/generate.py): `detect-secrets scan
  --all-files` vs `sot-lint check` cold (empty cache), then warm, in --rounds
  alternating rounds (medians);
- peak RSS of each audit (wait4 rusage), time at 1x and 2x the tree;
- recall: every (file, line) detect-secrets reports must carry a sot-lint
  SOT3xx finding;
- growth on a repository that outgrew its conventions (`generate.py --layout
  messy`: every record in one folder beside admission files off-template):
  --growth records and four times as many, `--no-cache`, median of 3 each.
Prints the numbers and the ratios the targets are stated in (SPEC §5).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
EXAMPLE = PROJECT / "tests" / "fixtures" / "cto"
BIN = Path(sys.executable).parent  # replaced in main() by the benchmark's own environment


def environment(work: Path) -> Path:
    """A fresh virtualenv holding sot-lint as users get it: `pip install .`, byte-compiled.

    An editable install under PYTHONDONTWRITEBYTECODE recompiles every module
    on each run, which is not what a hook user pays.
    """
    env = work / "env"
    subprocess.run([sys.executable, "-m", "venv", str(env)], check=True)
    pip = [str(env / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, str(PROJECT)], check=True)
    return env / "bin"


def timed(command: list[str], cwd: Path) -> tuple[float, int, bytes]:
    """(wall seconds, peak RSS in KB, stdout) of one run."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    out = process.stdout.read() if process.stdout else b""
    _, _, usage = os.wait4(process.pid, 0)
    return time.perf_counter() - started, usage.ru_maxrss, out


def hook(repeat: int, work: Path) -> dict[str, float]:
    tree = work / "hook"
    shutil.copytree(EXAMPLE, tree)
    files = [str(p.relative_to(tree)) for p in sorted((tree / ".sot").rglob("*")) if p.is_file()]
    ds = [str(BIN / "detect-secrets-hook"), *files]
    ours = [str(BIN / "sot-lint"), "check", "--no-cache", *files]
    times: dict[str, list[float]] = {"detect-secrets-hook": [], "sot-lint": []}
    for _ in range(repeat):
        times["detect-secrets-hook"].append(timed(ds, tree)[0])
        times["sot-lint"].append(timed(ours, tree)[0])
    return {name: statistics.median(values) for name, values in times.items()}


def secrets_found(report: bytes, root: Path) -> set[tuple[str, int]]:
    results = json.loads(report)["results"]
    return {(Path(name).as_posix(), item["line_number"]) for name, items in results.items() for item in items}


def audit(records: int, work: Path, rounds: int) -> dict[str, Any]:
    """`rounds` alternating runs of detect-secrets, sot-lint cold and sot-lint warm; medians."""
    tree = work / f"tree-{records}"
    subprocess.run([sys.executable, str(HERE / "generate.py"), str(tree), "--records", str(records)], check=True)
    files = sum(1 for p in tree.rglob("*") if p.is_file())
    size = sum(p.stat().st_size for p in tree.rglob("*") if p.is_file())
    command = [str(BIN / "sot-lint"), "check", "--format", "json", "."]
    runs: dict[str, list[tuple[float, int, bytes]]] = {"ds": [], "cold": [], "warm": []}
    for _ in range(rounds):
        # detect-secrets scans the same files sot-lint checks: not the cache a warm run left behind.
        shutil.rmtree(tree / ".sot-lint-cache", ignore_errors=True)
        runs["ds"].append(timed([str(BIN / "detect-secrets"), "scan", "--all-files", "."], tree))
        runs["cold"].append(timed(command, tree))
        runs["warm"].append(timed(command, tree))
    ds_out, cold_out = runs["ds"][0][2], runs["cold"][0][2]
    ours = {(f["path"], f["line"]) for f in json.loads(cold_out)["findings"] if f["code"].startswith("SOT3")}
    theirs = secrets_found(ds_out, tree)
    for _, _, out in runs["warm"] + runs["cold"]:
        assert json.loads(out)["findings"] == json.loads(cold_out)["findings"], "runs disagree"

    def median(name: str) -> float:
        return round(statistics.median(t for t, _, _ in runs[name]), 2)

    def peak(name: str) -> float:
        return round(max(rss for _, rss, _ in runs[name]) / 1024, 1)

    return {
        "records": records,
        "files": files,
        "megabytes": round(size / 1e6, 1),
        "rounds": rounds,
        "detect_secrets_s": median("ds"),
        "detect_secrets_rss_mb": peak("ds"),
        "cold_s": median("cold"),
        "cold_all_s": [round(t, 2) for t, _, _ in runs["cold"]],
        "cold_rss_mb": peak("cold"),
        "warm_s": median("warm"),
        "warm_all_s": [round(t, 2) for t, _, _ in runs["warm"]],
        "warm_rss_mb": peak("warm"),
        "detect_secrets_lines": len(theirs),
        "missed_by_sot_lint": len(theirs - ours),
    }


def growth(records: int, work: Path, rounds: int = 3) -> dict[str, Any]:
    """Cold, uncached audit time at `records` and 4x `records` on the messy layout (medians)."""
    times: dict[int, float] = {}
    for count in (records, records * 4):
        tree = work / f"messy-{count}"
        subprocess.run(
            [sys.executable, str(HERE / "generate.py"), str(tree), "--records", str(count), "--layout", "messy"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        command = [str(BIN / "sot-lint"), "check", "--no-cache", "--format", "json", "."]
        times[count] = statistics.median(timed(command, tree)[0] for _ in range(rounds))
    return {
        "layout": "messy: every record in one folder, admission files off-template",
        "records": [records, records * 4],
        "seconds": [round(times[records], 2), round(times[records * 4], 2)],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3, help="alternating audit runs on the 1x tree (medians)")
    parser.add_argument("--no-double", action="store_true", help="skip the 2x tree (linearity)")
    parser.add_argument("--growth", type=int, default=1000, help="records of the smaller messy tree (0: skip)")
    parser.add_argument("--bin", type=Path, help="use the sot-lint and detect-secrets of this bin/ directory")
    args = parser.parse_args()
    global BIN
    result: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        BIN = args.bin.resolve() if args.bin else environment(work)
        result["machine"] = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
        result["versions"] = {
            tool: subprocess.run(
                [str(BIN / tool), "--version"], check=True, capture_output=True, text=True
            ).stdout.strip()
            for tool in ("sot-lint", "detect-secrets")
        }
        result["hook"] = hook(args.repeat, work)
        result["audit"] = [audit(args.records, work, args.rounds)]
        if not args.no_double:
            result["audit"].append(audit(args.records * 2, work, 1))
        if args.growth:
            result["growth"] = growth(args.growth, work)
    hook_times: dict[str, float] = result["hook"]
    one = result["audit"][0]
    ratios = {
        "hook (target <= 0.6, aim 0.4)": hook_times["sot-lint"] / hook_times["detect-secrets-hook"],
        "cold audit (target <= 0.08, aim 0.05)": one["cold_s"] / one["detect_secrets_s"],
        "warm / cold (target <= 0.08, aim 0.05)": one["warm_s"] / one["cold_s"],
    }
    if len(result["audit"]) > 1:
        two = result["audit"][1]
        ratios["2x tree / 1x tree, cold (linear = 2.0)"] = two["cold_s"] / one["cold_s"]
    if "growth" in result:
        small, large = result["growth"]["seconds"]
        ratios["messy layout, 4x records / 1x (target <= 4.6)"] = large / small
    result["ratios"] = {name: round(value, 3) for name, value in ratios.items()}
    print(json.dumps(result, indent=2))
    return 0 if all(a["missed_by_sot_lint"] == 0 for a in result["audit"]) else 1


if __name__ == "__main__":
    raise SystemExit(main())
