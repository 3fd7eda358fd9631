"""The register as text, JSON, CSV and markdown (HTML is in `html.py`).

Every format shows a cell through `Entry.cell`, so a value on a line the
check flagged as a leak appears as the check's label in all of them, and
findings appear with the check's own (redacted) messages.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from json.encoder import encode_basestring_ascii
from typing import Any, TextIO

from sot_lint import __version__
from sot_lint.register.model import Entry
from sot_lint.register.view import Register, common_directory, cut, provider_model
from sot_lint.report import jsontext

WIDTH = 80


def summary_line(register: Register) -> str:
    s = register.summary()
    states = ", ".join(f"{count} {name}" for name, count in s["by_decision_status"].items()) or "none"
    return (
        f"{s['records']} record{'' if s['records'] == 1 else 's'}: {states}.\n"
        f"{s['stale']} stale (last review over {s['review_max_age_days']} days ago), {s['with_errors']} with errors"
    )


# --- text -------------------------------------------------------------------

_RED, _YELLOW, _GREEN, _DIM, _BOLD, _RESET = "\033[31m", "\033[33m", "\033[32m", "\033[2m", "\033[1m", "\033[0m"
_HEADERS = ("RECORD", "DECISION", "PROVIDER/MODEL", "AGE", "ADMISSION", "E/W")
_MINIMUM = (18, 16, 14, 4, 9, 3)


def _text_cells(entry: Entry, prefix: str) -> tuple[str, ...]:
    path = entry.row.path[len(prefix) :]
    if entry.row.error:
        return (path, "unreadable", "", "", "", f"{entry.errors}/{entry.warnings}")
    age = "" if entry.review_age_days is None else f"{entry.review_age_days}d" + ("!" if entry.stale else "")
    return (
        path,
        entry.cell("decision_status") or "-",
        provider_model(entry),
        age,
        entry.row.admission or "",
        f"{entry.errors}/{entry.warnings}",
    )


def _widths(rows: list[tuple[str, ...]]) -> list[int]:
    """Natural widths, narrowed (widest column first) until the table fits 80 columns."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(_HEADERS))]
    minimum = [min(widths[i], max(_MINIMUM[i], len(_HEADERS[i]))) for i in range(len(widths))]
    while sum(widths) + 2 * (len(widths) - 1) > WIDTH:
        shrinkable = [i for i in range(len(widths)) if widths[i] > minimum[i]]
        if not shrinkable:
            break
        widest = max(shrinkable, key=lambda i: widths[i] - minimum[i])
        widths[widest] -= 1
    return widths


def _tint(index: int, text: str, entry: Entry) -> str:
    if index == 1:
        if entry.row.error:
            return f"{_RED}{text}{_RESET}"
        tone = _YELLOW if entry.cell("decision_status") == "not_decided" else _GREEN
        return f"{tone}{text}{_RESET}"
    if index == 3 and entry.stale:
        return f"{_YELLOW}{text}{_RESET}"
    if index == 4 and entry.row.admission in ("missing", "mismatch"):
        return f"{_RED}{text}{_RESET}"
    if index == 5 and (entry.errors or entry.warnings):
        return f"{_RED if entry.errors else _YELLOW}{text}{_RESET}"
    return text


def text(register: Register, stream: TextIO, colour: bool) -> None:
    """An aligned table that fits an 80-column terminal, then the summary, errors and history."""
    if not register.entries:
        stream.write("No decision records found.\n")
        return
    prefix = common_directory(register.entries)
    rows = [_text_cells(entry, prefix) for entry in register.entries]
    widths = _widths([_HEADERS, *rows])
    if prefix:
        stream.write(f"Records in {prefix}\n")
    header = "  ".join(cut(h, w).ljust(w) for h, w in zip(_HEADERS, widths, strict=True)).rstrip()
    stream.write(f"{_BOLD}{header}{_RESET}\n" if colour else f"{header}\n")
    for entry, row in zip(register.entries, rows, strict=True):
        cells = []
        for index, (value, width) in enumerate(zip(row, widths, strict=True)):
            shown = cut(value, width, middle=index in (0, 2))
            padded = shown.ljust(width) if index < len(row) - 1 else shown
            cells.append(_tint(index, padded, entry) if colour and shown else padded)
        stream.write("  ".join(cells).rstrip() + "\n")
    stream.write(f"\n{summary_line(register)}.\n")
    if any(e.stale for e in register.entries):
        stream.write(f"AGE: days since last_reviewed; '!' marks a review older than {register.max_age_days} days.\n")
    for entry in register.entries:
        if entry.row.error:
            stream.write(f"{entry.row.path}: {entry.row.error}\n")
    if register.history:
        stream.write("\nDecision status changes (git):\n")
        for entry in register.entries:
            if not entry.history:
                continue
            stream.write(f"{entry.row.path}\n")
            for change in entry.history:
                before = change.before or "(none)"
                after = change.after or "(none)"
                commit = f"{_DIM}{change.commit}{_RESET}" if colour else change.commit
                stream.write(f"  {commit}  {change.date[:10]}  {before} -> {after}\n")


# --- json -------------------------------------------------------------------


def record(entry: Entry) -> dict[str, Any]:
    """One record in the SPEC §9 shape, plus its admission file, error and dated sections.

    Findings are counted, not listed: `sot-lint check --format json` lists them.
    """
    return {
        "path": entry.row.path,
        "title": entry.cell("title"),
        "status": entry.cell("status"),
        "decision_status": entry.cell("decision_status"),
        "provider": entry.cell("provider"),
        "model": entry.cell("model"),
        "fallback_provider": entry.cell("fallback_provider"),
        "fallback_model": entry.cell("fallback_model"),
        "last_reviewed": entry.cell("last_reviewed"),
        "review_age_days": entry.review_age_days,
        "stale": entry.stale,
        "admission": entry.row.admission,
        "errors": entry.errors,
        "warnings": entry.warnings,
        "history": [{"commit": c.commit, "date": c.date, "from": c.before, "to": c.after} for c in entry.history],
        "admission_file": entry.row.admission_path,
        "error": entry.row.error,
        "dated_sections": [{"title": title, "date": date, "line": line} for title, date, line in entry.row.sections],
    }


