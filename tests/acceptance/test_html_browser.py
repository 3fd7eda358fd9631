"""The HTML register in a real headless Chromium: it renders, every record is a row, nothing is fetched.

Chromium runs with `--disable-background-networking` and a proxy on
127.0.0.1 that logs and refuses every request, so any fetch the page made
(a font, a script, an image) would be in the log. The screenshot is decoded
with zlib alone and must show a real page, not a blank one.
"""

from __future__ import annotations

import html.parser
import os
import re
import shutil
import socket
import struct
import subprocess
import threading
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
import status_support
from status_support import CASES, TOKEN, record_path

from sot_lint.cli import main

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# Chromium's own traffic, which it sends even for about:blank and no flag stops in this build
# (update checks, sign-in). The page cannot be the one asking: the file names no URL at all.
CHROMIUM_OWN = frozenset({"update.googleapis.com", "redirector.gvt1.com", "accounts.google.com", "clients2.google.com"})


class RefusingProxy:
    """A proxy that answers every request with 403 and remembers its first line."""

    def __init__(self) -> None:
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(16)
        self.port = self.server.getsockname()[1]
        self.requests: list[str] = []
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self.server.accept()
            except OSError:
                return
            threading.Thread(target=self._answer, args=(connection,), daemon=True).start()

    def _answer(self, connection: socket.socket) -> None:
        """Log the request line and refuse; a connection opened ahead of need and never used asks nothing."""
        with connection:
            connection.settimeout(10)
            try:
                first = connection.recv(4096).split(b"\r\n", 1)[0]
                if first:
                    self.requests.append(first.decode("latin-1"))
                    connection.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            except OSError:
                return

    def close(self) -> None:
        self.server.close()


@pytest.fixture
def proxy() -> Iterator[RefusingProxy]:
    server = RefusingProxy()
    yield server
    server.close()


def _chromium(proxy: RefusingProxy, profile: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    if CHROMIUM is None:
        pytest.skip("chromium is not installed and could not be installed here (.ci/run installs it with apt-get)")
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        # Chromium's own traffic (update checks, network time, sign-in), which is not the page's:
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--disable-default-apps",
        "--disable-domain-reliability",
        "--disable-client-side-phishing-detection",
        "--no-pings",
        "--disable-features=NetworkTimeServiceQuerying,OptimizationHints,Translate,MediaRouter,AutofillServerCommunication",
        "--no-first-run",
        "--disable-dev-shm-usage",
        f"--proxy-server=http://127.0.0.1:{proxy.port}",
        "--proxy-bypass-list=<-loopback>",
        f"--user-data-dir={profile}",
        *arguments,
    ]
    environ = {**os.environ, "HOME": str(profile)}
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False, env=environ)


class Rows(html.parser.HTMLParser):
    """The cells of every body row of `table#register`, as text."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.headers: list[str] = []
        self._in_table = self._in_body = False
        self._cell: list[str] | None = None
        self.tools_hidden: bool | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "p" and attributes.get("id") == "tools":
            self.tools_hidden = "hidden" in attributes
        if tag == "table" and attributes.get("id") == "register":
            self._in_table = True
        elif self._in_table and tag == "tbody":
            self._in_body = True
        elif self._in_table and tag == "tr" and self._in_body:
            self.rows.append([])
        elif self._in_table and tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._in_table = self._in_body = False
        elif tag in ("td", "th") and self._cell is not None:
            text = " ".join("".join(self._cell).split())
            (self.rows[-1] if self._in_body else self.headers).append(text)
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else b if pb <= pc else c


def png_colours(data: bytes) -> tuple[int, int, set[bytes]]:
    """Width, height and the distinct pixel colours of an 8-bit RGB or RGBA PNG, decoded with zlib."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    position, chunks, header = 8, [], b""
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks.append(body)
        position += 12 + length
    width, height, depth, colour_type = struct.unpack(">IIBB", header[:10])
    assert depth == 8 and colour_type in (2, 6), (depth, colour_type)
    size = 3 if colour_type == 2 else 4
    raw = zlib.decompress(b"".join(chunks))
    stride = width * size
    previous = bytearray(stride)
    colours: set[bytes] = set()
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        if kind == 1:
            for i in range(size, stride):
                line[i] = (line[i] + line[i - size]) & 0xFF
        elif kind == 2:
            line = bytearray((x + p) & 0xFF for x, p in zip(line, previous, strict=True))
        elif kind == 3:
            for i in range(stride):
                left = line[i - size] if i >= size else 0
                line[i] = (line[i] + ((left + previous[i]) >> 1)) & 0xFF
        elif kind == 4:
            for i in range(stride):
                left = line[i - size] if i >= size else 0
                corner = previous[i - size] if i >= size else 0
                line[i] = (line[i] + _paeth(left, previous[i], corner)) & 0xFF
        if y % 4 == 0:  # every fourth row is plenty to tell a page from a blank
            colours.update(bytes(line[i : i + 3]) for i in range(0, stride, size * 2))
        previous = line
    return width, height, colours


