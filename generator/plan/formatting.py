"""How values read on a page: bilingual text, partial dates, numbers, targets and figures.

Everything returns HTML-safe :class:`~markupsafe.Markup`. Unknown values are never blank:
a missing date reads "not stated" and a missing English text shows the Chinese with a
"not yet translated" mark, both as marked-up text a reader (and a stylesheet) can see.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from markupsafe import Markup, escape

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


# A run of Chinese in English text: Han characters and the CJK punctuation between them.
HAN_RUN = re.compile(
    r"[\u3400-\u4dbf\u4e00-\u9fff](?:[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff5e]*"
    r"[\u3400-\u4dbf\u4e00-\u9fff\u3001-\u303f\uff01-\uff5e])?"
)


def mark_chinese(text: str) -> Markup:
    """English text with each Chinese phrase in it marked ``lang="zh-Hans"`` (so a screen
    reader reads it as Chinese), escaped."""
    if not HAN_RUN.search(text):
        return escape(text)
    parts: list[str] = []
    last = 0
    for match in HAN_RUN.finditer(text):
        parts.append(str(escape(text[last : match.start()])))
        parts.append(f'<span lang="zh-Hans">{escape(match.group())}</span>')
        last = match.end()
    parts.append(str(escape(text[last:])))
    return Markup("".join(parts))


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


class Formatter:
    """Formatting in one page language, with the interface catalog's ``gettext``."""

    def __init__(self, lang: str, gettext: Gettext) -> None:
        self.lang = lang
        self.gettext = gettext
        self._not_stated = Markup(
            f'<span class="not-stated">{escape(gettext("not stated"))}</span>'
        )
        self._untranslated = escape(gettext("not yet translated"))

    def not_stated(self) -> Markup:
        return self._not_stated

    def text(self, text: m.Text | None, plain: bool = False) -> Markup:
        """Bilingual text in the page language; Chinese marked "not yet translated"."""
        if text is None:
            return self.not_stated()
        if plain:
            return Markup(escape(plain_text(text, self.lang)))
        if self.lang == "zh":
            return escape(text.zh)
        if text.en:
            return mark_chinese(text.en)
        return Markup(
            f'<span lang="zh-Hans">{escape(text.zh)}</span> '
            f'<span class="untranslated">{self._untranslated}</span>'
        )

    def date(self, value: str | None) -> Markup:
        if value is None:
            return self.not_stated()
        return Markup(f'<time datetime="{escape(value)}">{date_words(value, self.lang)}</time>')

    def period(self, start: str | None, end: str | None) -> Markup:
        if start is None and end is None:
            return self.not_stated()
        if start == end:
            return self.date(start)
        return Markup(f"{self.date(start)} – {self.date(end)}")

    def number(self, value: float) -> str:
        return number_words(value, self.lang)

    def amount(
        self,
        value: float,
        value_max: float | None,
        unit: m.Text,
        per: m.Text | None = None,
        scope: str | None = None,
    ) -> Markup:
        return Markup(escape(self.amount_text(value, value_max, unit, per, scope)))

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

    def figure(self, comparator: str, amount: Markup) -> Markup:
        """A target or status value with its comparator: ``≥ 90% (at least)``."""
        symbol = COMPARATOR_SYMBOLS[comparator]
        if not symbol:
            return Markup(f'<span class="figure">{escape(amount)}</span>')
        words = self.gettext(COMPARATOR_WORDS[comparator])
        return Markup(
            f'<span class="figure"><span aria-hidden="true">{escape(symbol)} </span>'
            f'{escape(amount)}</span> <span class="comparator">({escape(words)})</span>'
        )

    def target(self, target: m.Quantity) -> Markup:
        amount = self.amount(target.value, target.value_max, target.unit, target.per, target.scope)
        return self.figure(target.comparator, amount)

    def status_value(self, status: m.Status) -> Markup:
        amount = self.amount(status.value, None, status.unit, status.per, status.scope)
        return self.figure(status.comparator, amount)

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
