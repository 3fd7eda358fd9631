"""sot-lint's positions (1-based lines, code point columns) <-> LSP's (0-based, in the negotiated code units).

LSP counts characters in UTF-16 code units unless the client agreed to
another encoding: an emoji before a finding is two units, an `é` one.
"""

from __future__ import annotations

import difflib
import re

from lsprotocol import types

from sot_lint.finding import Finding, Severity
from sot_lint.fix import FileChange
from sot_lint.fix.textfile import TextFile
from sot_lint.report.sarif import HELP_URI

DOCS = f"{HELP_URI}#what-it-checks"  # the rule catalog; `sot-lint rule CODE` prints one rule in full
_TRAILING = ".,;:)`'\""
_VALUE_AFTER_KEY = re.compile(r"\A[A-Za-z_][\w-]*:[ \t]+\Z")  # `key: ` before a finding on a YAML value


def units(text: str, encoding: str) -> int:
    """Length of `text` in the code units of `encoding` ("utf-16", "utf-8" or "utf-32")."""
    if encoding == "utf-8":
        return len(text.encode("utf-8", "surrogatepass"))
    if encoding == "utf-32":
        return len(text)
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def index_at(text: str, character: int, encoding: str) -> int:
    """The code point index of a position given in code units (clamped to the line)."""
    if encoding == "utf-32":
        return min(character, len(text))
    count = 0
    for index, char in enumerate(text):
        if count >= character:
            return index
        count += units(char, encoding)
    return len(text)


def position(lines: tuple[str, ...], line: int, index: int, encoding: str) -> types.Position:
    """LSP position of 0-based `line`, code point `index`."""
    text = lines[line] if 0 <= line < len(lines) else ""
    return types.Position(line=line, character=units(text[: max(0, index)], encoding))


def span(text: str, column: int) -> tuple[int, int]:
    """Code point range a finding at 1-based `column` covers: its code span or word, else the line."""
    start = min(max(column - 1, 0), len(text))
    if _VALUE_AFTER_KEY.match(text[:start]) and text[start:].strip():
        return start, len(text.rstrip())
    if start > 0 and text[start - 1] == "`":
        close = text.find("`", start)
        if close > start:
            return start, close
    end = start
    while end < len(text) and not text[end].isspace():
        end += 1
    while end > start and text[end - 1] in _TRAILING:
        end -= 1
    if end > start and column > 1:
        return start, end
    stripped = text.rstrip()
    first = len(text) - len(text.lstrip())
    return (first, len(stripped)) if stripped else (0, 0)


def diagnostic(finding: Finding, lines: tuple[str, ...], encoding: str) -> types.Diagnostic:
    line = max(finding.line - 1, 0)
    text = lines[line] if line < len(lines) else ""
    start, end = span(text, finding.column)
    last = max(finding.end_line - 1, line)
    if last > line and last < len(lines):
        end_position = position(lines, last, len(lines[last].rstrip()), encoding)
    else:
        end_position = position(lines, line, end, encoding)
    return types.Diagnostic(
        range=types.Range(start=position(lines, line, start, encoding), end=end_position),
        message=finding.message,
        severity=types.DiagnosticSeverity.Error
        if finding.severity is Severity.ERROR
        else types.DiagnosticSeverity.Warning,
        code=finding.code,
        code_description=types.CodeDescription(href=DOCS),
        source="sot-lint",
        data={"name": finding.name},
    )


def text_edits(change: FileChange, encoding: str) -> list[types.TextEdit]:
    """Line-wise edits turning the file's current text into the planned one.

    Lines are compared with their own line break, so a last line without one
    is a different unit from the same text with one: concatenating the units
    always gives the text back, whatever the final newline does.
    """
    old = TextFile.decode(change.before or b"") or TextFile(())
    new = TextFile.decode(change.after) or TextFile(())
    newline = old.newline

    def units_of(file: TextFile) -> list[str]:
        items = [line + newline for line in file.lines]
        if items and not file.final_newline:
            items[-1] = items[-1][: -len(newline)]
        return items

    before, after = units_of(old), units_of(new)

    def at(index: int) -> types.Position:
        if index < len(before) or not before or old.final_newline:
            return types.Position(line=index, character=0)
        return position(old.lines, len(old.lines) - 1, len(old.lines[-1]), encoding)

    edits = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            replacement = "".join(after[j1:j2])
            edits.append(types.TextEdit(range=types.Range(start=at(i1), end=at(i2)), new_text=replacement))
    return edits
