"""Editor Markdown rendered safely: CommonMark without raw HTML, and only web, mail and
relative links (no ``javascript:``, ``data:`` or other schemes)."""

from __future__ import annotations

import re
from functools import cache
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markupsafe import Markup, escape

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})


def is_safe_link(url: str) -> bool:
    """True for http(s) and mailto links and for relative links (no scheme at all)."""
    cleaned = "".join(ch for ch in url if ch.isprintable() and not ch.isspace())
    scheme = urlsplit(cleaned).scheme.lower()
    return scheme in ALLOWED_SCHEMES if scheme else not cleaned.startswith("//")


@cache
def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    parser.validateLink = is_safe_link  # type: ignore[method-assign]
    return parser


# A single line without these characters, and without one of the block markers at its
# start, is one plain paragraph: it is escaped directly instead of parsed (most summaries
# are plain sentences, and parsing is the dearest part of rendering a region page).
# tests/test_render_safety.py holds the shortcut to markdown-it's output for such lines.
_INLINE_SYNTAX = re.compile(r"[\\`*_\[\]<>&]")
_BLOCK_START = re.compile(r"^(?:\s*[-+*#>=~|]|\s*\d+[.)]|\s{4}|\s*\t)")


def is_plain(source: str) -> bool:
    """True when ``source`` renders as one paragraph of its own text."""
    return (
        bool(source.strip())
        and "\n" not in source
        and "\r" not in source
        and "\0" not in source
        and not _INLINE_SYNTAX.search(source)
        and not _BLOCK_START.match(source)
    )


# **strong** around word characters, the one piece of syntax summaries use most.
_STRONG = re.compile(r"(?<!\*)\*\*(\w(?:[^*]*\w)?)\*\*(?!\*)")


def _plain_or_strong(source: str) -> Markup | None:
    """``source`` as inline HTML when it is plain text with only simple **strong** spans;
    None when it needs the full parser."""
    if not _STRONG.search(source):
        return escape(source.strip()) if is_plain(source) else None
    if not is_plain(_STRONG.sub("x", source)) or any(
        _INLINE_SYNTAX.search(match.group(1)) for match in _STRONG.finditer(source)
    ):
        return None
    pieces: list[str] = []
    last = 0
    for match in _STRONG.finditer(source):
        pieces.append(str(escape(source[last : match.start()])))
        pieces.append(f"<strong>{escape(match.group(1))}</strong>")
        last = match.end()
    pieces.append(str(escape(source[last:])))
    return Markup("".join(pieces).strip())


def render_markdown(source: str, *, inline: bool = False) -> Markup:
    """``source`` as HTML; raw HTML in it is shown as text, unsafe links are not links."""
    simple = _plain_or_strong(source)
    if simple is not None:
        return simple if inline else Markup(f"<p>{simple}</p>\n")
    parser = _parser()
    html = parser.renderInline(source) if inline else parser.render(source)
    return Markup(html)
