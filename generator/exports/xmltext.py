"""Text and attribute values for the XML outputs (Atom feeds, sitemap).

Escaping alone is not enough for XML: some characters (NUL, most other C0 controls,
U+FFFE, U+FFFF, lone surrogates) cannot be written in an XML 1.0 document at all, not
even as character references, and one of them makes the whole feed unreadable. The
validator already refuses them in the data; these escapers refuse them again, as a
build error, so no path can put one into ``feed.xml`` or ``sitemap.xml``.
"""

from __future__ import annotations

import re

from generator.errors import BuildError

_NOT_XML = re.compile("[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_TEXT_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_ATTRIBUTE_ESCAPES = {**_TEXT_ESCAPES, '"': "&quot;", "\t": "&#9;", "\n": "&#10;", "\r": "&#13;"}


def _refuse_forbidden(value: str) -> None:
    match = _NOT_XML.search(value)
    if match:
        raise BuildError(
            f"U+{ord(match.group()):04X} at character {match.start() + 1} of "
            f"'{value[:60]}' cannot be written in XML"
        )


def xml_text(value: str) -> str:
    """``value`` as XML character data; :class:`BuildError` for a character XML forbids."""
    _refuse_forbidden(value)
    return re.sub("[&<>]", lambda m: _TEXT_ESCAPES[m.group()], value)


def xml_attribute(value: str) -> str:
    """``value`` as a double-quoted XML attribute value (quotes included)."""
    _refuse_forbidden(value)
    return '"' + re.sub('[&<>"\t\n\r]', lambda m: _ATTRIBUTE_ESCAPES[m.group()], value) + '"'
