"""The register page's look: its stylesheet, its optional script and the colour of each decision status.

All of it is inlined into the page (nothing is fetched), so the file works
offline and under a Content-Security-Policy of `default-src 'none'`.
"""

from __future__ import annotations

STATUS_COLOURS = {
    "not_decided": "#b7791f",
    "local_provider_required": "#2b6cb0",
    "external_provider_approved": "#2f855a",
}
OTHER_COLOUR = "#6b46c1"


def colour_of(status: str) -> str:
    """The badge and timeline colour of a decision status; one colour for every status of another scheme."""
    return STATUS_COLOURS.get(status, OTHER_COLOUR)


CSS = """
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

SCRIPT = """
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
