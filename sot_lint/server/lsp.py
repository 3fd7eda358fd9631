"""The language server over stdio, on pygls: diagnostics, quick fixes and hover for SOT files.

Everything runs on pygls' event loop thread: a check of the open buffers
takes a few milliseconds, so didChange is debounced briefly (DEBOUNCE) and
then checked in place. A watcher polls the configuration files and the SOT
files beside open buffers, so a change on disk re-checks what is open.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from sot_lint import __version__
from sot_lint.config import CONFIG_FILE, PYPROJECT, ConfigError
from sot_lint.fix.overlay import key
from sot_lint.parse.source import split_lines
from sot_lint.rules.catalog import rule_help
from sot_lint.server import convert
from sot_lint.server.actions import FIX_ALL, Editor, code_actions
from sot_lint.server.engine import Engine
from sot_lint.server.hover import hover

DEBOUNCE = 0.05  # seconds after the last keystroke before a check
POLL = 0.5  # seconds between looks at the configuration and the files beside open buffers


class SotLanguageServer(LanguageServer):
    """pygls' server plus what sot-lint keeps between messages."""

    def __init__(self) -> None:
        super().__init__("sot-lint", __version__)
        self.engine = Engine(Path.cwd())
        self.uris: dict[Path, str] = {}  # open documents
        self.published: dict[str, list[types.Diagnostic]] = {}
        self.dirty: set[Path] = set()  # changed since their diagnostics were last published
        self.pending: asyncio.TimerHandle | None = None
        self.watcher: asyncio.Task[None] | None = None
        self.shown_error: str | None = None
        self.failed: str | None = None

    def report_server_error(self, error: Exception, source: Any) -> None:
        """pygls would show the exception's text (and send its traceback): only its type leaves the process."""
        self.log_error(f"sot-lint: internal error ({type(error).__name__})")

    def log_error(self, message: str) -> None:
        if message != self.failed:  # once per distinct failure, not per keystroke
            self.window_log_message(types.LogMessageParams(type=types.MessageType.Error, message=message))
        self.failed = message

    @contextlib.contextmanager
    def guarded(self, what: str) -> Iterator[None]:
        """Any failure inside becomes one log line naming its type; the session goes on."""
        try:
            yield
        except Exception as error:  # noqa: BLE001 - an editor session must survive any one bad request
            self.log_error(f"sot-lint: internal error while {what} ({type(error).__name__})")

    @property
    def encoding(self) -> str:
        chosen = self.workspace.position_encoding
        return str(getattr(chosen, "value", chosen) or "utf-16")

    # --- checking ------------------------------------------------------------------------

    def announce(self) -> None:
        """One window/showMessage per distinct configuration error; nothing while it stays the same."""
        error = self.engine.error
        if error is not None and error != self.shown_error:
            self.window_show_message(types.ShowMessageParams(type=types.MessageType.Error, message=error))
        self.shown_error = error

    def schedule(self, delay: float) -> None:
        if self.pending is not None:
            self.pending.cancel()
        self.pending = asyncio.get_running_loop().call_later(delay, self.refresh)

    def refresh(self) -> None:
        """Check every open SOT buffer together; publish what changed, and always for edited ones."""
        self.pending = None
        found: dict[Path, list[Any]] = {}
        if self.engine.setup is not None:
            try:
                found = self.engine.check(self.uris)
            except ConfigError as error:
                self.engine.error = self.engine.redact(f"sot-lint: configuration error: {error}")
                self.announce()
                return
            except Exception as error:  # noqa: BLE001 - an editor session must survive any one bad check
                self.log_error(f"sot-lint: internal error while checking ({type(error).__name__})")
                return
        self.failed = None
        for path, uri in self.uris.items():
            lines = split_lines(self.engine.buffers.get(path, ""))
            diagnostics = [convert.diagnostic(f, lines, self.encoding) for f in found.get(path, [])]
            if path in self.dirty or self.published.get(uri) != diagnostics:
                self.publish(uri, diagnostics)
        self.dirty.clear()

    def publish(self, uri: str, diagnostics: list[types.Diagnostic]) -> None:
        self.published[uri] = diagnostics
        document = self.workspace.text_documents.get(uri)
        version = document.version if document is not None else None
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version)
        )

    async def watch(self) -> None:
        while True:
            await asyncio.sleep(POLL)
            try:
                if self.engine.reload():
                    self.announce()
                    self.engine.disk_changed()
                    self.refresh()
                elif self.engine.disk_changed():
                    self.refresh()
            except Exception as error:  # noqa: BLE001 - the watcher outlives any one failure
                self.log_error(f"sot-lint: internal error while watching files ({type(error).__name__})")

    def sync(self, uri: str) -> Path | None:
        """Copy the buffer pygls keeps into the engine; the file path, or None for a non-file URI."""
        name = to_fs_path(uri) if uri.startswith("file:") else None
        if name is None:
            return None
        path = key(name)
        self.uris[path] = uri
        self.engine.buffers[path] = self.workspace.get_text_document(uri).source
        self.dirty.add(path)
        return path

    def close(self, uri: str) -> None:
        """Forget the buffer (disk counts again), clear its diagnostics, re-check the rest."""
        name = to_fs_path(uri)
        if name is None:
            return
        path = key(name)
        self.uris.pop(path, None)
        self.engine.buffers.pop(path, None)
        self.dirty.discard(path)
        if self.published.pop(uri, None):
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))
        self.refresh()

    # --- requests ------------------------------------------------------------------------------

    def editor(self) -> Editor:
        """The session as code actions see it (open buffers, client capabilities), at this moment."""
        return Editor(self.uris, self.workspace.text_documents, self.client_capabilities.workspace, self.encoding)

    def on_hover(self, params: types.HoverParams) -> types.Hover | None:
        name = to_fs_path(params.text_document.uri)
        if name is None or self.engine.setup is None:
            return None
        path = key(name)
        doc = self.engine.document(path)
        line = params.position.line
        if doc is None or line >= len(doc.lines):
            return None
        index = convert.index_at(doc.lines[line], params.position.character, self.encoding)
        found = hover(doc, self.engine.setup.config, line + 1, index)
        parts = [found[0]] if found is not None else []
        where = None
        if found is not None:
            where = types.Range(
                start=convert.position(doc.lines, line, found[1], self.encoding),
                end=convert.position(doc.lines, line, found[2], self.encoding),
            )
        for diagnostic in self.published.get(params.text_document.uri, ()):
            if _covers(diagnostic.range, params.position):
                parts.append(rule_help(str(diagnostic.code)))
                where = where or diagnostic.range
        if not parts:
            return None
        text = "\n\n---\n\n".join(dict.fromkeys(parts))
        content = types.MarkupContent(kind=types.MarkupKind.Markdown, value=self.engine.redact(text))
        return types.Hover(contents=content, range=where)


