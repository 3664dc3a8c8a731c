"""Strict YAML loading with line marks.

Only a small, predictable subset of YAML is accepted, so that an editor's typo
cannot silently change meaning:

- plain scalars resolve to ``null``, ``true``/``false``, decimal integers and
  decimal floats; everything else (``no``, ``on``, ``0o17``, ``007``, ``1:30``,
  ``2026-07-01``) stays a string;
- duplicate keys, anchors, aliases, tags, merge keys, tabs, control characters
  and invalid UTF-8 are errors;
- every node's position is kept, so a problem deep in a record points to the
  exact line and column of the value (or key) that caused it.

The loader goes on after a problem wherever it safely can (a tab or a bad byte
is reported, then read as a space or a replacement character), so that an
editor sees every problem of a file in one run.
"""

from __future__ import annotations

import math
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
_PLAIN_TAGS: dict[type[Node], str] = {
    ScalarNode: "tag:yaml.org,2002:str",
    SequenceNode: "tag:yaml.org,2002:seq",
    MappingNode: "tag:yaml.org,2002:map",
}
# What PyYAML's reader refuses (it would stop at the first one, without a line).
_NOT_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
_MAX_BAD_LINES = 5  # a file in another encoding is wrong on every line: name a few
_ANCHOR_HINT = "write the value out in full; each record stands alone"


@dataclass
class LoadedFile:
    """A parsed YAML file: its data and where each value and key stands."""

    path: Path
    display: str
    data: Any = None
    values: dict[Loc, Position] = field(default_factory=dict)
    keys: dict[Loc, Position] = field(default_factory=dict)
    damaged: bool = False  # bytes that were not UTF-8 were replaced: its text is not as written

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


def _mark_position(mark: Any) -> Position:
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _position(node: Node) -> Position:
    return _mark_position(node.start_mark)


class _Composer(yaml.SafeLoader):
    """A loader that resolves no implicit types and refuses anchors, aliases and tags.

    Every plain scalar is composed as a string; :class:`_Builder` then decides,
    by its own small table, whether it is null, a boolean or a number.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.node_problems: list[tuple[Position, Loc, str]] = []
        self._locs: list[Loc] = [()]  # where the node being composed stands

    def resolve(self, kind: type[Node], value: Any, implicit: Any) -> str:
        return _PLAIN_TAGS[kind]

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        parser: Any = self  # PyYAML's parser methods carry no type annotations
        event = parser.peek_event()
        loc = self._child_loc(parent, index)
        position = _mark_position(event.start_mark)
        if isinstance(event, yaml.AliasEvent):
            self.node_problems.append((position, loc, f"alias '*{event.anchor}' is not allowed"))
        elif getattr(event, "anchor", None):
            self.node_problems.append((position, loc,
                                       f"anchor '&{event.anchor}' is not allowed"))
        tag = getattr(event, "tag", None)
        if tag not in (None, "!"):
            shown = str(tag).replace("tag:yaml.org,2002:", "!!")
            self.node_problems.append((position, loc, f"tag '{shown}' is not allowed"))
        self._locs.append(loc)
        try:
            node: Node | None = super().compose_node(parent, index)
        finally:
            self._locs.pop()
        return node

    def _child_loc(self, parent: Node | None, index: Any) -> Loc:
        """The data path of a node: its parent's, plus the key or item number."""
        here = self._locs[-1]
        if isinstance(index, ScalarNode):
            return (*here, str(index.value))
        if isinstance(index, int) and isinstance(parent, SequenceNode):
            return (*here, index)
        return here  # the document itself, or a key: reported on the enclosing mapping


