"""Queries for the search tests, chosen from the real atlas so they keep working as the data
grows: a phrase that only the traditional-character source holds, typed in simplified
characters; a phrase of a simplified-character record, typed in traditional characters; and
an English word of an English statement."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import opencc

from generator.load.validate import ValidatedAtlas

HAN_RUN = re.compile(r"[\u4e00-\u9fff]{4,}")
WORD = re.compile(r"[A-Za-z]{7,}")
PHRASE_LENGTH = 4


@dataclass(frozen=True)
class SearchCase:
    """What a reader types, and the URL prefix (and anchor) a result must land on."""

    query: str
    region: str
    expect_url_prefix: str  # site-relative, e.g. "regions/chengdu/sources/summary/"
    anchor: str | None = None  # e.g. "goal-ai-courses" when a record must be found


def _windows(text: str) -> Iterator[tuple[int, str]]:
    """Every run of PHRASE_LENGTH Chinese characters in ``text``, with its position."""
    for run in HAN_RUN.finditer(text):
        for start in range(run.start(), run.end() - PHRASE_LENGTH + 1):
            yield start, text[start : start + PHRASE_LENGTH]


def _simplified_texts(validated: ValidatedAtlas, except_key: tuple[str, str]) -> str:
    t2s = opencc.OpenCC("t2s").convert
    return "\n".join(t2s(text) for key, text in validated.sources.items() if key != except_key)


def simplified_query_for_traditional_source(validated: ValidatedAtlas) -> SearchCase:
    """A phrase written in traditional characters in the one traditional source, found
    nowhere else, converted to simplified characters."""
    t2s = opencc.OpenCC("t2s").convert
    for region in validated.atlas.regions:
        for document in region.documents:
            if document.language != "zh-Hant":
                continue
            key = (region.id, document.id)
            text, others = validated.sources[key], _simplified_texts(validated, key)
            for _, phrase in _windows(text):
                simplified = t2s(phrase)
                if simplified != phrase and text.count(phrase) == 1 and simplified not in others:
                    return SearchCase(
                        simplified, region.id, f"regions/{region.id}/sources/{document.id}/"
                    )
    raise LookupError("the atlas has no source in traditional characters")


def traditional_query_for_simplified_record(validated: ValidatedAtlas) -> SearchCase:
    """A phrase of a goal's quote from a simplified source, found in no other source, as
    the quote reads in traditional characters (converted whole, so 三里店 stays 三里店)."""
    s2t = opencc.OpenCC("s2t").convert
    for region in validated.atlas.regions:
        languages = {d.id: d.language for d in region.documents}
        for goal in region.goals:
            traditional_quote = s2t(goal.quote)
            if languages[goal.document] != "zh-Hans" or len(traditional_quote) != len(goal.quote):
                continue
            key = (region.id, goal.document)
            others = _simplified_texts(validated, key)
            for start, phrase in _windows(goal.quote):
                traditional = traditional_quote[start : start + PHRASE_LENGTH]
                if (
                    traditional != phrase
                    and phrase not in others
                    and validated.sources[key].count(phrase) == 1
                ):
                    return SearchCase(
                        traditional, region.id, f"regions/{region.id}/", anchor=f"goal-{goal.id}"
                    )
    raise LookupError("no goal quote from a simplified source has a distinct traditional form")


def english_query(validated: ValidatedAtlas) -> SearchCase:
    """The longest word of the first goal with an English statement."""
    for region in validated.atlas.regions:
        for goal in region.goals:
            if goal.statement.en and WORD.search(goal.statement.en):
                word = max(WORD.findall(goal.statement.en), key=len)
                return SearchCase(word.lower(), region.id, f"en/regions/{region.id}/")
    raise LookupError("no goal has an English statement")
