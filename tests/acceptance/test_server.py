"""`sot-lint server` end to end: pytest-lsp starts the real command as a subprocess and talks LSP to it."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import AsyncIterator, Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from lsprotocol import types
from pytest_lsp import LanguageClient, client_capabilities, make_test_lsp_client
from support import ADMISSION, RECORD, copy_example

SERVER = str(Path(sys.executable).with_name("sot-lint"))
TRANSCRIPT = os.environ.get("SOT_LINT_LSP_TRANSCRIPT")  # write the messages of the end-to-end test here


def _record_messages(client: LanguageClient, log: list[tuple[str, Any]]) -> None:
    """Keep every message in both directions, unstructured, for the transcript."""
    protocol = client.protocol
    converter = protocol._converter
    send, handle = protocol._send_data, protocol.handle_message

    def sending(data: Any) -> None:
        log.append(("client->server", converter.unstructure(data)))
        send(data)

    def handling(message: Any) -> Any:
        log.append(("server->client", converter.unstructure(message)))
        return handle(message)

    protocol._send_data = sending  # type: ignore[method-assign]
    protocol.handle_message = handling  # type: ignore[method-assign]


@pytest_asyncio.fixture
async def repo(tmp_path: Path) -> Path:
    return copy_example(tmp_path / "repo")


async def _start(
    root: Path, log: list[tuple[str, Any]] | None = None, encodings: list[str] | None = None
) -> LanguageClient:
    client = make_test_lsp_client()
    if log is not None:
        _record_messages(client, log)
    await client.start_io(SERVER, "server", cwd=root)
    capabilities = client_capabilities("visual-studio-code")
    if encodings is not None:
        capabilities.general = types.GeneralClientCapabilities(position_encodings=encodings)
    await client.initialize_session(
        types.InitializeParams(
            capabilities=capabilities,
            root_uri=root.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name="repo")],
        )
    )
    return client


@pytest_asyncio.fixture
async def lsp(repo: Path) -> AsyncIterator[LanguageClient]:
    client = await _start(repo)
    yield client
    await client.shutdown_session()
    await client.stop()  # type: ignore[no-untyped-call]  # pygls' stop() has no annotations


async def _diagnostics(client: LanguageClient, uri: str, act: Callable[[], object]) -> list[types.Diagnostic]:
    """Do `act`, then wait for the next publishDiagnostics for `uri`."""
    client.diagnostics.pop(uri, None)
    act()
    for _ in range(100):
        if uri in client.diagnostics:
            return list(client.diagnostics[uri])
        await asyncio.sleep(0.05)
    raise AssertionError(f"no diagnostics for {uri}")


def _open(client: LanguageClient, path: Path, text: str, version: int = 1) -> None:
    language = "json" if path.suffix == ".json" else "markdown"
    item = types.TextDocumentItem(uri=path.as_uri(), language_id=language, version=version, text=text)
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=item))


def _replace_all(client: LanguageClient, path: Path, text: str, version: int) -> None:
    change = types.TextDocumentContentChangeWholeDocument(text=text)
    identifier = types.VersionedTextDocumentIdentifier(uri=path.as_uri(), version=version)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(text_document=identifier, content_changes=[change])
    )


def _apply(text: str, edits: list[types.TextEdit]) -> str:
    """Apply LSP edits (UTF-16 positions) to `text`, last first."""
    lines = text.split("\n")

    def offset(position: types.Position) -> int:
        before = sum(len(line) + 1 for line in lines[: position.line])
        line = lines[position.line] if position.line < len(lines) else ""
        return before + len(line.encode("utf-16-le")[: position.character * 2].decode("utf-16-le"))

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end) :]
    return text


def _codes(diagnostics: list[types.Diagnostic]) -> list[tuple[str, int]]:
    return sorted((str(d.code), d.range.start.line) for d in diagnostics)


@pytest.mark.slow
@pytest.mark.asyncio
async def test_open_mutated_record_change_fix_hover_shutdown(repo: Path) -> None:
    log: list[tuple[str, Any]] = []
    client = await _start(repo, log)
    try:
        record = repo / RECORD
        original = record.read_text("utf-8")
        mutated = original.replace(
            "`decision_status`: `local_provider_required`.", "`decision_status`: `decided_maybe`.", 1
        )
        mutated = mutated.replace("title: CTO Case Provider Decision Record", "title: CTO Provider Record", 1)
        uri = record.as_uri()

        found = await _diagnostics(client, uri, lambda: _open(client, record, mutated))
        by_code = {str(d.code): d for d in found}
        assert {"SOT105", "SOT202", "SOT107", "SOT306", "SOT406"} <= set(by_code)
        assert by_code["SOT202"].range == types.Range(  # the key `decision_status` on line 14
            start=types.Position(line=13, character=3), end=types.Position(line=13, character=18)
        )
        assert by_code["SOT202"].severity == types.DiagnosticSeverity.Error
        assert by_code["SOT107"].severity == types.DiagnosticSeverity.Warning
        assert by_code["SOT105"].range.start.line == 1
        for diagnostic in found:
            assert diagnostic.source == "sot-lint"
            assert diagnostic.code_description is not None and diagnostic.code_description.href.startswith("https://")
        assert "/home/" not in json.dumps([d.message for d in found])  # SOT306 values are redacted

        # a change that fixes the status: its error disappears
        fixed_status = mutated.replace("`decided_maybe`", "`local_provider_required`", 1)
        found = await _diagnostics(client, uri, lambda: _replace_all(client, record, fixed_status, 2))
        assert "SOT202" not in {str(d.code) for d in found}

        # the quick fix of SOT105, applied as the editor would
        title = next(d for d in found if d.code == "SOT105")
        actions = await client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                range=title.range,
                context=types.CodeActionContext(diagnostics=[title], only=[types.CodeActionKind.QuickFix]),
            )
        )
        assert actions
        action = next(a for a in actions if isinstance(a, types.CodeAction) and list(a.diagnostics or ()) == [title])
        assert action.edit is not None and action.edit.document_changes
        edit = action.edit.document_changes[0]
        assert isinstance(edit, types.TextDocumentEdit) and edit.text_document.version == 2
        applied = _apply(fixed_status, list(edit.edits))  # type: ignore[arg-type]
        assert applied == original
        found = await _diagnostics(client, uri, lambda: _replace_all(client, record, applied, 3))
        assert _codes(found) == [("SOT107", 6), ("SOT306", 23), ("SOT306", 23)] + [("SOT406", 23)] * 3

        # hover on a field key: allowed values, and what the current status says about it
        hovered = await client.text_document_hover_async(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=15, character=5)
            )
        )
        assert hovered is not None and isinstance(hovered.contents, types.MarkupContent)
        assert "`provider`" in hovered.contents.value
        assert "**requires** it" in hovered.contents.value and "`local_provider_required`" in hovered.contents.value
        status_hover = await client.text_document_hover_async(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=13, character=4)
            )
        )
        assert status_hover is not None and isinstance(status_hover.contents, types.MarkupContent)
        assert "`not_decided`, `external_provider_approved`, `local_provider_required`" in status_hover.contents.value
    finally:
        await client.shutdown_session()
        await client.stop()  # type: ignore[no-untyped-call]  # pygls' stop() has no annotations
    methods = [m.get("method") for _, m in log if isinstance(m, dict)]
    for method in (
        "initialize",
        "textDocument/didOpen",
        "textDocument/publishDiagnostics",
        "textDocument/didChange",
        "textDocument/codeAction",
        "textDocument/hover",
        "shutdown",
        "exit",
    ):
        assert method in methods, method
    if TRANSCRIPT:
        Path(TRANSCRIPT).write_text("\n".join(f"{d} {json.dumps(m)}" for d, m in log) + "\n", "utf-8")


ENDPOINT = "http://" + "10.1.2.3" + ":8000/v1"


async def _endpoint_after(client: LanguageClient, repo: Path, prefix: str) -> Any:
    """The diagnostic of an endpoint written after `prefix` in the record's approval line."""
    record = repo / RECORD
    text = record.read_text("utf-8").replace(
        "- `approval_source`: JP chat approval on 2026-05-31.", prefix + ENDPOINT + "."
    )
    found = await _diagnostics(client, record.as_uri(), lambda: _open(client, record, text))
    return next(d for d in found if d.range.start.line == 19 and str(d.code).startswith("SOT30"))


