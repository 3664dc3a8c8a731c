"""The HTML form of a value: the wording of :mod:`generator.plan.formatting` in markup.

Everything returns HTML-safe :class:`~markupsafe.Markup`. Unknown values are never blank:
a missing date reads "not stated" and a missing English text shows the Chinese with a
"not yet translated" mark, both as marked-up text a reader (and a stylesheet) can see.
Templates receive a :class:`Formatter` as ``fmt``; record snippets use it too.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from generator.edition import date_token_form
from generator.load import model as m
from generator.plan.formatting import (
    COMPARATOR_SYMBOLS,
    COMPARATOR_WORDS,
    Gettext,
    Wording,
    date_words,
    plain_text,
)

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


class Formatter(Wording):
    """Values as HTML in one page language."""

    def __init__(self, lang: str, gettext: Gettext) -> None:
        super().__init__(lang, gettext)
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
        words = date_token_form(value, f"words-{self.lang}")  # the edition's placeholder
        if words is None:
            words = date_words(value, self.lang)
        return Markup(f'<time datetime="{escape(value)}">{words}</time>')

    def period(self, start: str | None, end: str | None) -> Markup:
        if start is None and end is None:
            return self.not_stated()
        if start == end:
            return self.date(start)
        return Markup(f"{self.date(start)} – {self.date(end)}")

    def amount(
        self,
        value: float,
        value_max: float | None,
        unit: m.Text,
        per: m.Text | None = None,
        scope: str | None = None,
    ) -> Markup:
        return Markup(escape(self.amount_text(value, value_max, unit, per, scope)))

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
