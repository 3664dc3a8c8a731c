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

import bisect
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.errors import Problem
from generator.load import limits
from generator.load.characters import (
    NOT_ALLOWED_IN_TEXT,
    clean_characters,
    decode_utf8,
    describe_character,
    escape_column,
    hint_for,
)
from generator.load.safe_read import Unreadable, read_inside

Loc = tuple[str | int, ...]
Position = tuple[int, int]  # 1-based line and column

_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_FLOAT = re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$")
_NULLS = {"", "~", "null"}
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


_OTHER_LINE_BREAKS = re.compile("[\x85\u2028\u2029]")


def mark_positions(text: str) -> Callable[[Any], Position]:
    """How a parser's mark in ``text`` reads as the line and column an editor shows. The
    YAML parser also counts U+0085, U+2028 and U+2029 (next line, line and paragraph
    separators, allowed in a file) as line breaks, which editors do not: in a text that
    holds one, the position is counted from the mark's character offset, on line feeds
    alone."""
    if not _OTHER_LINE_BREAKS.search(text):
        return _mark_position
    starts = [0, *(found.end() for found in re.finditer("\n", text))]

    def position(mark: Any) -> Position:
        if mark is None:
            return (1, 1)
        line = bisect.bisect_right(starts, mark.index)
        return line, mark.index - starts[line - 1] + 1

    return position


# libyaml's parser when PyYAML has it (ten times faster); PyYAML's own otherwise
_PARSER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LimitPassed(Exception):
    """A limit was passed (and reported): the rest of the file is not read."""


