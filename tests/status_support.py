"""A register tree built from the real example: one record per case the register must tell apart.

clean (reviewed days ago, admission agrees), stale (reviewed long ago),
missing (decided, no admission file), undecided (`not_decided`), secret (a
planted token in its body and in a dated heading). The token is built here
from parts, never committed whole.
"""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

from support import ADMISSION, EXAMPLE, RECORD

TOKEN = "gh" + "p_" + "Zq8vT3nB6mK1xW4rY7cD0fH2jL5pS9aE3gU6"
ORIGINAL_REVIEWED = "last_reviewed: 2026-05-31"
ORIGINAL_CREATED = "created: 2026-05-31"
CASES = ("clean", "missing", "secret", "stale", "undecided")


def record_path(case: str) -> str:
    return f".sot/{case}/CTO-CASE-PROVIDER-DECISION-RECORD.md"


def _days_ago(days: int) -> str:
    return (datetime.date.today() - datetime.timedelta(days=days)).isoformat()


def build(root: Path) -> Path:
    """The five-record tree under `root` (a fresh directory); returns `root`."""
    text = (EXAMPLE / RECORD).read_text("utf-8").replace(ORIGINAL_CREATED, f"created: {_days_ago(400)}")
    admission = (EXAMPLE / ADMISSION).read_text("utf-8")
    for case in CASES:
        directory = root / ".sot" / case
        directory.mkdir(parents=True)
        body = text.replace(".sot/03-PROTOCOLS/", f".sot/{case}/")
        body = body.replace(ORIGINAL_REVIEWED, f"last_reviewed: {_days_ago(200 if case == 'stale' else 3)}")
        if case == "missing":
            body = body.replace("- `model`: `qwen3.6-35b-a3b`.", "- `model`: `qwen3.7-72b`.")
        if case == "undecided":
            body = body.replace("`decision_status`: `local_provider_required`", "`decision_status`: `not_decided`", 1)
            keys = ("provider", "model", "fallback_provider", "fallback_model")
            lines = body.split("\n")
            lines = [line for line in lines if not line.startswith(tuple(f"- `{key}`:" for key in keys))]
            body = "\n".join(line for line in lines if "ADMISSION.qwen" not in line)
        if case == "secret":
            body = body.replace(
                "## Spark Endpoint Config Reference - 2026-06-01",
                f"## Rotated {TOKEN} - 2026-06-01\n- The old token was `{TOKEN}`.\n"
                "## Spark Endpoint Config Reference - 2026-06-01",
            )
        (directory / Path(RECORD).name).write_text(body, "utf-8")
        if case not in ("missing", "undecided"):
            (directory / Path(ADMISSION).name).write_text(admission, "utf-8")
    return root


def copy_into(source: Path, target: Path) -> None:
    shutil.copytree(source, target, dirs_exist_ok=True)