@pytest.mark.slow
@pytest.mark.asyncio
async def test_positions_are_utf16_after_non_ascii_text(lsp: LanguageClient, repo: Path) -> None:
    prefix = "- `approval_source`: Zoë 🚀 née approval, see "
    record, endpoint = repo / RECORD, ENDPOINT
    leak = await _endpoint_after(lsp, repo, prefix)
    start = len(prefix.encode("utf-16-le")) // 2
    assert len(prefix) == start - 1  # the rocket is two UTF-16 units, one code point
    assert (leak.range.start.character, leak.range.end.character) == (start, start + len(endpoint))
    assert "10.1.2.3" not in leak.message
    over = await lsp.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=record.as_uri()), position=leak.range.start)
    )
    assert over is not None and isinstance(over.contents, types.MarkupContent)
    assert f"**{leak.code}**" in over.contents.value and "Why:" in over.contents.value  # the rule's documentation
    assert "10.1.2.3" not in over.contents.value


@pytest.mark.slow
@pytest.mark.asyncio
async def test_editing_the_admission_buffer_rechecks_its_record(lsp: LanguageClient, repo: Path) -> None:
    record, admission = repo / RECORD, repo / ADMISSION
    moved = record.read_text("utf-8").replace("- `model`: `qwen3.6-35b-a3b`.", "- `model`: `qwen3.7-x`.")
    found = await _diagnostics(lsp, record.as_uri(), lambda: _open(lsp, record, moved))
    assert "SOT401" in {str(d.code) for d in found}  # the referenced admission file admits another model
    text = admission.read_text("utf-8")
    _open(lsp, admission, text)
    await asyncio.sleep(0.3)
    unsaved = text.replace('"model": "qwen3.6-35b-a3b"', '"model": "qwen3.7-x"')
    found = await _diagnostics(lsp, record.as_uri(), lambda: _replace_all(lsp, admission, unsaved, 2))
    assert "SOT401" not in {str(d.code) for d in found}
    assert admission.read_text("utf-8") == text  # nothing was written to disk
    closing = types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=admission.as_uri()))
    found = await _diagnostics(lsp, record.as_uri(), lambda: lsp.text_document_did_close(closing))
    assert "SOT401" in {str(d.code) for d in found}  # closed unsaved: the file on disk counts again


