"""Writing proposed records into a region file as text, so that everything already in the
file (records, comments, formatting) stays exactly as the editor wrote it.

Records are emitted in the repository's block style (two-space indent, strings in double
quotes, ``en: null`` where the English is the editor's to write) and inserted at the end of
their list; an empty ``goals: []`` becomes a block list; a list the file lacks is appended.
"""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic import BaseModel

from generator.load import model as m

INDENT = "  "
_WORDS = {"null", "true", "false", "yes", "no", "on", "off", "y", "n", "nan", "inf"}


def scalar(value: Any) -> str:
    """A scalar as the strict YAML subset reads it back unchanged."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if re.fullmatch(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*", str(value)) and value not in _WORDS:
        return str(value)  # an id or a codebook choice reads back as the same string
    return json.dumps(str(value), ensure_ascii=False)


def _plain(record: BaseModel) -> dict[str, Any]:
    """The record's fields in model order: defaults left out, except ``en`` of a text."""
    out: dict[str, Any] = {}
    for name, info in type(record).model_fields.items():
        value = getattr(record, name)
        default = None if info.is_required() else info.get_default(call_default_factory=True)
        if isinstance(record, m.Text) or info.is_required() or value != default:
            out[name] = _plain(value) if isinstance(value, BaseModel) else _listed(value)
    if "review" in out:  # the flag an editor must see first: right after the id
        out = {"id": out.pop("id"), "review": out.pop("review"), **out} if "id" in out else out
    return out


def _listed(value: Any) -> Any:
    if isinstance(value, list):
        return [_plain(v) if isinstance(v, BaseModel) else v for v in value]
    return value


def _lines(value: Any, indent: str) -> list[str]:
    """Block YAML lines of a mapping's entries at ``indent``."""
    lines: list[str] = []
    for key, item in value.items():
        if isinstance(item, dict):
            lines.append(f"{indent}{key}:")
            lines.extend(_lines(item, indent + INDENT))
        elif isinstance(item, list) and item:
            lines.append(f"{indent}{key}:")
            lines.extend(_list_lines(item, indent + INDENT))
        elif isinstance(item, list):
            lines.append(f"{indent}{key}: []")
        else:
            lines.append(f"{indent}{key}: {scalar(item)}")
    return lines


def _list_lines(items: list[Any], indent: str) -> list[str]:
    lines: list[str] = []
    for item in items:
        if isinstance(item, dict):
            body = _lines(item, indent + INDENT)
            lines.append(f"{indent}- {body[0].lstrip()}")
            lines.extend(body[1:])
        else:
            lines.append(f"{indent}- {scalar(item)}")
    return lines


def value_lines(fields: dict[str, Any], indent: str) -> list[str]:
    """Block YAML lines for plain ``fields`` (dicts, lists, scalars) at ``indent``."""
    return _lines(fields, indent)


def record_yaml(record: BaseModel, comments: list[str] | None = None) -> list[str]:
    """The lines of one list item (``  - id: …``) for a top-level record list."""
    body = _lines(_plain(record), INDENT * 2)
    head = [f"{INDENT}- {body[0].lstrip()}"]
    extra = [f"{INDENT * 2}# {c}" for c in comments or []]
    return head + body[1:2] + extra + body[2:]


def _top_level_key(line: str) -> str | None:
    match = re.match(r"^([A-Za-z_][\w-]*)\s*:", line)
    return match.group(1) if match else None


def insert_records(text: str, key: str, items: list[list[str]]) -> str:
    """``text`` with the ``items`` (each a record's lines) appended to the list ``key``."""
    if not items:
        return text
    lines = text.split("\n")
    new = [line for item in items for line in item]
    start = next((i for i, line in enumerate(lines) if _top_level_key(line) == key), None)
    if start is None:
        while lines and lines[-1] == "":
            lines.pop()
        return "\n".join([*lines, f"{key}:", *new, ""])
    head = lines[start]
    if re.match(rf"^{re.escape(key)}\s*:\s*\[\s*\]\s*(#.*)?$", head):
        lines[start : start + 1] = [f"{key}:", *new]
        return "\n".join(lines)
    end = start
    for index in range(start + 1, len(lines)):
        line = lines[index]
        if _top_level_key(line) is not None:
            break
        if line.strip() and not line.lstrip().startswith("#") and line[:1] in (" ", "-"):
            end = index
    lines[end + 1 : end + 1] = new
    return "\n".join(lines)
