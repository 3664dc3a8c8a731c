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


# Characters that can start Markdown syntax; text without any is one plain paragraph.
_SYNTAX = re.compile(r"[\\`*_\[\]<>!#&|~=+\-]|^\s*\d+[.)]|\n\s*\n|^\s{4}", re.MULTILINE)


def render_markdown(source: str, *, inline: bool = False) -> Markup:
    """``source`` as HTML; raw HTML in it is shown as text, unsafe links are not links."""
    if "\n" not in source and source.strip() and not _SYNTAX.search(source):
        text = escape(source.strip())
        return Markup(text if inline else f"<p>{text}</p>\n")
    parser = _parser()
    html = parser.renderInline(source) if inline else parser.render(source)
    return Markup(html)