@pytest.mark.slow
@pytest.mark.asyncio
async def test_config_change_on_disk_rechecks_and_a_broken_config_is_one_message(
    lsp: LanguageClient, repo: Path
) -> None:
    record = repo / RECORD
    found = await _diagnostics(lsp, record.as_uri(), lambda: _open(lsp, record, record.read_text("utf-8")))
    assert "SOT107" in {str(d.code) for d in found}
    config = repo / ".sot-lint.toml"
    found = await _diagnostics(lsp, record.as_uri(), lambda: config.write_text('ignore = ["SOT107"]\n', "utf-8"))
    assert "SOT107" not in {str(d.code) for d in found}

    config.write_text("ignore = [\n", "utf-8")
    for _ in range(60):
        if lsp.messages:
            break
        await asyncio.sleep(0.05)
    await asyncio.sleep(1.2)  # several watcher rounds: still one message
    assert [m.type for m in lsp.messages] == [types.MessageType.Error]
    assert "configuration error" in lsp.messages[0].message and ".sot-lint.toml" in lsp.messages[0].message
    # the server is alive and still answers
    text = record.read_text("utf-8").replace("`local_provider_required`.", "`nope`.", 1)
    found = await _diagnostics(lsp, record.as_uri(), lambda: _replace_all(lsp, record, text, 2))
    assert "SOT202" in {str(d.code) for d in found}


@pytest.mark.slow
@pytest.mark.asyncio
async def test_quick_fix_creates_the_admission_file_and_a_save_on_disk_rechecks(
    lsp: LanguageClient, repo: Path
) -> None:
    record, admission = repo / RECORD, repo / ADMISSION
    admission.unlink()
    uri = record.as_uri()
    found = await _diagnostics(lsp, uri, lambda: _open(lsp, record, record.read_text("utf-8")))
    missing = next(d for d in found if d.code == "SOT401")
    actions = await lsp.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=missing.range,
            context=types.CodeActionContext(diagnostics=[missing]),
        )
    )
    fix = next(a for a in actions or () if isinstance(a, types.CodeAction) and a.kind == types.CodeActionKind.QuickFix)
    assert fix.edit is not None and fix.edit.document_changes is not None
    create, edit = fix.edit.document_changes
    assert isinstance(create, types.CreateFile) and create.uri == admission.as_uri()
    assert isinstance(edit, types.TextDocumentEdit)
    first = edit.edits[0]
    assert isinstance(first, types.TextEdit)
    text = first.new_text
    assert json.loads(text)["model"] == "qwen3.6-35b-a3b" and "runtime_env" not in json.loads(text)
    assert any(isinstance(a, types.CodeAction) and a.kind == "source.fixAll.sot-lint" for a in actions or ())
    # the editor creates the file and saves it: the watcher sees the disk change and re-checks the record
    found = await _diagnostics(lsp, uri, lambda: admission.write_text(text, "utf-8"))
    assert "SOT401" not in {str(d.code) for d in found}


