"""Parsing built pages for structural assertions (html5lib, as a browser parses)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator

import html5lib  # type: ignore[import-untyped]


def parse(html: bytes | str) -> ET.Element:
    """The page as an element tree, without namespaces (tags are plain ``a``, ``table``)."""
    parsed: ET.Element = html5lib.parse(html, namespaceHTMLElements=False)
    return parsed


def text_of(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def by_id(root: ET.Element, element_id: str) -> ET.Element | None:
    return next((e for e in root.iter() if e.get("id") == element_id), None)


def ids(root: ET.Element) -> set[str]:
    return {e.get("id", "") for e in root.iter() if e.get("id")}


def all_of(root: ET.Element, tag: str, **attrs: str) -> list[ET.Element]:
    return [e for e in root.iter(tag) if all(e.get(k) == v for k, v in attrs.items())]


def with_class(root: ET.Element, cls: str) -> Iterator[ET.Element]:
    return (e for e in root.iter() if cls in (e.get("class") or "").split())
