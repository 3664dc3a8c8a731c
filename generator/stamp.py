"""Placeholders that a file is made with, and the stamp that puts the real values in.

Every page names the dataset version and release date (its footer and citations), and so
do each region's citation and API files. Both change with every data commit, so if pages
were made with them, a new commit would render every page again and make every region's
files again, though nothing but those words changed. Instead, pages and region files are
made with placeholders (:func:`generator.edition.placeholder`): a token such as
``\\ufdd0version\\ufdd1`` wherever the version goes, and one per form of each date (ISO,
year, RIS, words in each language, CSL date parts). What is made that way can be cached
whatever the version, and :class:`Stamp` replaces the tokens by the real values as the
file's bytes are read (``Stamped`` in :mod:`generator.sitefiles`).

The tokens are made of the noncharacters U+FDD0 and U+FDD1, which no data file or
archived text may hold (:mod:`generator.load.characters`), so a token in a file can only
be one the generator put there. A token the stamp does not know, or one that JSON
escaping spelled out (``\\\\ufdd0``), stops the build rather than ship a page with it.

A token for a list of numbers (CSL's date parts) stands in quotes where the numbers go:
the stamp replaces the quoted token (``"…"``, or ``&#34;…&#34;`` in HTML) with the
numbers, each after the same white space as the token, so the stamped JSON is laid out
as ``json.dumps`` lays out the real list.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from generator.cache import digest
from generator.errors import BuildError
from generator.sitefiles import content_digest

START, END = "\ufdd0", "\ufdd1"
_START_BYTES = START.encode("utf-8")
_ESCAPED = re.compile(rb"\\u[fF][dD][dD][01]")
_QUOTES = (b'"', b"&#34;", b"&quot;")
_TOKEN = re.compile(re.escape(_START_BYTES) + rb"([a-z.-]{1,40})" + re.escape(END.encode()))
_SPACES = frozenset(b" \t\r\n")


def _space_before(content: bytes, end: int) -> bytes:
    """The white space that ends at ``end`` (a JSON list's line break and indent)."""
    start = end
    while start > 0 and content[start - 1] in _SPACES:
        start -= 1
    return content[start:end]


def token(name: str) -> str:
    """The placeholder of ``name`` (``version``, ``released.year``, ...)."""
    return f"{START}{name}{END}"


def token_name(value: str) -> str | None:
    """The name of the placeholder ``value`` is, or ``None`` if it is not one."""
    if value.startswith(START) and value.endswith(END) and len(value) > 2:
        return value[1:-1]
    return None


class Stamp:
    """The real values of the placeholders: ``texts`` (name -> text, put in as written)
    and ``numbers`` (name -> a list of numbers, put in where the quoted token stands).
    It also remembers, for the files it has stamped, the digest and size of the stamped
    bytes by the digest of the unstamped ones (:attr:`known`, kept in the build cache), so
    a warm build knows a stamped file's digest without reading it."""

    def __init__(
        self,
        texts: Mapping[str, str],
        numbers: Mapping[str, list[int]],
        known: dict[str, tuple[str, int]] | None = None,
    ) -> None:
        self.identity = digest(repr(sorted(texts.items())), repr(sorted(numbers.items())))
        self.known: dict[str, tuple[str, int]] = known if known is not None else {}
        self.used: set[str] = set()  # the unstamped digests this build asked for
        self._texts = {name.encode(): text.encode("utf-8") for name, text in texts.items()}
        self._numbers = {name.encode(): parts for name, parts in numbers.items()}

    def apply(self, content: bytes, name: str) -> bytes:
        """``content`` with every placeholder replaced; :class:`BuildError` if one is
        left that this stamp does not know, or was escaped out of recognition."""
        if _START_BYTES in content:
            content = self._replaced(content, name)
        if _ESCAPED.search(content):
            raise BuildError(f"/{name} holds an escaped placeholder (\\ufdd0 or \\ufdd1)")
        return content

    def _replaced(self, content: bytes, name: str) -> bytes:
        pieces: list[bytes] = []
        last = 0
        for match in _TOKEN.finditer(content):  # the pattern starts with a literal: fast
            key, start, end = match.group(1), match.start(), match.end()
            text = self._texts.get(key)
            if text is not None:
                pieces += [content[last:start], text]
                last = end
                continue
            parts = self._numbers.get(key)
            quote = next((q for q in _QUOTES if content.endswith(q, 0, start)), None)
            if parts is None or quote is None or not content.startswith(quote, end):
                shown = match.group().decode("utf-8", "replace")
                raise BuildError(f"/{name} holds a placeholder with no value: {shown!r}")
            opening = start - len(quote)
            separator = b"," + _space_before(content, opening)
            pieces += [content[last:opening], separator.join(b"%d" % part for part in parts)]
            last = end + len(quote)
        pieces.append(content[last:])
        content = b"".join(pieces)
        if _START_BYTES in content:  # a start with no name or no end
            left = content[content.index(_START_BYTES) :][:40].decode("utf-8", "replace")
            raise BuildError(f"/{name} holds a placeholder with no value: {left!r}")
        return content

    def stamped(self, raw: bytes, raw_digest: str, name: str) -> bytes:
        """:meth:`apply`, remembering the stamped bytes' digest and size."""
        content = self.apply(raw, name)
        self.known[raw_digest] = (content_digest(content), len(content))
        self.used.add(raw_digest)
        return content

    def lookup(self, raw_digest: str) -> tuple[str, int] | None:
        """The digest and size of the stamped bytes, if a file of these unstamped bytes
        was stamped before."""
        found = self.known.get(raw_digest)
        if found is not None:
            self.used.add(raw_digest)
        return found

    def kept(self) -> dict[str, tuple[str, int]]:
        """What the next build with this stamp needs to know: this build's files."""
        return {raw: self.known[raw] for raw in self.used if raw in self.known}
