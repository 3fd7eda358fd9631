"""A text file's lines with the bytes around them (BOM, line breaks, final newline) kept for writing back.

Fixes work on the same normalised lines the parser reads; writing them back
restores the file's own conventions, so a fix changes only what it fixes.
"""

from __future__ import annotations

from dataclasses import dataclass

from sot_lint.parse.source import BOM


@dataclass(frozen=True)
class TextFile:
    lines: tuple[str, ...]
    newline: str = "\n"
    bom: bool = False
    final_newline: bool = True

    @classmethod
    def decode(cls, data: bytes) -> TextFile | None:
        """None when the bytes are not UTF-8 text (such a file is never fixed)."""
        bom = data.startswith(BOM)
        try:
            text = data[len(BOM) :].decode("utf-8") if bom else data.decode("utf-8")
        except UnicodeDecodeError:
            return None
        if "\0" in text:
            return None
        newline = "\r\n" if "\r\n" in text else ("\r" if "\r" in text else "\n")
        normalised = text.replace("\r\n", "\n").replace("\r", "\n")
        final = normalised.endswith("\n") or not normalised
        lines = normalised.split("\n")
        if final:
            lines.pop()
        return cls(tuple(lines), newline, bom, final)

    @property
    def text(self) -> str:
        """The lines joined with `\\n` (what the parser and the fixes see)."""
        return "\n".join(self.lines) + ("\n" if self.final_newline and self.lines else "")

    def with_text(self, text: str) -> TextFile:
        final = text.endswith("\n")
        lines = text.split("\n")
        if final:
            lines.pop()
        return TextFile(tuple(lines), self.newline, self.bom, final or not lines)

    def encode(self) -> bytes:
        body = self.newline.join(self.lines) + (self.newline if self.final_newline and self.lines else "")
        return (BOM if self.bom else b"") + body.encode("utf-8")
