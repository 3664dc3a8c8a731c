"""Slice a quote out of an archived source text, so that no quote is ever retyped.

    python scripts/quote.py data/sources/beijing/work-plan.txt '按照《' '32号)要求'

prints the text from the first occurrence of START through the end of the first
occurrence of END after it, verbatim (capture damage included), as a YAML double-quoted
string ready to paste. Exit status 1 when either end is not found.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def slice_quote(text: str, start: str, end: str) -> str | None:
    """The text from ``start`` through ``end`` (its first occurrence after ``start``)."""
    begin = text.find(start)
    if begin < 0:
        return None
    stop = text.find(end, begin)
    if stop < 0:
        return None
    return text[begin : stop + len(end)]


def main(argv: list[str]) -> int:
    if len(argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    text = Path(argv[1]).read_text(encoding="utf-8")
    quote = slice_quote(text, argv[2], argv[3])
    if quote is None:
        print(f"not found: {argv[2]!r} … {argv[3]!r}", file=sys.stderr)
        return 1
    print(json.dumps(quote, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
