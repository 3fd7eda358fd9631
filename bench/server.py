"""How quickly `sot-lint server` answers an edit, and how much memory it holds after many.

    python bench/server.py [--edits 1000] [--samples 20]

Starts the real `sot-lint server` (from this interpreter's environment) on a
copy of the bundled example, through pytest-lsp's client, and measures:
- latency: from sending a didChange of the bundled record to receiving its
  publishDiagnostics, median of --samples edits spaced past the debounce,
  alternating a text with an invalid `decision_status` and the clean one;
- memory: the server's resident set (VmRSS, and its peak VmHWM, Linux
  /proc) after --edits one-character edits, each waited for.
Targets (issue 17): median latency under 150 ms; RSS under 150 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pytest_lsp import LanguageClient, client_capabilities, make_test_lsp_client

PROJECT = Path(__file__).resolve().parent.parent
EXAMPLE = PROJECT / "tests" / "fixtures" / "cto"
RECORD = ".sot/03-PROTOCOLS/CTO-CASE-PROVIDER-DECISION-RECORD.md"
SERVER = str(Path(sys.executable).with_name("sot-lint"))


def _memory(pid: int) -> dict[str, float]:
    """VmRSS and VmHWM of `pid` in MB."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, rest = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            values[name] = int(rest.split()[0]) / 1024
    return values


async def _published(client: LanguageClient, uri: str, version: int) -> float:
    """Wait until diagnostics for `uri` at `version` arrive; the monotonic time they did."""
    while True:
        params = await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        if params.uri == uri and params.version == version:
            return time.perf_counter()


def _change(client: LanguageClient, uri: str, version: int, text: str) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


async def run(edits: int, samples: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory) / "repo"
        shutil.copytree(EXAMPLE, root)
        record = root / RECORD
        clean = record.read_text("utf-8")
        broken = clean.replace("`decision_status`: `local_provider_required`.", "`decision_status`: `maybe`.", 1)
        uri = record.as_uri()
        client = make_test_lsp_client()
        await client.start_io(SERVER, "server", cwd=root)
        assert client._server is not None
        pid = client._server.pid
        try:
            await client.initialize_session(
                types.InitializeParams(capabilities=client_capabilities("visual-studio-code"), root_uri=root.as_uri())
            )
            waiting = asyncio.ensure_future(_published(client, uri, 1))
            item = types.TextDocumentItem(uri=uri, language_id="markdown", version=1, text=clean)
            client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=item))
            await waiting
            version = 1
            latencies = []
            for index in range(samples):
                version += 1
                waiting = asyncio.ensure_future(_published(client, uri, version))
                await asyncio.sleep(0)
                started = time.perf_counter()
                _change(client, uri, version, broken if index % 2 == 0 else clean)
                latencies.append((await waiting) - started)
                await asyncio.sleep(0.1)
            before = _memory(pid)
            lines = clean.split("\n")
            for index in range(edits):  # typing into the approval_source line, one character at a time
                version += 1
                lines[19] = "- `approval_source`: JP chat approval on 2026-05-31" + "x" * (index % 40) + "."
                waiting = asyncio.ensure_future(_published(client, uri, version))
                await asyncio.sleep(0)
                _change(client, uri, version, "\n".join(lines))
                await waiting
            after = _memory(pid)
        finally:
            await client.shutdown_session()
            await client.stop()  # type: ignore[no-untyped-call]  # pygls' stop() has no annotations
    return {
        "latency_median_ms": statistics.median(latencies) * 1000,
        "latency_min_ms": min(latencies) * 1000,
        "latency_max_ms": max(latencies) * 1000,
        "rss_before_edits_mb": before["VmRSS"],
        "rss_after_edits_mb": after["VmRSS"],
        "rss_peak_mb": after["VmHWM"],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--edits", type=int, default=1000)
    parser.add_argument("--samples", type=int, default=20)
    args = parser.parse_args()
    numbers = asyncio.run(run(args.edits, args.samples))
    for name, value in numbers.items():
        print(f"{name:22} {value:8.1f}")
    ok = numbers["latency_median_ms"] < 150 and numbers["rss_after_edits_mb"] < 150
    print("targets (median < 150 ms, RSS < 150 MB):", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
