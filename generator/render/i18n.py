"""The interface text catalogs: English msgids, translated to Chinese by the zh_Hans
catalog (a Babel PO file, compiled in memory; no .mo files are kept)."""

from __future__ import annotations

import gettext as gettext_module
from functools import cache
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from generator.errors import BuildError

LOCALE_DIR = Path(__file__).parent / "locale"
LANGS = ("zh", "en")
CATALOG_LOCALE = {"zh": "zh_Hans"}


def catalog_path(lang: str) -> Path:
    return LOCALE_DIR / CATALOG_LOCALE[lang] / "LC_MESSAGES" / "messages.po"


@cache
def translations(lang: str) -> gettext_module.NullTranslations:
    """The compiled catalog for ``lang``; English uses the msgids themselves."""
    if lang not in CATALOG_LOCALE:
        return gettext_module.NullTranslations()
    path = catalog_path(lang)
    try:
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=CATALOG_LOCALE[lang])
    except (OSError, ValueError) as exc:
        raise BuildError(f"cannot read the interface catalog {path}: {exc}") from exc
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext_module.GNUTranslations(compiled)
