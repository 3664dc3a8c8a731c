"""The interface text: every English msgid the site uses has a Chinese translation with the
same placeholders, so no Chinese page shows an English label."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

from generator.plan import formatting
from generator.render import renderer as render
from generator.render.i18n import catalog_path

REPO = Path(__file__).resolve().parent.parent
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2)}
PLACEHOLDER = re.compile(r"%\([a-z_]+\)s|\{[a-z_]+\}")


def _catalog() -> dict[str, str]:
    with catalog_path("zh").open("rb") as handle:
        return {_msgid(m.id): _msgid(m.string) for m in read_po(handle) if m.id}


def _msgid(message: object) -> str:
    """A plural message is (singular, plural): the singular stands for it."""
    if isinstance(message, (tuple, list)):
        return str(message[0])
    return str(message or "")


def used_msgids() -> dict[str, str]:
    """Every msgid in templates/ and in the generator's Python, with where it is used."""
    found: dict[str, str] = {}
    for path in sorted((REPO / "templates").glob("*.html")):
        for line, message, _, _ in extract_from_file(
            "jinja2", path, keywords=KEYWORDS, options={"extensions": "jinja2.ext.i18n"}
        ):
            found.setdefault(_msgid(message), f"{path.name}:{line}")
    for path in sorted((REPO / "generator").rglob("*.py")):
        for line, message, _, _ in extract_from_file("python", path, keywords=KEYWORDS):
            found.setdefault(_msgid(message), f"{path.relative_to(REPO)}:{line}")
    tables = list(formatting.COMPARATOR_WORDS.values()) + [label for _, _, label in render.NAV]
    for message in tables:
        found.setdefault(message, "a label table in generator/")
    return found


def test_templates_use_the_catalog() -> None:
    assert len(used_msgids()) > 100


@pytest.mark.parametrize(("msgid", "where"), sorted(used_msgids().items()))
def test_every_msgid_has_a_chinese_translation(msgid: str, where: str) -> None:
    translation = _catalog().get(msgid, "")
    assert translation, f"{where}: {msgid!r} has no translation in {catalog_path('zh')}"
    assert sorted(PLACEHOLDER.findall(translation)) == sorted(PLACEHOLDER.findall(msgid))


def test_no_msgid_has_a_bare_percent_sign() -> None:
    """Jinja formats every translated string with %: a lone % would fail the build."""
    for msgid in used_msgids():
        assert "%" not in PLACEHOLDER.sub("", msgid).replace("%%", ""), msgid
