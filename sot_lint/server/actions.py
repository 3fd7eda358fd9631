"""Code actions: a fix plan as one LSP WorkspaceEdit, and the quick fixes and fix-all the editor offers.

A plan may touch files the editor has not opened and create admission files;
the edit uses versioned document changes and file creation only where the
client says it can apply them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.uris import from_fs_path, to_fs_path
from pygls.workspace import TextDocument

from sot_lint.fix import FIXABLE, Plan
from sot_lint.fix.overlay import key
from sot_lint.server import convert
from sot_lint.server.engine import Engine

FIX_ALL = "source.fixAll.sot-lint"


@dataclass(frozen=True)
class Editor:
    """What turning a plan into an edit needs of the session: its open buffers and what the client applies."""

    uris: Mapping[Path, str]  # open documents, by path
    documents: Mapping[str, TextDocument]  # pygls' buffers (and their versions), by URI
    capabilities: types.WorkspaceClientCapabilities | None
    encoding: str

    def workspace_edit(self, plan: Plan, lines: range | None = None) -> types.WorkspaceEdit | None:
        """The plan as one edit; `lines` keeps only the edits of the requested file touching those lines."""
        edit_caps = self.capabilities.workspace_edit if self.capabilities is not None else None
        versioned = bool(edit_caps and edit_caps.document_changes)
        creates = bool(edit_caps and edit_caps.resource_operations and "create" in edit_caps.resource_operations)
        document_changes: list[Any] = []
        changes: dict[str, list[types.TextEdit]] = {}
        for change in plan.changes.values():
            uri = self.uris.get(change.path) or from_fs_path(str(change.path)) or change.path.as_uri()
            if change.before is None:
                if not (versioned and creates) or lines is not None:
                    continue
                document_changes.append(
                    types.CreateFile(uri=uri, options=types.CreateFileOptions(overwrite=False, ignore_if_exists=True))
                )
                whole = types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0))
                edits = [types.TextEdit(range=whole, new_text=change.after.decode("utf-8"))]
            else:
                edits = convert.text_edits(change, self.encoding)
                if lines is not None:
                    edits = [e for e in edits if e.range.start.line in lines or (e.range.end.line - 1) in lines]
            if not edits:
                continue
            changes[uri] = edits
            document = self.documents.get(uri)
            version = document.version if document is not None and change.path in self.uris else None
            identifier = types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=version)
            document_changes.append(types.TextDocumentEdit(text_document=identifier, edits=edits))
        if not changes:
            return None
        if versioned:
            return types.WorkspaceEdit(document_changes=document_changes)
        return types.WorkspaceEdit(changes=changes)


def code_actions(engine: Engine, editor: Editor, params: types.CodeActionParams) -> list[types.CodeAction]:
    """Quick fixes for the diagnostics in the request and its lines, and fix-all, as the client asked for."""
    name = to_fs_path(params.text_document.uri)
    path = key(name) if name is not None else None
    if path is None or engine.setup is None or not engine.lints(path):
        return []
    wanted = params.context.only

    def allowed(kind: str) -> bool:
        return wanted is None or any(kind == k or kind.startswith(f"{k}.") for k in wanted)

    actions: list[types.CodeAction] = []
    if allowed(types.CodeActionKind.QuickFix):
        plans: dict[str, Plan] = {}
        for diagnostic in params.context.diagnostics:
            code = str(diagnostic.code)
            if diagnostic.source != "sot-lint" or code not in FIXABLE:
                continue
            plan = plans.setdefault(code, engine.plan([path], {code}))
            edit = editor.workspace_edit(plan)
            if edit is not None:
                title = "; ".join(fix.title for change in plan.changes.values() for fix in change.fixes)
                actions.append(
                    types.CodeAction(
                        title=f"sot-lint: {engine.redact(title)}",
                        kind=types.CodeActionKind.QuickFix,
                        diagnostics=[diagnostic],
                        edit=edit,
                        is_preferred=True,
                    )
                )
        syntax = engine.plan([path], {None})
        requested = range(params.range.start.line, params.range.end.line + 1)
        for change in syntax.changes.values():
            for fix in change.fixes:
                if change.path == path and fix.line - 1 in requested:
                    edit = editor.workspace_edit(syntax, range(fix.line - 1, fix.line))
                    if edit is not None:
                        actions.append(
                            types.CodeAction(
                                title=f"sot-lint: {fix.title}", kind=types.CodeActionKind.QuickFix, edit=edit
                            )
                        )
    if allowed(FIX_ALL):
        everything = engine.plan([path])
        edit = editor.workspace_edit(everything)
        if edit is not None:
            actions.append(types.CodeAction(title="sot-lint: apply every safe fix", kind=FIX_ALL, edit=edit))
    return actions
