"""What every format of the register shows, and the cell helpers the text table and the HTML page share."""

from __future__ import annotations

import datetime
import os
from collections import Counter
from dataclasses import dataclass
from typing import Any

from sot_lint.register.model import Entry

ELLIPSIS = "…"


@dataclass(frozen=True)
class Register:
    """What every format shows: the sorted entries and how they were made."""

    entries: tuple[Entry, ...]
    today: datetime.date
    max_age_days: int
    statuses: tuple[str, ...]
    history: bool = False  # whether `--history` read git

    def summary(self) -> dict[str, Any]:
        by_status = Counter(e.row.cells.get("decision_status") or "(none)" for e in self.entries if not e.row.error)
        admission = Counter(e.row.admission for e in self.entries if e.row.admission is not None)
        ordered = [s for s in self.statuses if s in by_status] + sorted(set(by_status) - set(self.statuses))
        return {
            "records": len(self.entries),
            "by_decision_status": {name: by_status[name] for name in ordered},
            "stale": sum(1 for e in self.entries if e.stale),
            "unreadable": sum(1 for e in self.entries if e.row.error),
            "with_errors": sum(1 for e in self.entries if e.errors or e.row.error),
            "admission": {name: admission[name] for name in sorted(admission)},
            "errors": sum(e.errors for e in self.entries),
            "warnings": sum(e.warnings for e in self.entries),
            "review_max_age_days": self.max_age_days,
            "date": self.today.isoformat(),
        }


def provider_model(entry: Entry, prefix: str = "") -> str:
    """`provider/model` (`?` for a missing half), or "" when the record names neither."""
    provider, model = entry.cell(f"{prefix}provider"), entry.cell(f"{prefix}model")
    if provider is None and model is None:
        return ""
    return f"{provider or '?'}/{model or '?'}"


def cut(text: str, width: int, middle: bool = False) -> str:
    """`text` in at most `width` characters, an ellipsis marking the cut.

    Paths and provider/model pairs are cut in the middle: their start (the
    directory, the provider) and their end (the file name, the model) are
    what tells two rows apart.
    """
    if len(text) <= width:
        return text
    if width <= 1:
        return ELLIPSIS[:width]
    if middle:
        head = (width - 1) // 2
        return text[:head] + ELLIPSIS + text[len(text) - (width - 1 - head) :]
    return text[: width - 1] + ELLIPSIS


def common_directory(entries: tuple[Entry, ...]) -> str:
    """The directory every record is in (with a final `/`), or ""; the table leaves it out of each row."""
    directories = {os.path.dirname(e.row.path) for e in entries}
    common = os.path.commonpath(list(directories)) if all(directories) else ""
    return f"{common}/" if common else ""
