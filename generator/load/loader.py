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
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.errors import Problem

Loc = tuple[str | int, ...]
Position = tuple[int, int]  # 1-based line and column

_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_FLOAT = re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$")
_NULLS = {"", "~", "null"}
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
    text: str = ""  # the decoded text, for rules that read a line's comment (placeholders)

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


# libyaml's parser when PyYAML has it (ten times faster); PyYAML's own otherwise
_PARSER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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
        problems.append(
            Problem(display, number, column, "", f"invalid UTF-8 byte 0x{byte:02x}", hint=hint)
        )
    if len(bad_lines) > _MAX_BAD_LINES:
        number, column, _ = bad_lines[_MAX_BAD_LINES]
        problems.append(
            Problem(
                display,
                number,
                column,
                "",
                f"invalid UTF-8 on {len(bad_lines) - _MAX_BAD_LINES} more line(s)",
                hint=hint,
            )
        )
    return raw.decode("utf-8", errors="replace")


def _clean_characters(text: str, display: str, problems: list[Problem]) -> str:
    """Report tabs and control characters, and return the text with each made a space."""
    if "\t" not in text and not _NOT_PRINTABLE.search(text):
        return text
    for number, line in enumerate(text.split("\n"), start=1):
        column = line.find("\t")
        if column >= 0:
            problems.append(
                Problem(
                    display,
                    number,
                    column + 1,
                    "",
                    "tab character",
                    hint="indent with spaces; write a tab inside text as \\t in a "
                    "double-quoted string",
                )
            )
        for match in _NOT_PRINTABLE.finditer(line):
            problems.append(
                Problem(
                    display,
                    number,
                    match.start() + 1,
                    "",
                    f"control character U+{ord(match.group()):04X}",
                    hint="delete it; it is invisible in most editors",
                )
            )
    return _NOT_PRINTABLE.sub(" ", text.replace("\t", " "))


