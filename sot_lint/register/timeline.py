"""The register page's timeline: one SVG lane per record, with its dated sections, reviews and status changes.

Inline SVG with a `<title>` on every mark, so it needs no script and reads as
a tooltip in a browser and as text to a screen reader.
"""

from __future__ import annotations

import datetime
from html import escape

from sot_lint.register.model import Entry
from sot_lint.register.style import STATUS_COLOURS, colour_of
from sot_lint.register.view import Register, common_directory, cut

TIMELINE_LANES = 120  # past this many records the timeline shows the ones with the most events


def _e(value: object) -> str:
    return escape(str(value), quote=True)


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


def timeline(register: Register) -> str:
    """The timeline section; past TIMELINE_LANES records, the ones with the most events."""
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
                colour = colour_of(kind.split(":", 1)[1])
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
