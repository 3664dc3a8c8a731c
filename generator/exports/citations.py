"""How to cite an atlas record, a region, and the primary document behind them.

Each citation names two works: the atlas record (publisher, region and record, the atlas,
its dataset version, release and access dates, address) and the primary document it is
curated from (issuing body, title, 文号, date, address). Both come in five forms: GB/T
7714-2015 (for Chinese readers), APA-like (for English readers), BibTeX, RIS and
CSL-JSON. The access date is the dataset's release date, since a build has no clock; the
copy button (assets/js/cite.js) puts the reader's own date in when it copies. No I/O.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from generator import urls
from generator.edition import Edition, date_parts, edition_of, ris_date
from generator.load import model as m
from generator.plan.formatting import date_words, plain_text

__all__ = ["Edition", "edition_of"]  # where the rest of the code has long found them

ANONYMOUS_ZH = "佚名"  # GB/T 7714's word for a work whose author is not stated
BIBTEX_SPECIAL = re.compile(r"([\\{}%&#_$^~])")


@dataclass(frozen=True)
class Work:
    """The atlas record (or region page) being cited, and its primary document."""

    key: str  # a citation key: atlas-heshui-goal-pilot-schools
    region: m.Region
    record: m.Text | None  # None: the region page itself
    url: str
    document: m.Document

    def title(self, lang: str) -> str:
        region = plain_text(self.region.name, lang)
        if self.record is None:
            return region
        sep = ":" if lang == "zh" else ": "
        return f"{region}{sep}{plain_text(self.record, lang).rstrip('.。')}"

    @property
    def document_key(self) -> str:
        return f"{self.region.id}-{self.document.id}"


def work_for(
    region: m.Region, document: m.Document, base_url: str, anchor: str | None, label: m.Text | None
) -> Work:
    """The citable work of a record (``anchor`` and ``label``) or of the region (None)."""
    path = urls.record_path(region.id, anchor) if anchor else urls.region_path(region.id)
    url = base_url + path
    key = f"atlas-{region.id}" + (f"-{anchor}" if anchor else "")
    return Work(key, region, label, url, document)


def _apa_date(date: str | None) -> str:
    if date is None:
        return "n.d."
    parts = date_parts(date)
    if len(parts) == 1:
        return str(parts[0])
    words = date_words(date, "en").split()  # "July 2026" or "1 July 2026"
    month = words[-2]
    return f"{parts[0]}, {month}" + (f" {parts[2]}" if len(parts) == 3 else "")


# --- plain text ------------------------------------------------------------------------


def gbt_record(work: Work, edition: Edition) -> str:
    """GB/T 7714-2015, online database: 责任者. 题名[DB/OL]. 版本. (更新日期)[引用日期]. 地址."""
    site = edition.site
    return (
        f"{site.publisher.zh}. {work.title('zh')}[DB/OL]. {site.title.zh}, 版本 {edition.version}. "
        f"({edition.date_form('released', 'iso')})[{edition.date_form('accessed', 'iso')}]. "
        f"{work.url}."
    )


def gbt_document(document: m.Document) -> str:
    """GB/T 7714-2015, an official document: 发布机关. 题名: 文号[Z/OL]. (发布日期). 地址."""
    issuer = document.issuer.zh if document.issuer else ANONYMOUS_ZH
    number = f": {document.number}" if document.number else ""
    kind = "[Z/OL]" if document.url else "[Z]"
    date = f" ({document.published})." if document.published else ""
    url = f" {document.url}." if document.url else ""
    return f"{issuer}. {document.title.zh}{number}{kind}.{date}{url}"


def apa_record(work: Work, edition: Edition) -> str:
    """APA-like: Publisher. (Year). Title [Data set]. In Atlas (Version v). Retrieved
    date, from URL"""
    site = edition.site
    accessed = edition.date_form("accessed", "words-en")
    year = edition.date_form("released", "year")
    return (
        f"{plain_text(site.publisher, 'en')}. ({year}). {work.title('en')} "
        f"[Data set]. In {plain_text(site.title, 'en')} (Version {edition.version}). "
        f"Retrieved {accessed}, from {work.url}"
    )


def apa_document(document: m.Document) -> str:
    """APA-like, a non-English title followed by its translation in brackets; a work with
    no stated author starts with its title."""
    title = document.title.zh + (f" [{document.title.en}]" if document.title.en else "")
    number = f" ({document.number})" if document.number else ""
    date = f"({_apa_date(document.published)})."
    url = f" {document.url}" if document.url else ""
    if document.issuer is None:
        return f"{title}{number}. {date}{url}"
    return f"{plain_text(document.issuer, 'en')}. {date} {title}{number}.{url}"


# --- BibTeX ----------------------------------------------------------------------------


def _bib(value: str) -> str:
    return BIBTEX_SPECIAL.sub(r"\\\1", value)


def _bib_entry(kind: str, key: str, fields: list[tuple[str, str]]) -> str:
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@{kind}{{{key},\n{body}\n}}\n"


def bibtex(work: Work, edition: Edition) -> str:
    """Two entries: the atlas record (@misc, as biblatex's @dataset reads in BibTeX) and the
    primary document, which the record's ``related`` field names."""
    return bibtex_record(work, edition) + "\n" + bibtex_document(work)


def bibtex_record(work: Work, edition: Edition) -> str:
    site = edition.site
    return _bib_entry(
        "misc",
        work.key,
        [
            ("author", "{" + _bib(plain_text(site.publisher, "en")) + "}"),
            ("title", _bib(work.title("en"))),
            ("titleaddon", _bib(work.title("zh"))),
            ("howpublished", _bib(plain_text(site.title, "en"))),
            ("version", _bib(edition.version)),
            ("year", edition.date_form("released", "year")),
            ("date", edition.date_form("released", "iso")),
            ("urldate", edition.date_form("accessed", "iso")),
            ("url", work.url),
            ("related", work.document_key),
            ("note", "Dataset; primary document: " + _bib(work.document_key)),
        ],
    )


def bibtex_document(work: Work) -> str:
    document = work.document
    issuer = document.issuer
    return _bib_entry(
        "misc",
        work.document_key,
        [
            ("author", "{" + _bib(issuer.zh) + "}" if issuer else ""),
            ("title", _bib(document.title.zh)),
            ("titleaddon", _bib(document.title.en or "")),
            ("number", _bib(document.number or "")),
            ("year", document.published[:4] if document.published else ""),
            ("date", document.published or ""),
            ("url", document.url or ""),
            ("language", "chinese"),
        ],
    )


# --- RIS -------------------------------------------------------------------------------


def _ris(tags: list[tuple[str, str]]) -> str:
    return "".join(f"{tag}  - {value}\r\n" for tag, value in tags if value) + "ER  - \r\n"


def ris(work: Work, edition: Edition) -> str:
    """Two RIS records: the atlas record (TY DATA) and the primary document (TY GOVDOC)."""
    return ris_record(work, edition) + ris_document(work)


def ris_record(work: Work, edition: Edition) -> str:
    site = edition.site
    return _ris(
        [
            ("TY", "DATA"),
            ("ID", work.key),
            ("AU", plain_text(site.publisher, "en")),
            ("TI", work.title("en")),
            ("TT", work.title("zh")),
            ("T2", plain_text(site.title, "en")),
            ("ET", edition.version),
            ("PY", edition.date_form("released", "year")),
            ("DA", edition.date_form("released", "ris")),
            ("Y2", edition.date_form("accessed", "ris")),
            ("UR", work.url),
            ("N1", f"Primary document: {work.document_key}"),
        ]
    )


def ris_document(work: Work) -> str:
    document = work.document
    return _ris(
        [
            ("TY", "GOVDOC"),
            ("ID", work.document_key),
            ("AU", document.issuer.zh if document.issuer else ""),
            ("TI", document.title.zh),
            ("TT", document.title.en or ""),
            ("M1", document.number or ""),
            ("PY", document.published[:4] if document.published else ""),
            ("DA", ris_date(document.published) if document.published else ""),
            ("UR", document.url or ""),
            ("LA", "zh"),
        ]
    )


# --- CSL-JSON --------------------------------------------------------------------------


def _csl_date(date: str) -> dict[str, list[list[int]]]:
    return {"date-parts": [date_parts(date)]}


def csl_items(work: Work, edition: Edition) -> list[dict[str, object]]:
    """Two CSL-JSON items: the atlas record (type dataset) and the primary document."""
    return [csl_record(work, edition), csl_document(work)]


def csl_record(work: Work, edition: Edition) -> dict[str, object]:
    site = edition.site
    return {
        "id": work.key,
        "type": "dataset",
        "title": work.title("en"),
        "original-title": work.title("zh"),
        "author": [{"literal": plain_text(site.publisher, "en")}],
        "container-title": plain_text(site.title, "en"),
        "version": edition.version,
        "issued": {"date-parts": [edition.date_parts("released")]},
        "accessed": {"date-parts": [edition.date_parts("accessed")]},
        "URL": work.url,
        "note": f"Primary document: {work.document_key}",
    }


def csl_document(work: Work) -> dict[str, object]:
    document = work.document
    item: dict[str, object] = {
        "id": work.document_key,
        "type": "document",
        "title": document.title.zh,
        "language": document.language,
    }
    if document.title.en:
        item["note"] = f"English title: {document.title.en}"
    if document.issuer:
        item["author"] = [{"literal": document.issuer.zh}]
        item["authority"] = document.issuer.zh
    if document.number:
        item["number"] = document.number
    if document.published:
        item["issued"] = _csl_date(document.published)
    if document.url:
        item["URL"] = document.url
    return item


def csl_json(items: list[dict[str, object]]) -> str:
    return json.dumps(items, ensure_ascii=False, indent=1) + "\n"


# --- a region's citation files -----------------------------------------------------------


def region_works(region: m.Region, base_url: str) -> list[Work]:
    """The region page and every record on it, in page order, as citable works."""
    documents = {d.id: d for d in region.documents}

    def work(anchor: str, label: m.Text, document_id: str) -> Work:
        return work_for(region, documents[document_id], base_url, anchor, label)

    works = [work_for(region, region.documents[0], base_url, None, None)]
    works += [work(f"goal-{g.id}", g.statement, g.document) for g in region.goals]
    works += [work(f"status-{s.id}", s.statement, s.document) for s in region.status]
    for phase in region.phases:
        works.append(work(f"phase-{phase.id}", phase.name, phase.document))
        works += [work(f"milestone-{x.id}", x.text, phase.document) for x in phase.milestones]
    works += [work(f"measure-{x.id}", x.title, x.document) for x in region.measures]
    return works


def region_files(region: m.Region, edition: Edition) -> dict[str, bytes]:
    """``regions/<id>/cite.bib``, ``.ris`` and ``.json``: the region, every record, and
    each of its documents once."""
    works = region_works(region, edition.site.base_url)
    by_document = {
        w.document.id: w for w in (work_for(region, d, "", None, None) for d in region.documents)
    }
    docs = list(by_document.values())
    bib = "\n".join([*(bibtex_record(w, edition) for w in works), *map(bibtex_document, docs)])
    ris_text = "".join([*(ris_record(w, edition) for w in works), *map(ris_document, docs)])
    items = [*(csl_record(w, edition) for w in works), *map(csl_document, docs)]
    return {
        urls.region_file(region.id, "cite.bib"): bib.encode("utf-8"),
        urls.region_file(region.id, "cite.ris"): ris_text.encode("utf-8"),
        urls.region_file(region.id, "cite.json"): csl_json(items).encode("utf-8"),
    }
