"""The limits on what the loader reads, and how much of a bad value a message shows.

Each limit is far above what real atlas data needs and far below what could exhaust
the machine; data beyond one is an error with its ``path:line:col``, never a hang, a
memory blow-up or a ``RecursionError``. The largest real region file today is 61 kB
with 70 records and 7 levels of nesting; the largest source text is 15 kB. A whole
provincial five-year plan is about 100,000 characters (300 kB of UTF-8).
"""

from __future__ import annotations

import re

MAX_YAML_BYTES = 4_000_000  # one region file: 60 times the largest real one
MAX_SOURCE_BYTES = 4_000_000  # one archived source text: 13 times a whole provincial plan
MAX_DEPTH = 32  # nesting of mappings and lists; a region file needs 7
MAX_ITEMS = 5_000  # items in one list (goals, measures, notes...)
MAX_STRING = 20_000  # characters in one value; a long quote is a few hundred
MAX_KEY = 200  # characters in one key; the longest field name is 12
MAX_NUMBER_DIGITS = 40  # a plain scalar longer than this is never read as a number
MAX_PROBLEMS_PER_FILE = 200  # problems listed a file; the rest are counted
MAX_REPEATED = 10  # problems of one kind listed per file before the rest are counted
SHOWN = 60  # characters of a bad value that a message quotes


def prefix(text: str, limit: int = SHOWN) -> str:
    """At most ``limit`` characters of ``text``, with ``…`` when it was cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


# Quoted strings and comments (skipped), and flow brackets (counted).
_FLOW_TOKENS = re.compile(r"\"(?:[^\"\\\n]|\\.)*\"|'[^'\n]*'|(?<!\S)#[^\n]*|[\[\]{}]")


def flow_too_deep(text: str, limit: int = MAX_DEPTH) -> int | None:
    """The offset of the first flow bracket (``[`` or ``{``) nested deeper than ``limit``,
    or ``None``. A quick scan before parsing: libyaml's time grows with the square of the
    depth of flow nesting (10,000 levels take seconds)."""
    if text.count("[") + text.count("{") <= limit:
        return None
    depth = 0
    for match in _FLOW_TOKENS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > limit:
                return match.start()
        elif token in "]}":
            depth = max(0, depth - 1)
    return None
