"""Strict YAML loading with line marks.

Only a small, predictable subset of YAML is accepted, so that an editor's typo
cannot silently change meaning:

- plain scalars resolve to ``null``, ``true``/``false``, decimal integers and
  decimal floats; everything else (``no``, ``on``, ``0o17``, ``1:30``,
  ``2026-07-01``) stays a string;
- duplicate keys, anchors, aliases, tags, tabs and invalid UTF-8 are errors;
- every node's position is kept, so a problem deep in a record points to the
  exact line and column of the value (or key) that caused it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import Problem

Loc = tuple[str | int, ...]
Position = tuple[int, int]  # 1-based line and column

_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_FLOAT = re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$")
_NULLS = {"", "~", "null"}
_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
}


@dataclass
class LoadedFile:
    """A parsed YAML file: its data and where each value and key stands."""

    path: Path
    display: str
    data: Any = None
    values: dict[Loc, Position] = field(default_factory=dict)
    keys: dict[Loc, Position] = field(default_factory=dict)

    def position(self, loc: Loc, *, key: bool = False) -> Position:
        """The position of ``loc``, or of its nearest located ancestor."""
        probe = tuple(loc)
        while True:
            if key and probe in self.keys:
                return self.keys[probe]
            if probe in self.values:
                return self.values[probe]
            if not probe:
                return (1, 1)
            probe = probe[:-1]


class _Composer(yaml.SafeLoader):
    """A loader that refuses anchors and aliases while composing."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.anchor_problems: list[tuple[Position, str]] = []

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            mark = event.start_mark
            self.anchor_problems.append(
                ((mark.line + 1, mark.column + 1), f"alias '*{event.anchor}' is not allowed")
            )
        elif getattr(event, "anchor", None):
            mark = event.start_mark
            self.anchor_problems.append(
                ((mark.line + 1, mark.column + 1), f"anchor '&{event.anchor}' is not allowed")
            )
        node: Node = super().compose_node(parent, index)
        return node


def _position(node: Node) -> Position:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _decode(path: Path, display: str, raw: bytes, problems: list[Problem]) -> str | None:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        problems.append(
            Problem(display, line, column, "", f"invalid UTF-8 byte 0x{raw[exc.start]:02x}",
                    hint="save the file as UTF-8")
        )
        return None


def _find_tabs(text: str, display: str, problems: list[Problem]) -> None:
    for number, line in enumerate(text.splitlines(), start=1):
        column = line.find("\t")
        if column >= 0:
            problems.append(
                Problem(display, number, column + 1, "", "tab character",
                        hint="indent with spaces; write a tab inside text as \\t in a quoted string")
            )


class _Builder:
    """Turns a composed node tree into plain Python values, recording positions."""

    def __init__(self, loaded: LoadedFile, problems: list[Problem]) -> None:
        self.loaded = loaded
        self.problems = problems

    def error(self, pos: Position, loc: Loc, message: str, hint: str | None = None) -> None:
        field_path = ".".join(str(part) for part in loc)
        self.problems.append(Problem(self.loaded.display, pos[0], pos[1], field_path, message,
                                     hint=hint))

    def build(self, node: Node, loc: Loc) -> Any:
        self.loaded.values[loc] = _position(node)
        if node.tag not in _STANDARD_TAGS:
            self.error(_position(node), loc, f"tag '{node.tag}' is not allowed")
            return None
        if isinstance(node, MappingNode):
            return self._mapping(node, loc)
        if isinstance(node, SequenceNode):
            return [self.build(item, (*loc, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        return self._scalar(node)

    def _mapping(self, node: MappingNode, loc: Loc) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, Position] = {}
        for key_node, value_node in node.value:
            key_pos = _position(key_node)
            if not isinstance(key_node, ScalarNode):
                self.error(key_pos, loc, "a key must be plain text")
                continue
            key = str(key_node.value)
            if key == "<<":
                self.error(key_pos, loc, "merge keys ('<<') are not allowed")
                continue
            if key in first_seen:
                line = first_seen[key][0]
                self.error(key_pos, (*loc, key),
                           f"duplicate key '{key}' (first on line {line}, again on line "
                           f"{key_pos[0]})", hint="remove one of the two")
                continue
            first_seen[key] = key_pos
            self.loaded.keys[(*loc, key)] = key_pos
            result[key] = self.build(value_node, (*loc, key))
        return result

    @staticmethod
    def _scalar(node: ScalarNode) -> Any:
        text = str(node.value)
        if node.style not in (None, ""):
            return text  # quoted or block scalars are always strings
        if text in _NULLS:
            return None
        if text in ("true", "false"):
            return text == "true"
        if _INT.match(text):
            return int(text)
        if _FLOAT.match(text):
            return float(text)
        return text


def _compose(text: str, display: str, problems: list[Problem]) -> tuple[Node | None, bool]:
    composer = _Composer(text)
    try:
        node = composer.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = " ".join(part for part in (exc.context, exc.problem) if part)
        problems.append(Problem(display, line, column, "", f"YAML syntax error: {message}"))
        return None, False
    except yaml.YAMLError as exc:
        problems.append(Problem(display, 1, 1, "", f"YAML error: {exc}"))
        return None, False
    finally:
        composer.dispose()
    for (line, column), message in composer.anchor_problems:
        problems.append(Problem(display, line, column, "", message,
                                hint="write the value out in full; each record stands alone"))
    return node, True


def load_yaml(path: Path, display: str, expect: type, problems: list[Problem]) -> LoadedFile | None:
    """Load one YAML file strictly. Problems are appended; ``None`` means unusable."""
    loaded = LoadedFile(path=path, display=display)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(display, 1, 1, "", f"cannot read file: {exc.strerror}"))
        return None
    text = _decode(path, display, raw, problems)
    if text is None:
        return None
    _find_tabs(text, display, problems)
    node, ok = _compose(text, display, problems)
    if not ok:
        return None
    if node is None:
        problems.append(Problem(display, 1, 1, "", "the file is empty"))
        return None
    loaded.data = _Builder(loaded, problems).build(node, ())
    kind = "mapping" if expect is dict else "list"
    if not isinstance(loaded.data, expect):
        problems.append(Problem(display, *_position(node), "",
                                f"the document must be a {kind} at the top level"))
        return None
    return loaded