class _Builder:
    """Builds plain Python values from the parser's events, recording where each stands.

    Working on events rather than PyYAML's node graph keeps every implicit type
    resolution out of the way: a plain scalar is text unless :meth:`_scalar` says
    otherwise, and anchors, aliases and tags are seen, and refused, as written. An alias
    is never expanded (it reads as null), so a "billion laughs" costs nothing; nesting,
    list length and string length are bounded (:mod:`generator.load.limits`): the first
    limit passed is reported at its place and the rest of the file is not read.
    """

    def __init__(
        self,
        events: Iterator[yaml.Event],
        loaded: LoadedFile,
        problems: list[Problem],
        lines: list[str],
    ) -> None:
        self.events = events
        self.loaded = loaded
        self.problems = problems
        self.lines = lines
        self.position_of = mark_positions(loaded.text)
        self.counts: dict[str, int] = {}
        self.first_unlisted: dict[str, tuple[Position, Loc]] = {}

    def error(self, pos: Position, loc: Loc, message: str, hint: str | None = None) -> None:
        field_path = ".".join(str(part) for part in loc)
        self.problems.append(
            Problem(self.loaded.display, pos[0], pos[1], field_path, message, hint=hint)
        )

    def error_once_in(
        self, kind: str, pos: Position, loc: Loc, message: str, hint: str | None = None
    ) -> None:
        """Report the first :data:`~limits.MAX_REPEATED` problems of a ``kind``, then count
        the rest (the count stands where the first unlisted one does)."""
        self.counts[kind] = self.counts.get(kind, 0) + 1
        if self.counts[kind] <= limits.MAX_REPEATED:
            self.error(pos, loc, message, hint)
        elif self.counts[kind] == limits.MAX_REPEATED + 1:
            self.first_unlisted[kind] = (pos, loc)

    def summarise_repeats(self) -> None:
        for kind, (pos, loc) in self.first_unlisted.items():
            unlisted = self.counts[kind] - limits.MAX_REPEATED
            self.error(pos, loc, f"{unlisted} more {kind} from here on, not listed one by one")

    def document(self) -> tuple[Any, Position] | None:
        """The one document's value and position; ``None`` for a file with no document."""
        found: tuple[Any, Position] | None = None
        for event in self.events:
            if isinstance(event, yaml.DocumentStartEvent):
                if found is not None:
                    self.error(
                        self.position_of(event.start_mark),
                        (),
                        "expected a single document in the stream, but found another document",
                        hint="a region file holds one document: remove "
                        "the '---' line and what follows it, or merge the two",
                    )
                    break
                first = next(self.events)
                found = self.build(first, ()), self.position_of(first.start_mark)
        self.summarise_repeats()
        return found

    def build(self, event: yaml.Event, loc: Loc) -> Any:
        position = self.position_of(event.start_mark)
        self.loaded.values[loc] = position
        if isinstance(event, yaml.AliasEvent):
            self.error_once_in(
                "anchors and aliases",
                position,
                loc,
                f"alias '*{limits.prefix(str(event.anchor))}' is not allowed",
                _ANCHOR_HINT,
            )
            return None  # never expanded
        self._refuse_anchor_and_tag(event, position, loc)
        if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            if len(loc) >= limits.MAX_DEPTH:
                self.error(
                    position,
                    loc[: limits.MAX_DEPTH // 4],
                    f"nested more than {limits.MAX_DEPTH} levels deep",
                    hint="a region file needs a handful of levels; this is not atlas data",
                )
                raise _LimitPassed
            if isinstance(event, yaml.MappingStartEvent):
                return self._mapping(loc)
            return self._sequence(loc)
        return self._scalar(event, position, loc)

    def _refuse_anchor_and_tag(self, event: yaml.Event, position: Position, loc: Loc) -> None:
        anchor = getattr(event, "anchor", None)
        if anchor:
            self.error_once_in(
                "anchors and aliases",
                position,
                loc,
                f"anchor '&{limits.prefix(str(anchor))}' is not allowed",
                _ANCHOR_HINT,
            )
        tag = getattr(event, "tag", None)
        if tag not in (None, "!"):
            shown = limits.prefix(str(tag).replace("tag:yaml.org,2002:", "!!"))
            self.error_once_in(
                "tags",
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
            if len(items) == limits.MAX_ITEMS:
                self.error(
                    self.position_of(event.start_mark),
                    (*loc, len(items)),
                    f"more than {limits.MAX_ITEMS:,} items in one list",
                    hint="split the data into several region files",
                )
                raise _LimitPassed
            items.append(self.build(event, (*loc, len(items))))
        return items

    def _mapping(self, loc: Loc) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, Position] = {}
        for key_event in self.events:
            if isinstance(key_event, yaml.MappingEndEvent):
                break
            key_pos = self.position_of(key_event.start_mark)
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
        if len(event.value) > limits.MAX_KEY:
            self.error(
                position,
                loc,
                f"key '{limits.prefix(event.value)}' is longer than {limits.MAX_KEY} characters",
            )
            raise _LimitPassed
        key = str(event.value)
        if not NOT_ALLOWED_IN_TEXT.search(key):  # the usual key: nothing to report or remove
            return key
        shown = NOT_ALLOWED_IN_TEXT.sub("", key) or "?"
        return self._checked_text(key, position, (*loc, shown), where="a key")

    def _checked_text(self, text: str, position: Position, loc: Loc, where: str = "text") -> str:
        """``text`` with each forbidden character (written as an escape: the raw file was
        checked before parsing) reported and removed. Each escape is looked for after the
        one before it, so that two of them are not both placed at the first."""
        if not NOT_ALLOWED_IN_TEXT.search(text):
            return text
        after = position
        for match in NOT_ALLOWED_IN_TEXT.finditer(text):
            line, column = escape_column(self.lines, *after, match.group())
            after = (line, column + 1)
            self.error_once_in(
                "forbidden characters",
                (line, column),
                loc,
                f"{describe_character(match.group())} (written as an escape) is not allowed "
                f"in {where}",
                hint=hint_for(match.group(), column),
            )
        return NOT_ALLOWED_IN_TEXT.sub("", text)

    def _scalar(self, event: yaml.Event, position: Position, loc: Loc) -> Any:
        assert isinstance(event, yaml.ScalarEvent)
        text = str(event.value)
        if len(text) > limits.MAX_STRING:
            self.error(
                position,
                loc,
                f"a value of {len(text):,} characters, more than the limit of "
                f"{limits.MAX_STRING:,}: '{limits.prefix(text)}'",
                hint="quote the sentences that hold the figure, not the whole document",
            )
            raise _LimitPassed
        text = self._checked_text(text, position, loc)
        if event.style not in (None, ""):
            return text  # quoted or block scalars are always strings
        if text in _NULLS:
            return None
        if text in ("true", "false"):
            return text == "true"
        if len(text) <= limits.MAX_NUMBER_DIGITS and _INT.match(text):
            return int(text)
        if (
            len(text) <= limits.MAX_NUMBER_DIGITS
            and _FLOAT.match(text)
            and math.isfinite(float(text))
        ):
            return float(text)
        return text  # including 1.0e999, which no number can hold


def _offset_position(text: str, offset: int) -> Position:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _within(text: str, position: Position) -> Position:
    """``position``, or the end of the text when the parser points past it (libyaml does at
    the end of a file without a final line break)."""
    lines = text.split("\n")
    if position[0] <= len(lines):
        return position
    return len(lines), len(lines[-1]) + 1


def _syntax_problem(display: str, text: str, exc: yaml.YAMLError) -> Problem:
    if isinstance(exc, yaml.MarkedYAMLError):
        line, column = _within(text, mark_positions(text)(exc.problem_mark or exc.context_mark))
        message = exc.problem or exc.context or "cannot be read"
        if exc.context and exc.problem:
            message += f" ({exc.context}"
            if exc.context_mark is not None and exc.problem_mark is not None:
                start = mark_positions(text)(exc.context_mark)
                message += f" that starts at line {start[0]}, column {start[1]}"
            message += ")"
        return Problem(display, line, column, "", f"YAML syntax error: {message}")
    return Problem(display, 1, 1, "", f"YAML error: {exc}")


def load_yaml(
    path: Path, display: str, expect: type, problems: list[Problem], root: Path | None = None
) -> LoadedFile | None:
    """Load one YAML file strictly. Problems are appended; ``None`` means unusable.

    The file must be a regular file inside ``root`` (its own folder by default) once every
    link is followed, and no larger than :data:`~limits.MAX_YAML_BYTES`."""
    loaded = LoadedFile(path=path, display=display)
    raw = read_inside(path, root or path.parent, limits.MAX_YAML_BYTES, "file")
    if isinstance(raw, Unreadable):
        problems.append(Problem(display, 1, 1, "", raw.message, hint=raw.hint))
        return None
    raw = raw.removeprefix(b"\xef\xbb\xbf")  # a byte-order mark is not part of the text
    before = len(problems)
    text = decode_utf8(raw, display, problems)
    loaded.damaged = len(problems) > before
    text = clean_characters(text, display, problems)
    loaded.text = text
    too_deep = limits.flow_too_deep(text)
    if too_deep is not None:  # libyaml takes seconds on 10,000 nested brackets: refuse first
        line, column = _offset_position(text, too_deep)
        problems.append(
            Problem(
                display,
                line,
                column,
                "",
                f"brackets nested more than {limits.MAX_DEPTH} levels deep",
                hint="a region file needs a handful of levels; this is not atlas data",
            )
        )
        return None
    try:
        builder = _Builder(yaml.parse(text, Loader=_PARSER), loaded, problems, text.split("\n"))
        document = builder.document()
    except yaml.YAMLError as exc:
        problems.append(_syntax_problem(display, text, exc))
        return None
    except _LimitPassed:
        return None  # beyond a limit it is not atlas data: nothing more is read
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
