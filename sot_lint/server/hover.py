"""Hover text for a field or frontmatter key: what it may hold, and whether the current status requires it."""

from __future__ import annotations

from sot_lint.config import Config
from sot_lint.parse.document import Document

_CLASS = "a class identifier: lowercase words joined by `-` or `_` (never a URL, path, address or token)"


def _listed(values: tuple[str, ...] | list[str]) -> str:
    return ", ".join(f"`{v}`" for v in values) if values else "(none)"


def _current_status(doc: Document, config: Config) -> str | None:
    fields = doc.fields_in(config.state_section)
    status = next((f for f in fields if f.key == "decision_status"), None)
    return status.value if status is not None and isinstance(status.value, str) else None


def field_hover(key: str, doc: Document, config: Config, in_state: bool) -> str:
    lines = [f"**`{key}`**: decision field" + (f" ({config.state_section})" if in_state else " (not current state)")]
    if key == "decision_status":
        lines.append(f"Allowed values: {_listed(config.statuses)}.")
        moves = "; ".join(f"`{a}` to {_listed(b)}" for a, b in config.transitions.items())
        lines.append(f"Allowed transitions: {moves}.")
    elif key.endswith("_class"):
        lines.append(f"Allowed values: {_CLASS}.")
    else:
        kind = " (a name)" if key in ("provider", "model") else ""
        lines.append(f"Allowed values: any non-empty value{kind}.")
    requiring = [status for status, keys in config.required_when.items() if key in keys]
    forbidding = [status for status, keys in config.forbidden_when.items() if key in keys]
    if requiring:
        lines.append(f"Required when `decision_status` is {_listed(requiring)}.")
    if forbidding:
        lines.append(f"Forbidden when `decision_status` is {_listed(forbidding)}.")
    status = _current_status(doc, config)
    if key != "decision_status":
        if status is None:
            lines.append("This record states no `decision_status`.")
        elif status in forbidding:
            lines.append(f"The current status `{status}` **forbids** it.")
        elif status in requiring:
            lines.append(f"The current status `{status}` **requires** it.")
        else:
            lines.append(f"The current status `{status}` does not require it.")
    if key in config.admission_compare:
        lines.append("Copied into the admission JSON and compared with it (SOT402).")
    return "\n\n".join(lines)


def frontmatter_hover(key: str, config: Config) -> str:
    lines = [f"**`{key}`**: frontmatter key"]
    if key in config.allowed_values:
        lines.append(f"Allowed values: {_listed(config.allowed_values[key])}.")
    elif key in config.date_keys:
        lines.append("Allowed values: an ISO date (YYYY-MM-DD), not in the future.")
    elif key == "title":
        lines.append("Allowed values: the text of the H1 heading (SOT105).")
    required = key in config.required_keys
    lines.append("Required in every record." if required else "Optional.")
    return "\n\n".join(lines)


def hover(doc: Document, config: Config, line: int, index: int) -> tuple[str, int, int] | None:
    """(markdown, start, end) for the key under 1-based `line`, code point `index`; None elsewhere."""
    if doc.kind != "markdown" or not 1 <= line <= len(doc.lines):
        return None
    text = doc.lines[line - 1]
    for field in doc.fields:
        if field.line == line:
            start = field.column - 1
            end = start + len(field.key)
            if start - 1 <= index <= end:
                in_state = field.section is not None and field.section.title == config.state_section
                return field_hover(field.key, doc, config, in_state), start, end
    if doc.frontmatter is not None:
        for item in doc.frontmatter.keys.values():
            if item.line == line:  # a top-level key starts its line; `column` is its value's
                end = text.find(":")
                end = end if end > 0 else len(item.name)
                if index <= end:
                    return frontmatter_hover(item.name, config), 0, end
    return None
