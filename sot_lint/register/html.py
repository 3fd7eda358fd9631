"""The register as one self-contained HTML page.

Inline CSS, inline SVG and an optional inline script; nothing is fetched
(no font, image, stylesheet or script from anywhere), so the file can be
mailed, archived or opened offline. Without JavaScript every part is there;
the script only adds sorting and filtering. `@media print` lays it out on A4.
Every value goes through `html.escape`, and every cell through `Entry.cell`
(leak labels, never values).
"""

from __future__ import annotations

import datetime
import os
from html import escape
from typing import TextIO

from sot_lint import __version__
from sot_lint.register.formats import Register, common_directory, cut, provider_model
from sot_lint.register.model import Entry

TIMELINE_LANES = 120  # past this many records the timeline shows the ones with the most events
STATUS_COLOURS = {
    "not_decided": "#b7791f",
    "local_provider_required": "#2b6cb0",
    "external_provider_approved": "#2f855a",
}
OTHER_COLOUR = "#6b46c1"

_CSS = """
:root { --ink:#1a202c; --dim:#5a6472; --line:#d9dee5; --bg:#f6f7f9; --card:#fff; --bad:#c53030; --warn:#b7791f;
  --ok:#2f855a; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink); font-size: 15px; line-height: 1.45; }
main { max-width: 1240px; margin: 0 auto; padding: 24px 20px 48px; }
h1 { font-size: 26px; margin: 0 0 4px; } h2 { font-size: 19px; margin: 32px 0 10px; }
h3 { font-size: 15px; margin: 16px 0 6px; }
.meta { color: var(--dim); margin: 0 0 20px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 12px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
.card b { display: block; font-size: 28px; line-height: 1.1; }
.card > span { color: var(--dim); font-size: 13px; }
.card ul { margin: 6px 0 0; padding: 0; list-style: none; font-size: 13px; }
.card.tone-bad b { color: var(--bad); } .card.tone-warn b { color: var(--warn); }
.card.tone-good b { color: var(--ok); }
.tools { margin: 0 0 8px; } .tools input { font: inherit; padding: 6px 10px; width: min(420px, 100%);
  border: 1px solid var(--line); border-radius: 6px; }
.wrap { overflow-x: auto; background: var(--card); border: 1px solid var(--line); border-radius: 8px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { text-align: left; padding: 6px 7px; border-bottom: 1px solid var(--line); vertical-align: top; }
thead th { background: #edf0f4; position: sticky; top: 0; font-weight: 600; }
th button { all: unset; cursor: pointer; } th button::after { content: " \\2195"; color: var(--dim); }
tbody tr:hover { background: #f9fafb; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.path { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px;
  word-break: break-all; min-width: 230px; }
.dir { color: var(--dim); display: block; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; color: #fff; font-size: 12px;
  white-space: nowrap; }
.adm-ok { color: var(--ok); } .adm-missing, .adm-mismatch, .bad { color: var(--bad); font-weight: 600; }
.stale { color: var(--warn); font-weight: 600; }
.unreadable td { background: #fff5f5; }
.legend { color: var(--dim); font-size: 13px; margin: 6px 0; } .legend i { display: inline-block; width: 10px;
  height: 10px; border-radius: 2px; margin: 0 4px 0 12px; vertical-align: -1px; }
.timeline { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 8px;
  overflow-x: auto; }
svg text { font-family: inherit; font-size: 11px; fill: var(--ink); }
.findings section { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 4px 14px 10px;
  margin: 0 0 10px; }
.findings ul { margin: 0; padding-left: 18px; } .findings li { margin: 3px 0; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
.sev-error { color: var(--bad); font-weight: 600; } .sev-warning { color: var(--warn); font-weight: 600; }
.history { margin: 0; padding-left: 18px; color: var(--dim); font-size: 13px; }
footer { color: var(--dim); font-size: 12px; margin-top: 32px; }
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  body { background: #fff; font-size: 10pt; } main { max-width: none; padding: 0; }
  .tools, th button::after { display: none; }
  .wrap, .timeline, .card, .findings section { border-color: #999; break-inside: avoid; overflow: visible; }
  thead { display: table-header-group; } thead th { position: static; }
  tr { break-inside: avoid; } table { font-size: 8.5pt; } th, td { padding: 3px 5px; }
  h2 { break-after: avoid; } .badge { color: #000 !important; background: none !important; border: 1px solid #000; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""

_SCRIPT = """
(function () {
  var table = document.getElementById('register');
  if (!table) return;
  var body = table.tBodies[0], tools = document.getElementById('tools'), input = document.getElementById('filter');
  tools.hidden = false;
  input.addEventListener('input', function () {
    var words = input.value.toLowerCase().split(/\\s+/).filter(Boolean), shown = 0;
    Array.prototype.forEach.call(body.rows, function (row) {
      var text = row.textContent.toLowerCase();
      var keep = words.every(function (w) { return text.indexOf(w) >= 0; });
      row.hidden = !keep; if (keep) shown++;
    });
    document.getElementById('shown').textContent = shown + ' of ' + body.rows.length + ' records shown';
  });
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
    var button = document.createElement('button');
    button.textContent = th.textContent; th.textContent = ''; th.appendChild(button);
    button.addEventListener('click', function () {
      var up = th.getAttribute('aria-sort') !== 'ascending';
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { c.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', up ? 'ascending' : 'descending');
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.cells[index].getAttribute('data-sort') || a.cells[index].textContent;
        var y = b.cells[index].getAttribute('data-sort') || b.cells[index].textContent;
        var nx = parseFloat(x), ny = parseFloat(y);
        var order = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
        return up ? order : -order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
})();
"""


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _badge(status: str | None) -> str:
    if not status:
        return ""
    colour = STATUS_COLOURS.get(status, OTHER_COLOUR)
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


def _events(entry: Entry) -> list[tuple[datetime.date, str, str]]:
    """(date, kind, tooltip) of one record: dated sections, the last review, status changes."""
    found: list[tuple[datetime.date, str, str]] = []
    for title, date, _ in entry.row.sections:
        day = _date(date)
        if day is not None:
            found.append((day, "section", f"{date}: {title}"))
    reviewed = _date(entry.cell("last_reviewed"))
    if reviewed is not None:
        found.append((reviewed, "review", f"last reviewed {reviewed.isoformat()}"))
    for change in entry.history:
        day = _date(change.date[:10])
        if day is not None:
            text = f"{change.date[:10]} {change.commit}: {change.before or '(none)'} -> {change.after or '(none)'}"
            found.append((day, f"status:{change.after or ''}", text))
    return found


def _date(value: str | None) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _timeline(register: Register) -> str:
    lanes = [(entry, _events(entry)) for entry in register.entries]
    lanes = [(entry, events) for entry, events in lanes if events]
    intro = '<section aria-labelledby="timeline"><h2 id="timeline">Timeline</h2>'
    if not lanes:
        return intro + '<p class="meta">No dated sections, reviews or status changes to show.</p></section>'
    note = ""
    if len(lanes) > TIMELINE_LANES:
        note = (
            f'<p class="meta">The {TIMELINE_LANES} records with the most events of {len(lanes)};'
            " the table lists all.</p>"
        )
        lanes = sorted(lanes, key=lambda lane: -len(lane[1]))[:TIMELINE_LANES]
        lanes.sort(key=lambda lane: register.entries.index(lane[0]))
    prefix = common_directory(tuple(entry for entry, _ in lanes))
    days = [day for _, events in lanes for day, _, _ in events] + [register.today]
    start, end = min(days), max(days)
    span = max((end - start).days, 1)
    label_width, width, lane_height, top = 300, 1180, 22, 34
    plot = width - label_width - 20
    height = top + lane_height * len(lanes) + 10

    def x(day: datetime.date) -> float:
        return label_width + plot * (day - start).days / span

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-labelledby="timeline-title"><title id="timeline-title">Dated sections, reviews and decision status '
        f"changes per record, {start.isoformat()} to {end.isoformat()}</title>"
    ]
    for tick in _ticks(start, end):
        position = x(tick)
        parts.append(
            f'<line x1="{position:.1f}" y1="{top - 8}" x2="{position:.1f}" y2="{height - 6}" stroke="#e2e6ec"/>'
            f'<text x="{position:.1f}" y="{top - 14}" text-anchor="middle">{tick.isoformat()[:7]}</text>'
        )
    today = x(register.today)
    parts.append(
        f'<line x1="{today:.1f}" y1="{top - 8}" x2="{today:.1f}" y2="{height - 6}" stroke="#c53030" '
        f'stroke-dasharray="4 3"><title>today, {register.today.isoformat()}</title></line>'
    )
    for number, (entry, events) in enumerate(lanes):
        y = top + lane_height * number + lane_height / 2
        name = cut(entry.row.path[len(prefix) :], 46, middle=True)
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 4:.1f}" text-anchor="end"><title>{_e(entry.row.path)}</title>'
            f"{_e(name)}</text>"
            f'<line x1="{label_width}" y1="{y:.1f}" x2="{width - 20}" y2="{y:.1f}" stroke="#eef0f3"/>'
        )
        for day, kind, tip in sorted(events):
            cx = x(day)
            if kind == "section":
                shape = f'<circle cx="{cx:.1f}" cy="{y:.1f}" r="4.5" fill="#a0aec0">'
            elif kind == "review":
                shape = (
                    f'<path d="M{cx:.1f} {y - 6:.1f} L{cx + 6:.1f} {y:.1f} '
                    f'L{cx:.1f} {y + 6:.1f} L{cx - 6:.1f} {y:.1f} Z" '
                    f'fill="{"#dd6b20" if entry.stale else "#4a5568"}">'
                )
            else:
                colour = STATUS_COLOURS.get(kind.split(":", 1)[1], OTHER_COLOUR)
                shape = f'<rect x="{cx - 5:.1f}" y="{y - 5:.1f}" width="10" height="10" rx="2" fill="{colour}">'
            parts.append(f"{shape}<title>{_e(tip)}</title>{shape.split(' ', 1)[0].replace('<', '</')}>")
    parts.append("</svg>")
    legend = (
        '<p class="legend"><i style="background:#a0aec0;border-radius:5px"></i>dated section'
        '<i style="background:#4a5568;transform:rotate(45deg)"></i>last review (orange when stale)'
        + "".join(f'<i style="background:{c}"></i>now {_e(s)}' for s, c in STATUS_COLOURS.items())
        + '<i style="background:#c53030;width:2px"></i>today</p>'
    )
    return f'{intro}{note}{legend}<div class="timeline">{"".join(parts)}</div></section>'


def _ticks(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """First days of months (or of years, over a long span) between start and end, at most a dozen."""
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    step = max(1, -(-months // 12))
    ticks = []
    year, month = start.year, start.month
    for _ in range(0, months + 1, step):
        day = datetime.date(year, month, 1)
        if start <= day <= end:
            ticks.append(day)
        month += step
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return ticks


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
        f"<title>Decision register</title><style>{_CSS}</style></head><body><main>"
        f'<h1>Decision register</h1><p class="meta">sot-lint {_e(__version__)} · {register.today.isoformat()}'
        f" · stale after {register.max_age_days} days{history}</p>"
    )
    stream.write(_summary(register))
    stream.write(_table(register))
    stream.write(_timeline(register))
    stream.write(_findings(register))
    stream.write(
        "<footer>Made by sot-lint status. Detected secrets and endpoints are shown as labels, never as values."
        f"</footer></main><script>{_SCRIPT}</script></body></html>\n"
    )
