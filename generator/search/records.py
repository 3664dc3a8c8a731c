"""The search records: one per goal, status figure, phase, milestone, measure, region and
archived source document, in each language. :mod:`generator.search.entries` groups them
into the entries Pagefind indexes, one per page, each record an anchored section of it.

Each record points at the anchor of the thing it describes (``/regions/heshui/#goal-x``,
``/en/regions/heshui/sources/plan/``). Records carry the filters the search page offers
(province, region, level, theme, type, year) and the metadata it shows (title, region,
type, kind, date, figure).

Languages: each language gets a Pagefind bundle of its own, ``pagefind/zh-hans/`` for the
Chinese pages and ``pagefind/en/`` for the English ones, holding that language's records
only. Pagefind looks up the index named by the page's ``<html lang>`` and, failing that,
takes the only one there is, so each search page finds its own language's records.

Chinese words: Pagefind's extended indexer segments Chinese with a dictionary, the browser
segments the query with its own (ICU) dictionary, and the two disagree on names and rarer
words (the indexer keeps 合水 and 工作室 whole, the browser splits them), so a search for 合水
or 名师工作室 would miss the records that contain them. The index is therefore named ``x-han``
rather than ``zh-*``, so that the indexer does not segment (which also saves a third of its
time and memory), and its Chinese words are shingles (:func:`~generator.search.words.
index_words`): at each character, the three characters from there. ``assets/js/search.js``
cuts the query the same way: up to three characters are one word, matched as a prefix, and
a longer run an exact phrase of its shingles, so 名师工作室 matches those five characters in
a row, as a word would, and never the same characters scattered through a text. It shows
each shingle of an excerpt by its first character.

Simplified and traditional characters: the Chinese index holds every text in simplified
characters (a traditional text is converted with OpenCC ``t2s``; its excerpts in the search
results are therefore simplified, while its page shows it as archived), and the bundle's
``atlas-search.json`` maps every traditional character that could meet the index (the
traditional forms of the characters it holds) to its simplified form. The search page turns
the query into simplified characters with that map before searching, so 數據 and 数据 find
the same records, whichever script the source was written in.

Size: a first search fetches the index entries of the words that start with the query (a
shingle of the query), so the index holds each passage once: a source page's record holds
the text its records do not already quote (those passages are found through the records,
whose pages link to the highlighted passage), and no codebook names or dates.

``atlas-search.json`` also lists each filter's values and how many records have each, which
the search page shows in its filter menus (Pagefind could tell it too, but only by loading
every filter file of the index, which grows with the atlas; the search page then loads a
filter file only when the reader filters by it), and how long a Chinese index word is.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urlsplit

from generator import urls
from generator.cache import digest
from generator.load import model as m
from generator.load.validate import ValidatedAtlas
from generator.plan.formatting import Wording, date_words, plain_text
from generator.plan.hierarchy import Hierarchy
from generator.render.i18n import translations
from generator.search.words import (
    index_words,
    markdown_words,
    simplified,
    unquoted_text,
)

# Page language -> (name of its Pagefind index, folder of its bundle under pagefind/).
LANGUAGES = {"zh": "x-han", "en": "en"}
PAGE_LANGUAGE = {index: lang for lang, index in LANGUAGES.items()}
# Filter and type labels: English msgids, translated by the interface catalog.
TYPE_LABELS = {
    "goal": "Goal",
    "status": "Status figure",
    "phase": "Phase",
    "milestone": "Milestone",
    "measure": "Measure",
    "region": "Region",
    "source": "Source document",
}


@dataclass(frozen=True)
class SearchRecord:
    """One record as search finds it, in one language: where it lands, its text (the
    ``heading`` is its title, the ``body`` the rest; ``content`` both with the region's
    name, as one search text), what the results show of it and the filters it answers."""

    url: str
    language: str  # the name of the language's index: "x-han", "en"
    content: str
    meta: dict[str, str]
    filters: dict[str, list[str]] = field(default_factory=dict)
    heading: str = ""
    body: str = ""
    kind: str = ""  # what it is: a key of TYPE_LABELS ("goal", …, "source")


def gettext(lang: str, msgid: str) -> str:
    """``msgid`` in the page language, from the interface catalog."""
    return translations(lang).gettext(msgid)


def _year(date: str | None) -> list[str]:
    return [date[:4]] if date else []


def _years(start: str | None, end: str | None) -> list[str]:
    if start and end:
        return [str(y) for y in range(int(start[:4]), int(end[:4]) + 1)]
    return _year(start or end)


@dataclass(frozen=True)
class _Context:
    """What every record of one region in one language shares."""

    region: m.Region
    lang: str
    root: str  # URL path of the site root in this language, e.g. "/" or "/en/"
    codebooks: dict[str, dict[str, str]]  # codebook -> id -> name in this language
    province: str | None  # the province-level division the region is in, in this language

    def labels(self, book: str) -> dict[str, str]:
        return self.codebooks[book]

    @property
    def page(self) -> str:
        return f"{self.root}{urls.region_path(self.region.id)}"

    def record(
        self,
        *,
        url: str,
        kind: str,
        title: str,
        parts: Iterable[str | None],
        themes: Iterable[str] = (),
        years: Iterable[str] = (),
        date: str | None = None,
        document: str | None = None,
        figure: str | None = None,
    ) -> SearchRecord:
        region_name = plain_text(self.region.name, self.lang)
        heading = self.words(title)
        words = self.words(" · ".join(p for p in parts if p))  # index words hold " · " apart
        theme_names = self.labels("themes")
        type_label = gettext(self.lang, TYPE_LABELS[kind])
        meta = {"title": title, "region": region_name, "type": type_label}
        if date:  # as the rest of the page language writes dates: 2026年7月, July 2026
            meta["date"] = " – ".join(date_words(part, self.lang) for part in date.split(" – "))
        if document:
            meta["kind"] = document
        if figure:
            meta["figure"] = figure
        filters = {
            "province": [self.province] if self.province else [],
            "region": [region_name],
            "level": [self.labels("levels").get(self.region.level, self.region.level)],
            "type": [type_label],
            "theme": sorted({theme_names.get(t, t) for t in themes}),
            "year": sorted(set(years)),
        }
        return SearchRecord(
            url=url,
            language=LANGUAGES[self.lang],
            content=" · ".join(p for p in (heading, words, self.region_words) if p),
            meta=meta,
            filters={k: v for k, v in filters.items() if v},
            heading=heading,
            body=words,
            kind=kind,
        )

    def words(self, text: str) -> str:
        """``text`` as the index holds it. Both languages hold Chinese as shingles (English
        records quote their sources: 智慧教育平台 finds them there)."""
        return index_words(simplified(text) if self.lang == "zh" else text)

    @cached_property
    def region_words(self) -> str:
        """The region's name as index words, which ends every record's text."""
        return self.words(plain_text(self.region.name, self.lang))


class _RegionRecords:
    """The search records of one region in one language."""

    def __init__(self, ctx: _Context) -> None:
        self.ctx = ctx
        self.lang = ctx.lang
        self.fmt = Wording(ctx.lang, translations(ctx.lang).gettext)  # as the pages write figures
        self.documents = {d.id: d for d in ctx.region.documents}
        kinds = ctx.labels("document_kinds")
        self.kind_names = {d.id: kinds.get(d.kind, d.kind) for d in ctx.region.documents}
        self.phase_years = {p.id: _years(p.start, p.end) for p in ctx.region.phases}

    def goals(self) -> Iterator[SearchRecord]:
        for g in self.ctx.region.goals:
            yield self.ctx.record(
                url=f"{self.ctx.page}#{urls.anchor('goal', g.id)}",
                kind="goal",
                title=plain_text(g.statement, self.lang),
                parts=[self.fmt.plain_target(g.target) if g.target else "", g.quote],
                themes=[g.theme],
                years=_year(g.deadline),
                date=g.deadline,
                document=self.kind_names[g.document],
                figure=self.fmt.plain_target(g.target) if g.target else None,
            )

    def status(self) -> Iterator[SearchRecord]:
        for s in self.ctx.region.status:
            yield self.ctx.record(
                url=f"{self.ctx.page}#{urls.anchor('status', s.id)}",
                kind="status",
                title=plain_text(s.statement, self.lang),
                parts=[self.fmt.plain_status(s), s.quote],
                themes=[s.theme],
                years=_year(s.as_of),
                date=s.as_of,
                document=self.kind_names[s.document],
                figure=self.fmt.plain_status(s),
            )

    def phases(self) -> Iterator[SearchRecord]:
        for p in self.ctx.region.phases:
            yield self.ctx.record(
                url=f"{self.ctx.page}#{urls.anchor('phase', p.id)}",
                kind="phase",
                title=plain_text(p.name, self.lang),
                parts=[p.quote],
                years=self.phase_years[p.id],
                date=" – ".join(d for d in (p.start, p.end) if d) or None,
                document=self.kind_names[p.document],
            )
            for ms in p.milestones:
                yield self.ctx.record(
                    url=f"{self.ctx.page}#{urls.anchor('milestone', ms.id)}",
                    kind="milestone",
                    title=plain_text(ms.text, self.lang),
                    parts=[plain_text(p.name, self.lang), ms.quote],
                    years=_year(ms.date),
                    date=ms.date,
                    document=self.kind_names[p.document],
                )

    def measures(self) -> Iterator[SearchRecord]:
        for ms in self.ctx.region.measures:
            document = self.documents[ms.document]
            years = [y for pid in ms.phases for y in self.phase_years.get(pid, [])]
            if not years and document.period:
                years = _years(document.period.start, document.period.end)
            yield self.ctx.record(
                url=f"{self.ctx.page}#{urls.anchor('measure', ms.id)}",
                kind="measure",
                title=plain_text(ms.title, self.lang),
                parts=[
                    markdown_words(plain_text(ms.summary, self.lang)),
                    *(plain_text(r, self.lang) for r in ms.responsible),
                    ms.quote,
                ],
                themes=[ms.theme],
                years=years,
                document=self.kind_names[ms.document],
            )

    def region(self) -> Iterator[SearchRecord]:
        region = self.ctx.region
        themes = {
            *(g.theme for g in region.goals),
            *(s.theme for s in region.status),
            *(ms.theme for ms in region.measures),
        }
        yield self.ctx.record(
            url=self.ctx.page,
            kind="region",
            title=plain_text(region.name, self.lang),
            parts=[
                *(plain_text(p, self.lang) for p in region.parent),
                *(plain_text(d.title, self.lang) for d in region.documents),
                *(plain_text(d.issuer, self.lang) for d in region.documents),
            ],
            themes=themes,
            years=[y for d in region.documents for y in _year(d.published)],
        )

    def quotes(self, document: str) -> Iterator[str]:
        region = self.ctx.region
        records: list[m.Goal | m.Status | m.Phase | m.Measure] = [
            *region.goals,
            *region.status,
            *region.phases,
            *region.measures,
        ]
        yield from (record.quote for record in records if record.document == document)
        for phase in region.phases:
            if phase.document == document:
                yield from (ms.quote for ms in phase.milestones)

    def sources(self, texts: dict[tuple[str, str], str]) -> Iterator[SearchRecord]:
        for d in self.ctx.region.documents:
            period = d.period or m.Period()
            # The archived text is Chinese: the English index gets the document's
            # description, the Chinese index the text its records do not quote.
            text = ""
            if self.lang == "zh":
                text = unquoted_text(texts.get((self.ctx.region.id, d.id), ""), self.quotes(d.id))
            yield self.ctx.record(
                url=f"{self.ctx.root}{urls.source_path(self.ctx.region.id, d.id)}",
                kind="source",
                title=plain_text(d.title, self.lang),
                parts=[
                    plain_text(d.issuer, self.lang),
                    d.number,
                    d.title.zh,
                    *(plain_text(n, self.lang) for n in d.notes),
                    text,
                ],
                years=_years(period.start, period.end) or _year(d.published),
                date=d.published,
                document=self.kind_names[d.id],
            )


@dataclass(frozen=True)
class SearchContext:
    """What the records of every region share: the site's root in each language, the
    codebooks' names and each region's province. ``fingerprint`` changes whenever any of
    it does (a region's records are cached on it and on the region's own digest)."""

    roots: dict[str, str]  # language -> URL path of the site root
    codebooks: dict[str, dict[str, dict[str, str]]]  # language -> codebook -> id -> name
    provinces: dict[str, m.Text | None]  # region id -> its province's name
    fingerprint: str


def search_context(validated: ValidatedAtlas) -> SearchContext:
    atlas = validated.atlas
    base = urlsplit(atlas.site.base_url).path or "/"
    hierarchy = Hierarchy.build(atlas.regions, validated.divisions, atlas.division_names)
    places = {r.id: hierarchy.province_of(r) for r in atlas.regions}
    provinces = {rid: place.name if place else None for rid, place in places.items()}
    roots = {lang: base if lang == "zh" else f"{base}en/" for lang in LANGUAGES}
    codebooks = {
        lang: {
            book: {e.id: plain_text(e.name, lang) for e in getattr(atlas, book)}
            for book in ("themes", "indicators", "levels", "document_kinds")
        }
        for lang in LANGUAGES
    }
    names = [(rid, name.model_dump_json() if name else "") for rid, name in provinces.items()]
    fingerprint = digest(json.dumps([roots, codebooks, names], ensure_ascii=False))
    return SearchContext(roots, codebooks, provinces, fingerprint)


def region_search_records(
    context: SearchContext, region: m.Region, texts: dict[tuple[str, str], str]
) -> dict[str, list[SearchRecord]]:
    """The search records of one region, by page language."""
    found: dict[str, list[SearchRecord]] = {}
    for lang in LANGUAGES:
        province = context.provinces[region.id]
        rr = _RegionRecords(
            _Context(
                region,
                lang,
                context.roots[lang],
                context.codebooks[lang],
                plain_text(province, lang) if province else None,
            )
        )
        found[lang] = [
            record
            for group in (
                rr.region(),
                rr.goals(),
                rr.status(),
                rr.phases(),
                rr.measures(),
                rr.sources(texts),
            )
            for record in group
        ]
    return found


def search_records(validated: ValidatedAtlas) -> list[SearchRecord]:
    """Every search record of the atlas, both languages (Chinese first), in a stable order."""
    context = search_context(validated)
    by_region = [
        region_search_records(context, region, validated.sources)
        for region in validated.atlas.regions
    ]
    return [record for lang in LANGUAGES for found in by_region for record in found[lang]]
