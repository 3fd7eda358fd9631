"""`sot-lint server`: the language server. pygls is imported only here, so `check` never loads it."""

from __future__ import annotations

import sys


def serve() -> int:
    """Serve LSP over stdio until the client exits; 2 with one line when pygls is missing."""
    try:
        from sot_lint.server.lsp import serve as run
    except ImportError as error:
        sys.stderr.write(f"sot-lint: error: the language server needs pygls ({error.name} is missing)\n")
        return 2
    return run()