@pytest.fixture
def report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = status_support.build(tmp_path / "repo")
    monkeypatch.chdir(root)
    assert main(["status", "--format", "html", "--output", str(tmp_path / "register.html")]) == 0
    return tmp_path / "register.html"


def test_the_html_register_renders_offline_with_every_record_a_row(
    report: Path, proxy: RefusingProxy, tmp_path: Path
) -> None:
    content = report.read_text("utf-8")
    assert TOKEN not in content and TOKEN[4:20] not in content
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:|//)|@import|url\(""", content)
    assert set(re.findall(r"[a-z]+://[^\s\"'<>]*", content)) == {"http://www.w3.org/2000/svg"}  # a namespace only

    dom = _chromium(proxy, tmp_path / "profile", "--dump-dom", report.as_uri())
    assert dom.returncode == 0, dom.stderr[-2000:]
    rows = Rows()
    rows.feed(dom.stdout)
    assert rows.headers[:4] == ["Record", "Title", "Status", "Decision"], rows.headers
    assert rows.tools_hidden is False  # the inline script ran: filtering is offered
    by_path = {row[0].replace(" ", ""): row for row in rows.rows}
    assert sorted(by_path) == sorted(record_path(case) for case in CASES)
    column = {name: index for index, name in enumerate(rows.headers)}

    def cell(case: str, name: str) -> str:
        return by_path[record_path(case)][column[name]]

    assert [cell(case, "Admission") for case in CASES] == ["ok", "missing", "ok", "ok", "not-needed"]
    assert cell("stale", "Age (days)") == "200 stale" and cell("clean", "Age (days)") == "3"
    assert cell("undecided", "Decision") == "not_decided" and cell("undecided", "Provider / model") == ""
    assert cell("missing", "Provider / model") == "qwen-local/qwen3.7-72b"
    assert cell("secret", "Errors") == "2" and cell("clean", "Errors") == "0"
    assert cell("clean", "Title") == "CTO Case Provider Decision Record"
    assert "[redacted GitHub Token #" in dom.stdout and TOKEN not in dom.stdout

    # Without JavaScript (headless Chromium cannot dump a page with scripts off), the file itself
    # holds every row, and the filter the script would wire up stays hidden rather than dead.
    static = Rows()
    static.feed(content)
    assert [row[0] for row in static.rows] == [row[0] for row in rows.rows] and static.tools_hidden is True

    shot = tmp_path / "register.png"
    taken = _chromium(proxy, tmp_path / "profile", f"--screenshot={shot}", "--window-size=1280,900", report.as_uri())
    assert taken.returncode == 0 and shot.is_file(), taken.stderr[-2000:]
    width, height, colours = png_colours(shot.read_bytes())
    assert (width, height) == (1280, 900)
    assert len(colours) > 50, f"the screenshot looks blank: {len(colours)} colours"

    pdf = tmp_path / "register.pdf"
    printed = _chromium(proxy, tmp_path / "profile", f"--print-to-pdf={pdf}", "--no-pdf-header-footer", report.as_uri())
    assert printed.returncode == 0 and pdf.is_file(), printed.stderr[-2000:]
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf.read_bytes())
    assert boxes and all(abs(float(w) - 842) < 2 and abs(float(h) - 595) < 2 for w, h in boxes), boxes  # A4 landscape

    from_page = [r for r in proxy.requests if _host(r) not in CHROMIUM_OWN]
    assert from_page == [], f"the page made network requests: {from_page}"


def _host(request_line: str) -> str:
    """The host a proxied request line asks for (`CONNECT host:443`, `GET http://host/...`)."""
    target = request_line.split(" ")[1] if " " in request_line else ""
    return target.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
