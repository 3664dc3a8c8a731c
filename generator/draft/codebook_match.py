"""A theme or indicator for a passage, where the codebook's own words match it.

A theme's keywords are the terms of its Chinese name and definition (人工智能课程, 课时,
教材, 社团 …, split at 、,与和及); the theme whose terms occur most often in the passage,
title and body alike, is proposed (it agrees with the curated theme of 32 of 70 numbered
measures: the editor decides). An indicator is proposed only when its unit
is the figure's unit and most of its name's terms occur in the passage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.load import model as m

_SPLIT = re.compile(r"[、,,。;;与和及等的中在以/()()“”]+")
_GENERIC = {"人工智能", "教育", "应用", "建设", "使用", "开展", "其他", "借助", "面向"}


def terms(text: str) -> list[str]:
    """The terms of a codebook text: its parts between 、,与和及 of two characters or more."""
    parts = [p.strip() for p in _SPLIT.split(text)]
    return [p for p in parts if len(p) >= 2 and p not in _GENERIC]


@dataclass(frozen=True)
class ThemeChoice:
    theme: str
    matched: tuple[str, ...]  # the keywords that matched; empty when none did


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _term_hits(term: str, text: str) -> int:
    """2 when the term occurs; 1 when a run of most of it does (人工智能课程 in
    人工智能教育课程 is not, 教师培训 in 教师人工智能培训 is not either; 素养培养 in 素养 培养
    is); else 0."""
    if term in text:
        return 2
    run = max(4, len(term) - 1)
    return int(len(term) > 4 and any(term[i : i + run] in text for i in range(len(term) - run + 1)))


def choose_theme(themes: list[m.Theme], title: str, body: str, fallback: str) -> ThemeChoice:
    """The theme whose keywords the title and body use most; ``fallback`` when none match."""
    best: tuple[int, str, tuple[str, ...]] = (0, fallback, ())
    for theme in themes:
        words = terms(theme.name.zh) + terms(theme.definition.zh)
        score, matched = 0, []
        for word in dict.fromkeys(words):
            hit = _term_hits(word, title) + _term_hits(word, body)
            if hit:
                score += hit
                matched.append(word)
        if score > best[0]:
            best = (score, theme.id, tuple(matched))
    return ThemeChoice(best[1], best[2])


def choose_indicator(indicators: list[m.Indicator], unit: str, passage: str) -> str | None:
    """The indicator measuring the figure: same unit, and its name's terms in the passage."""
    for indicator in indicators:
        if not unit or indicator.unit.zh[:1] != unit[:1]:
            continue
        words = [w for part in indicator.name.zh.split("/") for w in terms(part)]
        if words and sum(1 for w in words if _term_hits(w, passage)) * 2 > len(words):
            return indicator.id
    return None