def _covers(where: types.Range, at: types.Position) -> bool:
    start, end = (where.start.line, where.start.character), (where.end.line, where.end.character)
    return start <= (at.line, at.character) <= end


def create() -> SotLanguageServer:
    """A server with every feature registered (a fresh one per process)."""
    server = SotLanguageServer()

    @server.feature(types.INITIALIZE)
    def initialize(ls: SotLanguageServer, params: types.InitializeParams) -> None:
        folders = params.workspace_folders or []
        uri = params.root_uri or (folders[0].uri if folders else None)
        root = to_fs_path(uri) if uri else (params.root_path or os.getcwd())
        ls.engine = Engine(Path(root or os.getcwd()))
        ls.engine.reload()

    @server.feature(types.INITIALIZED)
    def initialized(ls: SotLanguageServer, params: types.InitializedParams) -> None:
        ls.announce()
        ls.engine.disk_changed()
        ls.watcher = asyncio.get_running_loop().create_task(ls.watch())

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: SotLanguageServer, params: None) -> None:
        if ls.pending is not None:
            ls.pending.cancel()
        if ls.watcher is not None:
            ls.watcher.cancel()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: SotLanguageServer, params: types.DidOpenTextDocumentParams) -> None:
        with ls.guarded("opening a document"):
            if ls.sync(params.text_document.uri) is not None:
                ls.refresh()

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: SotLanguageServer, params: types.DidChangeTextDocumentParams) -> None:
        with ls.guarded("reading a change"):
            if ls.sync(params.text_document.uri) is not None:
                ls.schedule(DEBOUNCE)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: SotLanguageServer, params: types.DidSaveTextDocumentParams) -> None:
        with ls.guarded("reading a save"):
            path = ls.sync(params.text_document.uri)
            if path is not None and path.name in (CONFIG_FILE, PYPROJECT) and ls.engine.reload():
                ls.announce()
            ls.refresh()

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: SotLanguageServer, params: types.DidCloseTextDocumentParams) -> None:
        with ls.guarded("closing a document"):
            ls.close(params.text_document.uri)

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched(ls: SotLanguageServer, params: types.DidChangeWatchedFilesParams) -> None:
        with ls.guarded("reading changed files"):
            if ls.engine.reload():
                ls.announce()
            ls.refresh()

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL]),
    )
    def code_action(ls: SotLanguageServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        with ls.guarded("planning fixes"):
            return code_actions(ls.engine, ls.editor(), params)
        return []

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def on_hover(ls: SotLanguageServer, params: types.HoverParams) -> types.Hover | None:
        with ls.guarded("hovering"):
            return ls.on_hover(params)
        return None

    return server


def serve(argv: Sequence[str] = ()) -> int:
    """Run until the client says exit; stdout belongs to the protocol."""
    server = create()
    with contextlib.suppress(KeyboardInterrupt):
        server.start_io()
    return 0
