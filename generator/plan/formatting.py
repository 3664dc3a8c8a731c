"""How values read, as plain text: bilingual text, partial dates, numbers and figures.

One wording for every place a value is written: pages (through the HTML formatter of
:mod:`generator.render.markup`, which wraps these words in markup), charts, search
results, exports and feeds. Nothing here makes HTML.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from generator.load import model as m

Gettext = Callable[[str], str]

COMPARATOR_SYMBOLS = {
    "at-least": "≥",
    "more-than": ">",
    "about": "≈",
    "exactly": "",
    "at-most": "≤",
    "between": "",
}
# English msgids of the comparator words; the catalog translates them.
COMPARATOR_WORDS = {
    "at-least": "at least",
    "more-than": "more than",
    "about": "about",
    "exactly": "exactly",
    "at-most": "at most",
    "between": "between",
}
# English msgids of the scopes (tiers) a figure is counted at; the catalog translates them.
SCOPE_WORDS = {
    "national": "national level",
    "provincial": "provincial level",
    "city": "city level",
    "district": "district level",
    "county": "county level",
    "school": "school level",
}
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
HTML_LANG = {"zh": "zh-Hans", "en": "en"}


def plain_text(text: m.Text | None, lang: str) -> str:
    """The text in ``lang`` as plain characters (Chinese when no English is recorded)."""
    if text is None:
        return ""
    return (text.en or text.zh) if lang == "en" else text.zh


def shorten(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, an ellipsis marking the cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


@cache
def date_words(value: str, lang: str) -> str:
    """A partial date as words: 2026 / 2026年7月 / 2026年7月1日; 2026 / July 2026 / 1 July 2026."""
    parts = [int(p) for p in value.split("-")]
    if lang == "zh":
        return "".join(f"{n}{unit}" for n, unit in zip(parts, "年月日", strict=False))
    if len(parts) == 1:
        return str(parts[0])
    month = MONTHS[parts[1] - 1]
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{parts[2]} {month} {parts[0]}"


def number_words(value: float, lang: str) -> str:
    """A number as the source would write it: no trailing .0, thousands grouped in English."""
    if isinstance(value, float) and not value.is_integer():
        whole, _, fraction = repr(value).partition(".")
        grouped = f"{int(whole):,}" if lang == "en" else whole
        return f"{grouped}.{fraction}"
    return f"{int(value):,}" if lang == "en" else str(int(value))


def plain_figure(comparator: str, amount: str) -> str:
    """A figure as plain text: its comparator's symbol, then the amount."""
    return f"{COMPARATOR_SYMBOLS[comparator]} {amount}".strip()


class Wording:
    """Plain-text wording in one page language, with the interface catalog's ``gettext``:
    what charts, search results and feeds say. The HTML forms of the same values are made
    by :class:`generator.render.markup.Formatter`, which extends this class."""

    def __init__(self, lang: str, gettext: Gettext) -> None:
        self.lang = lang
        self.gettext = gettext

    def number(self, value: float) -> str:
        return number_words(value, self.lang)

    def amount_text(
        self,
        value: float,
        value_max: float | None,
        unit: m.Text,
        per: m.Text | None = None,
        scope: str | None = None,
    ) -> str:
        """``90%``, ``1–2 studios``, ``6所``, ``5 lessons per term``, ``每学期5节``,
        ``200 teachers (county level)``, ``200人(县级)``."""
        figure = self.number(value)
        if value_max is not None:
            figure += "–" + self.number(value_max)
        unit_text = plain_text(unit, self.lang)
        joiner = "" if self.lang == "zh" or unit_text.startswith("%") else " "
        words = f"{figure}{joiner}{unit_text}"
        if per is not None:
            per_text = plain_text(per, self.lang)
            words = f"{per_text}{words}" if self.lang == "zh" else f"{words} {per_text}"
        if scope is not None:
            tier = self.gettext(SCOPE_WORDS[scope])
            words = f"{words}({tier})" if self.lang == "zh" else f"{words} ({tier})"
        return words

    def plain_target(self, target: m.Quantity) -> str:
        """The target as plain text, for chart labels and search results: ``≥ 90%``."""
        amount = self.amount_text(
            target.value, target.value_max, target.unit, target.per, target.scope
        )
        return plain_figure(target.comparator, amount)

    def plain_status(self, status: m.Status) -> str:
        """A figure reached as plain text, worded as the page words it: ``≥ 200M``."""
        amount = self.amount_text(status.value, None, status.unit, status.per, status.scope)
        return plain_figure(status.comparator, amount)