def _string(value: str | None) -> str:
    return "null" if value is None else encode_basestring_ascii(value)


def _record_line(entry: Entry) -> str:
    """`record(entry)` as `json.dumps` writes it, formatted directly: a register of thousands of records."""
    row, cell = entry.row, entry.row.cells.get
    age = "null" if entry.review_age_days is None else f"{entry.review_age_days:d}"
    history = ", ".join(
        f'{{"commit": {_string(c.commit)}, "date": {_string(c.date)}, "from": {_string(c.before)}, '
        f'"to": {_string(c.after)}}}'
        for c in entry.history
    )
    sections = ", ".join(
        f'{{"title": {_string(title)}, "date": {_string(date)}, "line": {line:d}}}'
        for title, date, line in row.sections
    )
    return (
        f'{{"path": {_string(row.path)}, "title": {_string(cell("title"))}, "status": {_string(cell("status"))}, '
        f'"decision_status": {_string(cell("decision_status"))}, "provider": {_string(cell("provider"))}, '
        f'"model": {_string(cell("model"))}, "fallback_provider": {_string(cell("fallback_provider"))}, '
        f'"fallback_model": {_string(cell("fallback_model"))}, "last_reviewed": {_string(cell("last_reviewed"))}, '
        f'"review_age_days": {age}, "stale": {"true" if entry.stale else "false"}, '
        f'"admission": {_string(row.admission)}, "errors": {entry.errors:d}, "warnings": {entry.warnings:d}, '
        f'"history": [{history}], "admission_file": {_string(row.admission_path)}, "error": {_string(row.error)}, '
        f'"dated_sections": [{sections}]}}'
    )


def json_format(register: Register, stream: TextIO, colour: bool) -> None:
    document = {
        "tool": "sot-lint",
        "version": __version__,
        "history": register.history,
        "records": jsontext.RawItems(_record_line(entry) for entry in register.entries),
        "summary": register.summary(),
    }
    buffer = io.StringIO()  # one record a line, by the C encoder; one write to the stream
    jsontext.dump(document, buffer, depth=2)
    stream.write(buffer.getvalue())


# --- csv --------------------------------------------------------------------

COLUMNS = (
    "path",
    "title",
    "status",
    "decision_status",
    "provider",
    "model",
    "fallback_provider",
    "fallback_model",
    "last_reviewed",
    "review_age_days",
    "stale",
    "admission",
    "errors",
    "warnings",
    "error",
)


def _history_text(entry: Entry) -> str:
    return "; ".join(f"{c.commit} {c.date[:10]} {c.before or '(none)'} -> {c.after or '(none)'}" for c in entry.history)


def _flat(entry: Entry) -> list[str]:
    item = record(entry)
    values = []
    for column in COLUMNS:
        value = item[column]
        values.append("" if value is None else str(value).lower() if isinstance(value, bool) else str(value))
    return values


def csv_format(register: Register, stream: TextIO, colour: bool) -> None:
    """One header row and one row per record (RFC 4180 quoting); `history` only with --history."""
    import csv  # only this format needs it

    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow([*COLUMNS, "history"] if register.history else COLUMNS)
    for entry in register.entries:
        writer.writerow([*_flat(entry), _history_text(entry)] if register.history else _flat(entry))


# --- markdown ---------------------------------------------------------------


def _md(value: str) -> str:
    """A cell that stays one table cell: pipes escaped, no raw HTML, no line breaks."""
    value = value.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")
    return " ".join(value.split()) or " "


def markdown(register: Register, stream: TextIO, colour: bool) -> None:
    """A summary line and a GitHub-flavoured table (paste it into an issue or a wiki page)."""
    columns = ("path", "title", "decision_status", "provider/model", "fallback", "last_reviewed", "age", "admission")
    stream.write(f"# Decision register\n\n{summary_line(register)}.\n\n")
    stream.write("| " + " | ".join([*columns, "errors", "warnings"]) + " |\n")
    stream.write("|" + "---|" * (len(columns) + 2) + "\n")
    for entry in register.entries:
        age = "" if entry.review_age_days is None else f"{entry.review_age_days} d"
        age += " (stale)" if entry.stale else ""
        cells = [
            entry.row.path,
            entry.cell("title") or "",
            entry.cell("decision_status") or ("unreadable" if entry.row.error else ""),
            provider_model(entry),
            provider_model(entry, "fallback_"),
            entry.cell("last_reviewed") or "",
            age,
            entry.row.admission or "",
            str(entry.errors),
            str(entry.warnings),
        ]
        stream.write("| " + " | ".join(_md(c) for c in cells) + " |\n")
    if register.history:
        stream.write("\n## Decision status changes\n\n")
        for entry in register.entries:
            for change in entry.history:
                before, after = change.before or "(none)", change.after or "(none)"
                stream.write(f"- `{entry.row.path}` {change.commit} {change.date[:10]}: {before} → {after}\n")


Format = Callable[[Register, TextIO, bool], None]


def format_named(name: str) -> Format:
    """The writer of one format; the HTML page's module is imported only when asked for."""
    if name == "html":
        from sot_lint.register import html

        return html.report
    return {"text": text, "json": json_format, "csv": csv_format, "markdown": markdown}[name]
