"""How a detected value appears in any output: its kind and a short hash, never itself."""

from __future__ import annotations

import hashlib

HEAD = 3  # values shorter than this are never redacted (they would match everywhere)
FEW = 16  # up to this many values, one `in` test per value beats reading the text position by position


def label(kind: str, value: str) -> str:
    """`[redacted AWS Access Key #3f2a]`: enough to tell two findings apart, nothing to reuse."""
    digest = hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:4]
    return f"[redacted {kind} #{digest}]"


class Redactor:
    """Replaces known values by their labels, in time linear in the text whatever their number.

    Values are indexed by their first characters, so a message is read once,
    left to right, taking the longest value that starts at each position
    (a file with thousands of leaks and thousands of messages stays fast).
    """

    def __init__(self, labels: dict[str, str]) -> None:
        self.labels = {value: shown for value, shown in labels.items() if len(value) >= HEAD}
        self._by_head: dict[str, list[str]] = {}
        self._longest_first = sorted(self.labels, key=len, reverse=True)
        for value in self._longest_first:
            self._by_head.setdefault(value[:HEAD], []).append(value)

    def _replaced(self, text: str) -> tuple[str, bool]:
        if len(self.labels) <= FEW:  # a few values: `in` and `replace` run in C
            replaced = text
            for known in self._longest_first:
                if known in replaced:
                    replaced = replaced.replace(known, self.labels[known])
            return replaced, replaced != text
        pieces: list[str] = []
        start = index = 0
        found = False
        while index <= len(text) - HEAD:
            candidates = self._by_head.get(text[index : index + HEAD])
            value = next((v for v in candidates if text.startswith(v, index)), None) if candidates else None
            if value is None:
                index += 1
                continue
            pieces += [text[start:index], self.labels[value]]
            index = start = index + len(value)
            found = True
        return ("".join(pieces) + text[start:], True) if found else (text, False)

    def __call__(self, text: str) -> str:
        """`text` with every value replaced; a line whose decoded form holds one is replaced by that form.

        A value found in the decoded view may be written in `text` in an
        encoded form (fullwidth dots, `llm&#46;corp`, a zero-width space).
        """
        if not self._by_head:
            return text
        if text.isascii() and "&" not in text and "\\" not in text:
            return self._replaced(text)[0]
        from sot_lint.leaks.decoded import decode_line

        lines = text.split("\n")
        for number, line in enumerate(lines):
            meant = decode_line(line)
            if meant != line:
                scrubbed, found = self._replaced(meant)
                if found:
                    lines[number] = scrubbed
                    continue
            lines[number] = self._replaced(line)[0]
        return "\n".join(lines)


def scrub(text: str, values: dict[str, str]) -> str:
    """Replace every known value (mapped to its label) in `text`; see `Redactor`."""
    return Redactor(values)(text)