def test_readme_editor_snippets_start_this_server() -> None:
    import re
    import tomllib

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text("utf-8")
    (vscode,) = [json.loads(b) for b in re.findall(r"```json\n(.*?)```", readme, re.S) if "glspc" in b]
    assert [vscode["glspc.server.command"], *vscode["glspc.server.commandArguments"]] == ["sot-lint", "server"]
    (helix,) = [tomllib.loads(b) for b in re.findall(r"```toml\n(.*?)```", readme, re.S) if "language-server" in b]
    assert [helix["language-server"]["sot-lint"]["command"], *helix["language-server"]["sot-lint"]["args"]] == [
        "sot-lint",
        "server",
    ]
    (lua,) = re.findall(r"```lua\n(.*?)```", readme, re.S)
    assert 'cmd = { "sot-lint", "server" }' in lua


def test_check_never_imports_the_language_server(repo: Path) -> None:
    probe = "import sys; from sot_lint.cli import main; main(['check', '--fix', '--no-cache']); "
    probe += "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pygls', 'lsprotocol', 'cattrs')))"
    done = subprocess.run([sys.executable, "-c", probe], cwd=repo, capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"


@pytest.mark.slow
@pytest.mark.asyncio
async def test_a_config_broken_from_the_start_is_one_message_then_mending_it_checks(repo: Path) -> None:
    config = repo / ".sot-lint.toml"
    config.write_text("select = 3\n", "utf-8")
    client = await _start(repo)
    try:
        record = repo / RECORD
        found = await _diagnostics(client, record.as_uri(), lambda: _open(client, record, record.read_text("utf-8")))
        assert found == []  # nothing is checked under a configuration that cannot be read
        await asyncio.sleep(1.2)
        assert [m.type for m in client.messages] == [types.MessageType.Error]
        assert "'select' must be a list of strings" in client.messages[0].message
        found = await _diagnostics(client, record.as_uri(), lambda: config.write_text("select = ['SOT1']\n", "utf-8"))
        assert {str(d.code) for d in found} == {"SOT107"}
    finally:
        await client.shutdown_session()
        await client.stop()  # type: ignore[no-untyped-call]  # pygls' stop() has no annotations


@pytest.mark.slow
@pytest.mark.asyncio
async def test_a_client_that_counts_in_utf8_gets_utf8_positions(repo: Path) -> None:
    client = await _start(repo, encodings=["utf-8"])
    try:
        prefix = "- `approval_source`: Zoë 🚀 see "
        leak = await _endpoint_after(client, repo, prefix)
        assert leak.range.start.character == len(prefix.encode("utf-8"))
    finally:
        await client.shutdown_session()
        await client.stop()  # type: ignore[no-untyped-call]  # pygls' stop() has no annotations


def test_the_server_ends_cleanly_when_the_client_says_exit(tmp_path: Path) -> None:
    """shutdown then exit: exit code 0 and nothing on stderr (no 'internal error' at the end)."""
    import subprocess
    import sys

    def message(payload: Mapping[str, object]) -> bytes:
        body = json.dumps(payload).encode()
        return f"Content-Length: {len(body)}\r\n\r\n".encode() + body

    requests = b"".join(
        message(item)
        for item in (
            {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}, "rootUri": None}},
            {"jsonrpc": "2.0", "method": "initialized", "params": {}},
            {"jsonrpc": "2.0", "id": 2, "method": "shutdown"},
            {"jsonrpc": "2.0", "method": "exit"},
        )
    )
    server = Path(sys.executable).with_name("sot-lint")
    command = [str(server), "server"]
    done = subprocess.run(command, input=requests, capture_output=True, cwd=tmp_path, timeout=60, check=False)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert b"internal error" not in done.stderr and b"Traceback" not in done.stderr