def _decode(raw: bytes, display: str, problems: list[Problem]) -> str:
    """The text of ``raw``; lines with invalid UTF-8 are reported, the bytes replaced."""
    bad_lines: list[tuple[int, int, int]] = []  # line, column, the first bad byte
    for number, line in enumerate(raw.split(b"\n"), start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as exc:
            column = len(line[: exc.start].decode("utf-8", errors="replace")) + 1
            bad_lines.append((number, column, line[exc.start]))
    if not bad_lines:
        return raw.decode("utf-8")
    hint = "save the file as UTF-8"
    try:
        raw.decode("gb18030")
        hint = "the file looks like GBK/GB18030: save it as UTF-8"
    except UnicodeDecodeError:
        pass
    for number, column, byte in bad_lines[:_MAX_BAD_LINES]:
        problems.append(Problem(display, number, column, "", f"invalid UTF-8 byte 0x{byte:02x}",
                                hint=hint))
    if len(bad_lines) > _MAX_BAD_LINES:
        number, column, _ = bad_lines[_MAX_BAD_LINES]
        problems.append(Problem(display, number, column, "",
                                f"invalid UTF-8 on {len(bad_lines) - _MAX_BAD_LINES} more "
                                "line(s)", hint=hint))
    return raw.decode("utf-8", errors="replace")


def _clean_characters(text: str, display: str, problems: list[Problem]) -> str:
    """Report tabs and control characters, and return the text with each made a space."""
    if "\t" not in text and not _NOT_PRINTABLE.search(text):
        return text
    for number, line in enumerate(text.split("\n"), start=1):
        column = line.find("\t")
        if column >= 0:
            problems.append(
                Problem(display, number, column + 1, "", "tab character",
                        hint="indent with spaces; write a tab inside text as \\t in a "
                        "double-quoted string")
            )
        for match in _NOT_PRINTABLE.finditer(line):
            problems.append(Problem(display, number, match.start() + 1, "",
                                    f"control character U+{ord(match.group()):04X}",
                                    hint="delete it; it is invisible in most editors"))
    return _NOT_PRINTABLE.sub(" ", text.replace("\t", " "))


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
                self.error(key_pos, loc, "merge keys ('<<') are not allowed",
                           hint=_ANCHOR_HINT)
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
        if _FLOAT.match(text) and math.isfinite(float(text)):
            return float(text)
        return text  # including 1.0e999, which no number can hold


def _syntax_problem(display: str, exc: yaml.YAMLError) -> Problem:
    if isinstance(exc, yaml.MarkedYAMLError):
        line, column = _mark_position(exc.problem_mark or exc.context_mark)
        message = exc.problem or exc.context or "cannot be read"
        if exc.context and exc.problem:
            message += f" ({exc.context}"
            if exc.context_mark is not None and exc.problem_mark is not None:
                start = _mark_position(exc.context_mark)
                message += f" that starts at line {start[0]}, column {start[1]}"
            message += ")"
        return Problem(display, line, column, "", f"YAML syntax error: {message}")
    return Problem(display, 1, 1, "", f"YAML error: {exc}")


def _compose(text: str, display: str, problems: list[Problem]) -> Node | None:
    """The node tree of a single-document ``text``; ``None`` when it cannot be read."""
    composer = _Composer(text)
    try:
        node = composer.get_single_node()
    except yaml.YAMLError as exc:
        problems.append(_syntax_problem(display, exc))
        return None
    finally:
        composer.dispose()
    for (line, column), loc, message in composer.node_problems:
        hint = _ANCHOR_HINT if message.startswith(("alias", "anchor")) else (
            "remove the tag; the field's type is known")
        problems.append(Problem(display, line, column, ".".join(str(p) for p in loc),
                                message, hint=hint))
    if node is None:
        problems.append(Problem(display, 1, 1, "", "the file is empty"))
    return node


def load_yaml(path: Path, display: str, expect: type, problems: list[Problem]) -> LoadedFile | None:
    """Load one YAML file strictly. Problems are appended; ``None`` means unusable."""
    loaded = LoadedFile(path=path, display=display)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(display, 1, 1, "", f"cannot read file: {exc.strerror}"))
        return None
    before = len(problems)
    text = _decode(raw, display, problems)
    loaded.damaged = len(problems) > before
    text = _clean_characters(text, display, problems)
    node = _compose(text, display, problems)
    if node is None:
        return None
    loaded.data = _Builder(loaded, problems).build(node, ())
    if not isinstance(loaded.data, expect):
        kind = "mapping (key: value lines)" if expect is dict else "list (- items)"
        problems.append(Problem(display, *_position(node), "",
                                f"the document must be a {kind} at the top level"))
        return None
    return loaded
