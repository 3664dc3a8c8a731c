"""Which characters the data may hold, and where a forbidden one stands.

One rule for every text the atlas reads, YAML files and archived source texts alike: no
control characters but tab and line breaks, no bidi controls (which reorder what a
reader sees, "Trojan Source"), no zero-width characters (which make two equal-looking
ids or names differ), no noncharacters and no lone surrogates. They are invisible in
most editors, break XML (``feed.xml``) and put NUL bytes into pages, so each one is
reported with its line and column, named, and read as a space so the file's other
problems still show. A string written with an escape (``"\\x01"``, ``"\\u202e"``) is
checked after the escape is read, so that spelling does not slip past.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from generator.errors import Problem

_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_ZERO_WIDTH = "\u180e\u200b-\u200d\u2060-\u2064\ufeff"
_NONCHARACTERS = "\ufdd0-\ufdef\ufffe\uffff"
_SURROGATES = "\ud800-\udfff"

# In a whole file: what PyYAML's reader refuses (it would stop at the first one, without a
# line), the invisible characters above and the noncharacters (the generator's own
# placeholders are made of U+FDD0 and U+FDD1: generator/stamp.py). Tab, line feed and
# carriage return are fine.
NOT_ALLOWED_IN_FILE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
    f"|[{_BIDI}{_ZERO_WIDTH}{_NONCHARACTERS}]"
)
# In a text value, after escapes are read: tab and line feed only.
NOT_ALLOWED_IN_TEXT = re.compile(
    f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}{_ZERO_WIDTH}{_NONCHARACTERS}{_SURROGATES}]"
)
_MAX_BAD_LINES = 5  # a file in another encoding is wrong on every line: name a few
MAX_REPORTED = 10  # a file in the wrong format is wrong everywhere: name the first few

_NAMED_ESCAPES = {
    0x00: "\\0",
    0x07: "\\a",
    0x08: "\\b",
    0x0B: "\\v",
    0x0C: "\\f",
    0x0D: "\\r",
    0x1B: "\\e",
    0x85: "\\N",
}


def describe_character(char: str) -> str:
    """``U+202E RIGHT-TO-LEFT OVERRIDE (a bidi control)`` and the like."""
    code = ord(char)
    name = unicodedata.name(char, "")
    if re.fullmatch(f"[{_BIDI}]", char):
        kind = "bidi control"
    elif re.fullmatch(f"[{_ZERO_WIDTH}]", char):
        kind = "zero-width character"
    elif re.fullmatch(f"[{_SURROGATES}]", char):
        kind = "lone surrogate"
    elif re.fullmatch(f"[{_NONCHARACTERS}]", char):
        kind = "noncharacter"
    else:
        kind = "control character"
    return f"{kind} U+{code:04X}" + (f" {name}" if name else "")


def hint_for(char: str, column: int) -> str:
    """The hint naming the character and where it stands on its line."""
    return (
        f"delete the U+{ord(char):04X} at column {column}: invisible in most editors, it is "
        "often left behind by copying from a web page or a PDF"
    )


def forbidden_in_lines(text: str) -> Iterator[tuple[int, int, str]]:
    """Line, column (1-based) and character of every character a file may not hold."""
    if not NOT_ALLOWED_IN_FILE.search(text):
        return
    for number, line in enumerate(text.split("\n"), start=1):
        for match in NOT_ALLOWED_IN_FILE.finditer(line):
            yield number, match.start() + 1, match.group()


def check_file_characters(text: str, display: str, problems: list[Problem]) -> str:
    """Report each forbidden character of a file (the first :data:`MAX_REPORTED`, then a
    count) and return the text with each one made a space, so columns stay as written."""
    found = list(forbidden_in_lines(text))
    for line, column, char in found[:MAX_REPORTED]:
        problems.append(
            Problem(
                display, line, column, "", describe_character(char), hint=hint_for(char, column)
            )
        )
    if len(found) > MAX_REPORTED:
        line, column, _ = found[MAX_REPORTED]
        problems.append(
            Problem(
                display,
                line,
                column,
                "",
                f"{len(found) - MAX_REPORTED} more forbidden character(s)",
                hint="is this a text file? save it as plain UTF-8 text",
            )
        )
    return NOT_ALLOWED_IN_FILE.sub(" ", text) if found else text


def escape_spellings(char: str) -> list[str]:
    """How a double-quoted YAML string can spell ``char`` as an escape (lowercase)."""
    code = ord(char)
    spellings = [f"\\x{code:02x}", f"\\u{code:04x}", f"\\U{code:08x}".lower()]
    if code in _NAMED_ESCAPES:
        spellings.append(_NAMED_ESCAPES[code])
    return spellings


def escape_column(lines: list[str], line: int, column: int, char: str) -> tuple[int, int]:
    """Where, from ``line``:``column`` on, the escape that wrote ``char`` stands; the start
    when it cannot be found."""
    spellings = escape_spellings(char)
    for number in range(line, min(line + 200, len(lines) + 1)):
        text = lines[number - 1].lower()
        start = column - 1 if number == line else 0
        hits = [text.find(s, start) for s in spellings]
        hits = [h for h in hits if h >= 0]
        if hits:
            return number, min(hits) + 1
    return line, column


def decode_utf8(raw: bytes, display: str, problems: list[Problem]) -> str:
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


def clean_characters(text: str, display: str, problems: list[Problem]) -> str:
    """Report tabs and forbidden characters, and return the text with each made a space."""
    for number, line in enumerate(text.split("\n"), start=1) if "\t" in text else ():
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
    return check_file_characters(text.replace("\t", " "), display, problems)