class _Builder:
    """Builds plain Python values from the parser's events, recording where each stands.

    Working on events rather than PyYAML's node graph keeps every implicit type
    resolution out of the way: a plain scalar is text unless :meth:`_scalar` says
    otherwise, and anchors, aliases and tags are seen, and refused, as written.
    """

    def __init__(
        self, events: Iterator[yaml.Event], loaded: LoadedFile, problems: list[Problem]
    ) -> None:
        self.events = events
        self.loaded = loaded
        self.problems = problems
        self.anchors: dict[str, Any] = {}

    def error(self, pos: Position, loc: Loc, message: str, hint: str | None = None) -> None:
        field_path = ".".join(str(part) for part in loc)
        self.problems.append(
            Problem(self.loaded.display, pos[0], pos[1], field_path, message, hint=hint)
        )

    def document(self) -> tuple[Any, Position] | None:
        """The one document's value and position; ``None`` for a file with no document."""
        found: tuple[Any, Position] | None = None
        for event in self.events:
            if isinstance(event, yaml.DocumentStartEvent):
                if found is not None:
                    self.error(
                        _mark_position(event.start_mark),
                        (),
                        "expected a single document in the stream, but found another document",
                        hint="a region file holds one document: remove "
                        "the '---' line and what follows it, or merge the two",
                    )
                    break
                first = next(self.events)
                found = self.build(first, ()), _mark_position(first.start_mark)
        return found

    def build(self, event: yaml.Event, loc: Loc) -> Any:
        position = _mark_position(event.start_mark)
        self.loaded.values[loc] = position
        if isinstance(event, yaml.AliasEvent):
            self.error(position, loc, f"alias '*{event.anchor}' is not allowed", _ANCHOR_HINT)
            return self.anchors.get(str(event.anchor))
        self._refuse_anchor_and_tag(event, position, loc)
        if isinstance(event, yaml.MappingStartEvent):
            value: Any = self._mapping(loc)
        elif isinstance(event, yaml.SequenceStartEvent):
            value = self._sequence(loc)
        else:
            value = self._scalar(event)
        anchor = getattr(event, "anchor", None)
        if anchor:
            self.anchors[str(anchor)] = value
        return value

    def _refuse_anchor_and_tag(self, event: yaml.Event, position: Position, loc: Loc) -> None:
        anchor = getattr(event, "anchor", None)
        if anchor:
            self.error(position, loc, f"anchor '&{anchor}' is not allowed", _ANCHOR_HINT)
        tag = getattr(event, "tag", None)
        if tag not in (None, "!"):
            shown = str(tag).replace("tag:yaml.org,2002:", "!!")
            self.error(
                position,
                loc,
                f"tag '{shown}' is not allowed",
                "remove the tag; the field's type is known",
            )

    def _sequence(self, loc: Loc) -> list[Any]:
        items: list[Any] = []
        for event in self.events:
            if isinstance(event, yaml.SequenceEndEvent):
                break
            items.append(self.build(event, (*loc, len(items))))
        return items

    def _mapping(self, loc: Loc) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, Position] = {}
        for key_event in self.events:
            if isinstance(key_event, yaml.MappingEndEvent):
                break
            key_pos = _mark_position(key_event.start_mark)
            key = self._key(key_event, key_pos, loc)
            value_event = next(self.events)
            if key is None or key in first_seen:
                if key is not None:
                    self.error(
                        key_pos,
                        (*loc, key),
                        f"duplicate key '{key}' (first on line {first_seen[key][0]}, "
                        f"again on line {key_pos[0]})",
                        hint="remove one of the two",
                    )
                self.build(value_event, (*loc, "?"))  # read past it; it is not kept
                continue
            first_seen[key] = key_pos
            self.loaded.keys[(*loc, key)] = key_pos
            result[key] = self.build(value_event, (*loc, key))
        self.loaded.values.pop((*loc, "?"), None)
        return result

    def _key(self, event: yaml.Event, position: Position, loc: Loc) -> str | None:
        """The text of a key, or ``None`` (reported) for a key that cannot be one."""
        if not isinstance(event, yaml.ScalarEvent):
            self.build(event, (*loc, "?"))  # read past it
            self.error(position, loc, "a key must be plain text")
            return None
        self._refuse_anchor_and_tag(event, position, loc)
        if event.value == "<<" and event.style in (None, ""):
            self.error(position, loc, "merge keys ('<<') are not allowed", hint=_ANCHOR_HINT)
            return None
        return str(event.value)

    @staticmethod
    def _scalar(event: yaml.Event) -> Any:
        assert isinstance(event, yaml.ScalarEvent)
        text = str(event.value)
        if event.style not in (None, ""):
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


def _within(text: str, position: Position) -> Position:
    """``position``, or the end of the text when the parser points past it (libyaml does at
    the end of a file without a final line break)."""
    lines = text.split("\n")
    if position[0] <= len(lines):
        return position
    return len(lines), len(lines[-1]) + 1


def _syntax_problem(display: str, text: str, exc: yaml.YAMLError) -> Problem:
    if isinstance(exc, yaml.MarkedYAMLError):
        line, column = _within(text, _mark_position(exc.problem_mark or exc.context_mark))
        message = exc.problem or exc.context or "cannot be read"
        if exc.context and exc.problem:
            message += f" ({exc.context}"
            if exc.context_mark is not None and exc.problem_mark is not None:
                start = _mark_position(exc.context_mark)
                message += f" that starts at line {start[0]}, column {start[1]}"
            message += ")"
        return Problem(display, line, column, "", f"YAML syntax error: {message}")
    return Problem(display, 1, 1, "", f"YAML error: {exc}")


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
    loaded.text = text
    try:
        document = _Builder(yaml.parse(text, Loader=_PARSER), loaded, problems).document()
    except yaml.YAMLError as exc:
        problems.append(_syntax_problem(display, text, exc))
        return None
    if document is None:
        problems.append(Problem(display, 1, 1, "", "the file is empty"))
        return None
    loaded.data, position = document
    if not isinstance(loaded.data, expect):
        kind = "mapping (key: value lines)" if expect is dict else "list (- items)"
        problems.append(
            Problem(display, *position, "", f"the document must be a {kind} at the top level")
        )
        return None
    return loaded
