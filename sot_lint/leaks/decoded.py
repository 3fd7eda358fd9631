"""The decoded scan view: the text a document means, beside the text it is written in.

A value can be written so that no detector sees it on the raw line: JSON
escapes (`\\u002e`, `\\/`), YAML escapes, tags (`!ghp%5F...`) and multi-line
scalars, HTML entities (`llm&#46;corp`), markdown backslash escapes
(`https\\://`), fullwidth forms (`llm\\uff0ecorp`) and zero-width characters inside
a token. `views` yields, for each place where decoding changes the text, the
decoded text and the 1-based raw line it came from, so every hit maps back to
a line of the file. Lines that decoding leaves alone yield nothing: a plain
ASCII record costs a few `in` tests per line.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sot_lint.parse.document import Document

View = tuple[int, str]  # (1-based raw line, decoded text)

_JSON_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"')
_MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_BOUNDARY = re.compile(r"-{3,}[ \t]*")  # as parse.front reads it
_FORMAT = "Cf"  # zero-width space and joiner, soft hyphen, BOM, bidi controls...


def normal(text: str) -> str:
    """NFKC-normalised, without format characters; ASCII text is returned as it is."""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKC", text)
    return "".join(c for c in text if unicodedata.category(c) != _FORMAT)


def _json_unescaped(token: str) -> str:
    try:
        value = json.loads(token)
    except ValueError:
        return token
    return '"' + _CONTROL.sub(" ", value) + '"' if isinstance(value, str) else token


def json_line(line: str) -> str:
    """The line with every JSON string that holds an escape unescaped (kept in quotes)."""
    if "\\" not in line:
        return line
    return _JSON_STRING.sub(lambda m: _json_unescaped(m.group(0)) if "\\" in m.group(0) else m.group(0), line)


def markdown_line(line: str) -> str:
    """The line with HTML entities decoded and markdown backslash escapes removed."""
    if "&" in line:
        import html  # only for a line with an entity: a hook run rarely needs it

        line = html.unescape(line)
    if "\\" in line:
        line = _MARKDOWN_ESCAPE.sub(r"\1", line)
    return line


def decode_line(line: str, kind: str = "markdown") -> str:
    """Everything one line can mean on its own: escapes undone, then normalised.

    JSON strings are unescaped in markdown too: a fenced JSON example (or a
    traceback quoting one) means what its escapes say.
    """
    line = json_line(line)
    return normal(line if kind == "json" else markdown_line(line))


def _needs_yaml(lines: Sequence[str]) -> bool:
    """Whether YAML decoding can give anything the lines do not already say."""
    for line in lines:
        if line[:1] in (" ", "\t") or "\\" in line or "%" in line or "!" in line or not line.isascii():
            return True
    return False


def _scalar_views(text: str, first_line: int) -> Iterator[View]:
    """Decoded scalars, keys (as `key: value`) and tags of a YAML block, by their start line."""
    import yaml

    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    stack: list[list[Any]] = []  # [is a mapping, expecting a key, pending key]
    try:
        for event in yaml.parse(text, Loader=loader):
            line = first_line + (event.start_mark.line if event.start_mark is not None else 0)
            tag = getattr(event, "tag", None)
            if isinstance(tag, str) and not tag.startswith("tag:yaml.org,2002:"):
                yield line, tag
            if isinstance(event, yaml.ScalarEvent):
                value = str(event.value)
                top = stack[-1] if stack else None
                if top is not None and top[0] and top[1]:
                    top[1], top[2] = False, value
                    yield line, value
                elif top is not None and top[0]:
                    top[1] = True
                    yield line, f"{top[2]}: {value}"
                else:
                    yield line, value
            elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
                _value_taken(stack)
                stack.append([isinstance(event, yaml.MappingStartEvent), True, ""])
            elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent) and stack:
                stack.pop()
    except Exception:  # noqa: BLE001 - invalid YAML: the views up to the error still count
        return


def _value_taken(stack: list[list[Any]]) -> None:
    """A collection opened as a mapping value: the mapping expects a key next."""
    if stack and stack[-1][0]:
        stack[-1][1] = not stack[-1][1] if not stack[-1][1] else False


def front_end(lines: Sequence[str]) -> int | None:
    """0-based index of the closing `---` of a frontmatter block, or None."""
    if not lines or not _BOUNDARY.fullmatch(lines[0]):
        return None
    return next((i for i in range(1, len(lines)) if _BOUNDARY.fullmatch(lines[i])), None)


def views(doc: Document) -> list[View]:
    """(raw line, decoded text) wherever decoding changes what a detector would read."""
    found: list[View] = []
    text = "\n".join(doc.lines)
    if not (text.isascii() and "&" not in text and "\\" not in text):  # one C-level test for most records
        for number, line in enumerate(doc.lines, start=1):
            decoded = decode_line(line, doc.kind)
            if decoded and decoded != line:  # a line of format characters only decodes to nothing to read
                found.append((number, decoded))
    end = front_end(doc.lines) if doc.kind == "markdown" else None
    if end is not None:  # also when the YAML is invalid: a bad tag is what SOT003 would echo
        block = doc.lines[1:end]
        if _needs_yaml(block):
            numbers = _yaml_line_numbers(block, 2)
            for index, text in _scalar_views("\n".join(block), 0):
                number = numbers[min(index, len(numbers) - 1)]
                decoded = normal(_CONTROL.sub(" ", text))
                if decoded and decoded not in doc.lines[number - 1]:
                    found.append((number, decoded))
    return found


def _yaml_line_numbers(block: Sequence[str], first: int) -> list[int]:
    """The file line of each line YAML counts in `block`: it also breaks at a lone CR, NEL and U+2028/9."""
    numbers: list[int] = []
    for offset, line in enumerate(block):
        breaks = line.count("\r") - line.count("\r\n") - line.endswith("\r") + sum(map(line.count, "\x85\u2028\u2029"))
        numbers += [first + offset] * (1 + breaks)
    return numbers or [first]
