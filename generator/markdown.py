"""Editor Markdown rendered safely: CommonMark without raw HTML, and only web, mail and
relative links (no ``javascript:``, ``data:`` or other schemes)."""

from __future__ import annotations

from functools import cache
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markupsafe import Markup

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})


def is_safe_link(url: str) -> bool:
    """True for http(s) and mailto links and for relative links (no scheme at all)."""
    cleaned = "".join(ch for ch in url if ch.isprintable() and not ch.isspace())
    scheme = urlsplit(cleaned).scheme.lower()
    return scheme in ALLOWED_SCHEMES if scheme else not cleaned.startswith("//")


@cache
def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    parser.validateLink = is_safe_link
    return parser


def render_markdown(source: str, *, inline: bool = False) -> Markup:
    """``source`` as HTML; raw HTML in it is shown as text, unsafe links are not links."""
    parser = _parser()
    html = parser.renderInline(source) if inline else parser.render(source)
    return Markup(html)
