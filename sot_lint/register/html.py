"""The register as one self-contained HTML page.

Inline CSS, inline SVG and an optional inline script; nothing is fetched
(no font, image, stylesheet or script from anywhere), so the file can be
mailed, archived or opened offline. Without JavaScript every part is there;
the script only adds sorting and filtering. `@media print` lays it out on A4.
Every value goes through `html.escape`, and every cell through `Entry.cell`
(leak labels, never values).
"""

from __future__ import annotations

import os
from html import escape
from typing import TextIO

from sot_lint import __version__
from sot_lint.register.model import Entry
from sot_lint.register.style import CSS, SCRIPT, colour_of
from sot_lint.register.timeline import timeline
from sot_lint.register.view import Register, provider_model


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _badge(status: str | None) -> str:
    if not status:
        return ""
    colour = colour_of(status)
    return f'<span class="badge" style="background:{colour}">{_e(status)}</span>'


def _summary(register: Register) -> str:
    s = register.summary()
    states = (
        "".join(f"<li>{_badge(name)} {count}</li>" for name, count in s["by_decision_status"].items())
        or "<li>none</li>"
    )
    admission = s["admission"]
    problems = admission.get("missing", 0) + admission.get("mismatch", 0)
    cards = [
        ("none", s["records"], "decision records", f"<ul>{states}</ul>"),
        ("warn" if s["stale"] else "good", s["stale"], f"stale reviews (over {s['review_max_age_days']} days)", ""),
        (
            "bad" if s["with_errors"] else "good",
            s["with_errors"],
            "records with errors",
            f"<ul><li>{s['unreadable']} unreadable</li><li>{s['errors']} errors, {s['warnings']} warnings</li></ul>",
        ),
        (
            "bad" if problems else "good",
            problems,
            "admission files missing or disagreeing",
            "<ul>" + "".join(f"<li>{_e(k)}: {v}</li>" for k, v in admission.items()) + "</ul>",
        ),
    ]
    items = "".join(
        f'<div class="card tone-{tone}"><b>{value}</b><span>{_e(label)}</span>{extra}</div>'
        for tone, value, label, extra in cards
    )
    return f'<section aria-labelledby="summary"><h2 id="summary">Summary</h2><div class="cards">{items}</div></section>'


def _path_cell(entry: Entry, index: int) -> str:
    directory, name = os.path.split(entry.row.path)
    shown = f'<span class="dir">{_e(directory)}/</span>' if directory else ""
    target = f"#record-{index}"
    return f'<td class="path" data-sort="{_e(entry.row.path)}">{shown}<a href="{target}">{_e(name)}</a></td>'


def _row(entry: Entry, index: int) -> str:
    age = entry.review_age_days
    age_cell = "" if age is None else f"{age}" + (' <span class="stale">stale</span>' if entry.stale else "")
    admission = entry.row.admission or ""
    decision = entry.cell("decision_status")
    shown_decision = _badge(decision) if decision else ("unreadable" if entry.row.error else "")
    cells = [
        _path_cell(entry, index),
        f"<td>{_e(entry.cell('title') or '')}</td>",
        f"<td>{_e(entry.cell('status') or '')}</td>",
        f'<td data-sort="{_e(decision or "")}">{shown_decision}</td>',
        f"<td>{_e(provider_model(entry))}</td>",
        f"<td>{_e(provider_model(entry, 'fallback_'))}</td>",
        f"<td>{_e(entry.cell('last_reviewed') or '')}</td>",
        f'<td class="num" data-sort="{age if age is not None else -1}">{age_cell}</td>',
        f'<td class="adm-{_e(admission)}">{_e(admission)}</td>',
        f'<td class="num{" bad" if entry.errors else ""}">{entry.errors}</td>',
        f'<td class="num">{entry.warnings}</td>',
    ]
    classes = " ".join(c for c in ("unreadable" if entry.row.error else "", "is-stale" if entry.stale else "") if c)
    attribute = f' class="{classes}"' if classes else ""
    return f'<tr id="row-{index}"{attribute}>{"".join(cells)}</tr>'


_COLUMNS = (
    "Record",
    "Title",
    "Status",
    "Decision",
    "Provider / model",
    "Fallback",
    "Last reviewed",
    "Age (days)",
    "Admission",
    "Errors",
    "Warnings",
)


def _table(register: Register) -> str:
    head = "".join(f'<th scope="col">{_e(name)}</th>' for name in _COLUMNS)
    rows = "".join(_row(entry, index) for index, entry in enumerate(register.entries))
    tools = (
        '<p class="tools" id="tools" hidden><label>Filter: <input id="filter" type="search" '
        'placeholder="path, status, provider…"></label> <span id="shown" class="meta"></span></p>'
    )
    return (
        f'<section aria-labelledby="records"><h2 id="records">Register</h2>{tools}'
        f'<div class="wrap"><table id="register"><caption hidden>Decision records</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div></section>"
    )


def _findings(register: Register) -> str:
    blocks = []
    for index, entry in enumerate(register.entries):
        items = []
        if entry.row.error:
            items.append(f'<li><span class="sev-error">unreadable</span> {_e(entry.row.error)}</li>')
        for f in entry.findings:
            items.append(
                f'<li><code>{_e(f.code)}</code> <span class="sev-{_e(f.severity.value)}">{_e(f.severity.value)}</span> '
                f"<code>{_e(f.path)}:{f.line}</code> {_e(f.message)}</li>"
            )
        history = ""
        if entry.history:
            lines = "".join(
                f"<li><code>{_e(c.commit)}</code> {_e(c.date[:10])}: {_e(c.before or '(none)')} → "
                f"{_e(c.after or '(none)')}</li>"
                for c in entry.history
            )
            history = f'<ul class="history">{lines}</ul>'
        body = f"<ul>{''.join(items)}</ul>" if items else '<p class="meta">No open findings.</p>'
        heading = f'<h3 class="path">{_e(entry.row.path)}</h3>'
        blocks.append(f'<section id="record-{index}">{heading}{body}{history}</section>')
    return (
        '<section class="findings" aria-labelledby="findings"><h2 id="findings">Findings by record</h2>'
        f"{''.join(blocks)}</section>"
    )


def report(register: Register, stream: TextIO, colour: bool) -> None:
    """Write the whole page to `stream`."""
    history = " · with git history" if register.history else ""
    stream.write(
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        "script-src 'unsafe-inline'; img-src data:\">"
        f"<title>Decision register</title><style>{CSS}</style></head><body><main>"
        f'<h1>Decision register</h1><p class="meta">sot-lint {_e(__version__)} · {register.today.isoformat()}'
        f" · stale after {register.max_age_days} days{history}</p>"
    )
    stream.write(_summary(register))
    stream.write(_table(register))
    stream.write(timeline(register))
    stream.write(_findings(register))
    stream.write(
        "<footer>Made by sot-lint status. Detected secrets and endpoints are shown as labels, never as values."
        f"</footer></main><script>{SCRIPT}</script></body></html>\n"
    )
