"""Score sot-lint's leak rules beside detect-secrets, betterleaks and kingfisher, in one run.

Builds one tree from the two labelled corpora beside the checkout
(`../shared/corpora/`, each README says how): every `leaks-dev` item placed in
a copy of the real record as a field value, in prose and in a fenced `export`
line; every `public-docs-dev` file as it is, with leaks planted at known
lines. Each tool then scans that one tree once (commands in
`corpora/scanners.py`: default rules, no network validation), and the corpora's
own scorers count recall and false positives per tool, per source, per
placement, and false alarms per 100 public files. The tables name kinds,
codes and classes; no value is ever printed.

    python bench/leaks.py [--corpora DIR] [--bin DIR] [--rate 0.5] [--seed 1] [--sources gitleaks]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

REPO = Path(__file__).resolve().parents[1]
TOOLS = ("sot-lint", "detect-secrets", "betterleaks", "kingfisher")


def _load(name: str, path: Path) -> ModuleType:
    """A corpus scorer, imported from its file (both are called score.py)."""
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _executables(bin_dir: Path | None) -> dict[str, str]:
    """Each tool's executable: in --bin, beside this Python, or on PATH; a missing one is left out."""
    found: dict[str, str] = {}
    for tool in TOOLS:
        for folder in (bin_dir, Path(sys.executable).parent):
            if folder is not None and (folder / tool).exists():
                found[tool] = str(folder / tool)
                break
        else:
            where = shutil.which(tool)
            if where:
                found[tool] = where
    if "sot-lint" not in found:
        raise SystemExit("sot-lint is not installed (pip install -e .)")
    return found


def _rate(hit: int, total: int) -> float:
    return hit / total if total else 0.0


def _targets(acc: dict[str, Any], tools: list[str], ev: dict[str, Any], planted: int, files: int) -> list[str]:
    """Issue 14's targets, each PASS or FAIL with the number behind it."""
    lines = []

    def check(ok: bool, text: str) -> None:
        lines.append(f"{'PASS' if ok else 'FAIL'}  {text}")

    for placement, floor in (("bullet", 0.90), ("fenced", 0.90), ("prose", 0.70)):
        counts = acc.get(placement, {}).get("sot-lint", [0] * 8)
        recall = _rate(counts[1], counts[0])
        check(recall >= floor, f"leaks-dev {placement} recall {recall:.3f} >= {floor}")
        for tool in tools[1:]:
            other = acc.get(placement, {}).get(tool, [0] * 8)
            check(recall > _rate(other[1], other[0]), f"  ahead of {tool} ({_rate(other[1], other[0]):.3f})")
    total = [sum(acc[p]["sot-lint"][i] for p in acc) for i in range(8)]
    content = _rate(total[5], total[3])
    check(content <= 0.05, f"leaks-dev content-only FPR {content:.3f} <= 0.05")
    mine = ev["sot-lint"]
    found = sum(mine["hits"].values())
    check(found == planted, f"public-docs planted leaks found {found}/{planted}")
    per100 = 100 * len(mine["alarms"]) / max(files, 1)
    check(per100 <= 0.5, f"public-docs SOT3xx errors on unplanted lines {per100:.1f} per 100 files <= 0.5")
    for tool in tools[1:]:
        theirs = sum(ev[tool]["hits"].values())
        check(found >= theirs, f"  planted recall ahead of or equal to {tool} ({theirs}/{planted})")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", type=Path, default=REPO.parent / "shared" / "corpora")
    parser.add_argument("--bin", type=Path, help="folder holding the tools' executables")
    parser.add_argument("--rate", type=float, default=0.5, help="share of public files that get a planted leak")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--sources", default="gitleaks", help="leaks-dev sources of the targets: a list, or 'all'")
    parser.add_argument("--workdir", type=Path, help="build the tree here and keep it (default: a temp dir)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args(argv)

    leaks = _load("leaks_dev_score", args.corpora / "leaks-dev" / "score.py")
    public = _load("public_docs_score", args.corpora / "public-docs-dev" / "score.py")
    scanners: Any = sys.modules["scanners"]  # imported by the scorers from the corpora folder
    exes = _executables(args.bin)
    tools = list(exes)

    items = json.loads((args.corpora / "leaks-dev" / "items.json").read_text("utf-8"))["items"]
    manifest = json.loads((args.corpora / "public-docs-dev" / "files.json").read_text("utf-8"))
    work = args.workdir or Path(tempfile.mkdtemp(prefix="sot-lint-leaks-"))
    try:
        if (work / ".sot").exists():
            shutil.rmtree(work / ".sot")
        labels = leaks.build(items, work)
        planted, texts, source_of = public.build(
            args.corpora / "public-docs-dev" / "docs", manifest, work, args.rate, args.seed
        )
        found, secs = scanners.run_all(exes, work, args.jobs)
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)

    versions = "; ".join(f"{t} {scanners.version(t, exes[t])} ({secs[t]:.1f} s)" for t in tools)
    print(f"# Leak bench: {len(labels)} leaks-dev records and {len(texts)} public files in one tree")
    print(versions)

    results = leaks.score(labels, found)
    final = {r["source"] for r in results.values()} if args.sources == "all" else set(args.sources.split(","))
    tables, _ = leaks.standard_tables(results, tools, final)
    print("\n# leaks-dev (scored by corpora/leaks-dev/score.py)")
    print("\n".join(tables))

    ev = public.evaluate(found, planted, texts)
    print("\n# public-docs-dev (scored by corpora/public-docs-dev/score.py)")
    print("\n".join(public.report(ev, planted, texts, source_of)))

    in_final: Callable[[dict[str, Any]], str | None] = lambda r: r["placement"] if r["source"] in final else None  # noqa: E731
    acc = leaks.counts(results, tools, in_final)
    print("\n## Targets (issue 14)\n")
    print("\n".join(_targets(acc, tools, ev, len(planted), len(texts))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
