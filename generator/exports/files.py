"""Exports of the validated atlas: data downloads, Atom feeds, sitemap and robots.txt.

:func:`data_files` (the downloads and feeds, which the data page lists with their sizes)
and :func:`site_maps` (the sitemap and robots.txt, which list the pages) return files as
bytes keyed by site-relative path (:func:`data_files` as a
:class:`~generator.sitefiles.SiteFiles`, whose region files may be cache entries read when
written); nothing here writes to disk, and nothing depends on
the clock, so two builds of the same atlas export the same bytes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import partial

from generator import urls
from generator.cache import BuildCache, code_fingerprint, digest
from generator.edition import Stamps, placeholder, stamps_for
from generator.exports import api, citations, ogimage, package, reuse
from generator.exports.changes import change_entries
from generator.exports.region_exports import REGION_CACHE_KIND, region_exports, region_json
from generator.exports.schema import schema_text
from generator.exports.tables import (
    Lookups,
    atlas_tables,
    datapackage,
)
from generator.exports.xmltext import xml_attribute, xml_text
from generator.load import fields
from generator.load import model as m
from generator.load.validate import ValidatedAtlas
from generator.plan import deadlines as dl
from generator.sitefiles import SiteFiles

SITEMAP_KIND = "sitemap"
ATOM_NS = "http://www.w3.org/2005/Atom"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
LANGUAGES = ("zh", "en")
HREFLANG = {"zh": "zh-Hans", "en": "en"}
NOT_IN_SITEMAP = frozenset({"404.html", "en/404.html"})

FEED_TEXT = {
    "zh": {
        "summary": "{reviewed} 审核:{goals} 项目标,{status} 项现状数据,{phases} 个阶段,"
        "{measures} 项举措。来源:{documents}。",
        "sep": "、",
    },
    "en": {
        "summary": "Reviewed {reviewed}. Goals: {goals}; status figures: {status}; "
        "phases: {phases}; measures: {measures}. Sources: {documents}.",
        "sep": "; ",
    },
}


def atlas_json(
    atlas: m.Atlas, digests: dict[str, str] | None = None, made: dict[str, str] | None = None
) -> str:
    """The whole atlas as JSON, dates as strings, keys in model order; deterministic (the
    text of :func:`atlas_json_pieces` joined)."""
    return b"".join(atlas_json_pieces(atlas, digests, made)).decode("utf-8")


def atlas_json_pieces(
    atlas: m.Atlas, digests: dict[str, str] | None = None, made: dict[str, str] | None = None
) -> list[bytes]:
    """``atlas.json`` in UTF-8, in pieces: each region's part is written on its own and
    put in its place between the others (the same text as one ``json.dumps`` of the
    whole), so with ``digests`` (region id -> hash of what it is made from) an unchanged
    region's part is reused (:mod:`generator.exports.reuse`) and the release zip deflates
    only the run of parts an edit changed; ``made`` holds parts already written (region
    id -> :func:`region_json`)."""
    rest = atlas.model_dump(mode="json", exclude={"regions"})
    placeholders = [f"\0{index}\0" for index in range(len(atlas.regions))]
    data = {
        name: placeholders if name == "regions" else rest[name] for name in m.Atlas.model_fields
    }
    around = _PLACEHOLDER.split(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    pieces: list[bytes] = []
    for position, text in enumerate(around):
        if position % 2 == 0:  # what lies between the regions' parts
            pieces.append(text.encode("utf-8"))
            continue
        region = atlas.regions[int(text)]
        known = (digests or {}).get(region.id)
        pieces.append(_region_json(region, known, (made or {}).get(region.id)))
    return pieces


_PLACEHOLDER = re.compile(r'"\\u0000(\d+)\\u0000"')
_DEPTH = "\n" + " " * 2  # a region is an item of the list of the top object's "regions"


def _region_json(region: m.Region, known: str | None, made: str | None) -> bytes:
    """A region's part of ``atlas.json``, indented to its place, in UTF-8."""

    def make() -> bytes:
        text = made if made is not None else region_json(region)
        return text.replace("\n", _DEPTH).encode()

    if known is None:
        return make()
    return reuse.reused(f"atlas.json region {region.id} {known} in place".encode(), make)


def data_files(
    validated: ValidatedAtlas, cache: BuildCache | None = None, stamps: Stamps | None = None
) -> SiteFiles:
    """The data downloads (JSON, CSV, data package, schemas) and the Atom feeds; with a
    ``cache``, each region's own files are made again only when that region changed (and
    those the cache holds on disk are read only if they must be written). A region's
    citation and API files and the API's are made with the placeholder edition and
    stamped as they are read (``stamps``: a region's with its own edition, the API's
    with the atlas's), so a new dataset version makes none of them again; the downloads
    under ``data/`` name the version as they are made (the data page lists their sizes)."""
    with reuse.reusing(cache):
        return _data_files(validated, cache, stamps)


def _data_files(
    validated: ValidatedAtlas, cache: BuildCache | None, stamps: Stamps | None
) -> SiteFiles:
    atlas = validated.atlas
    edition = citations.edition_of(validated)
    stamps = stamps if stamps is not None else stamps_for(validated)
    marked = placeholder(atlas.site)
    used: list[str] = []
    now = dl.atlas_review_date(atlas.regions)
    regions = region_exports(validated, Lookups.of(atlas), marked, now, cache, used)
    tables = atlas_tables(atlas, lambda region, _: regions.tables[region.id])
    tables += package.codebook_tables(atlas)
    pieces = {"data/atlas.json": atlas_json_pieces(atlas, validated.region_digests, regions.json)}
    pieces.update({f"data/{t.name}.csv": t.csv_pieces() for t in tables if t.encoded is not None})
    files: dict[str, bytes] = {name: b"".join(parts) for name, parts in pieces.items()}
    files.update({f"data/{t.name}.csv": reuse.table_csv(t) for t in tables if t.encoded is None})
    described = datapackage(atlas, tables)
    described.update(package.package_extras(edition))
    described["resources"] = [package.bilingual_resource(t) for t in tables]
    files["data/datapackage.json"] = _json_bytes(described)
    for kind in ("region", "atlas"):
        files[f"data/{kind}.schema.json"] = reuse.reused(  # made from the code alone
            f"schema {kind}".encode(), partial(_schema_bytes, kind)
        )
    for lang in LANGUAGES:
        commits = validated.history.commits
        latest = commits[-1][0].date if commits else None
        feed = atom_feed(atlas, lang, change_entries(atlas, validated.history, lang), latest)
        files[feed_file(lang)] = feed.encode("utf-8")
    release = {p[len("data/") :]: content for p, content in files.items() if p.startswith("data/")}
    in_pieces = {name[len("data/") :]: parts for name, parts in pieces.items()}
    files[f"data/{package.ZIP_NAME}"] = package.release_zip(release, edition, in_pieces)
    if cache is not None:
        cache.retain(REGION_CACHE_KIND, used)
    records = api.indicator_inputs(atlas, validated.record_digests)
    api_files = api.api_files(atlas, marked, regions=False, records=records)
    files[ogimage.PATH] = reuse.reused(b"og image", ogimage.og_image)
    site = SiteFiles(files)
    site.update(api_files)
    for region in atlas.regions:  # a region's files the cache holds stay there, unread
        site.update(regions.files[region.id])
    for name in api_files:
        site.stamp(name, stamps.site)
    for region in atlas.regions:
        own = stamps.of(region.id)
        for name in regions.files[region.id]:
            site.stamp(name, own)
    return site


def _schema_bytes(kind: str) -> bytes:
    return schema_text(kind).encode("utf-8")


def feed_file(lang: str) -> str:
    """The Atom feed of a language: ``feed.xml``, ``en/feed.xml``."""
    return urls.lang_file(lang, "feed.xml")


def site_maps(
    site: m.SiteSettings, page_paths: list[str], cache: BuildCache | None = None
) -> dict[str, bytes]:
    """``sitemap.xml`` of the pages at ``page_paths`` (site-relative files) and
    ``robots.txt`` pointing at it; with a ``cache``, the sitemap of the same pages and
    base URL is taken from it (an edit rarely adds or removes a page)."""
    return {
        "sitemap.xml": _sitemap_bytes(site.base_url, page_paths, cache or BuildCache(None)),
        "robots.txt": robots_txt(site.base_url).encode("utf-8"),
    }


def _sitemap_bytes(base_url: str, page_paths: list[str], cache: BuildCache) -> bytes:
    key = digest(code_fingerprint(), SITEMAP_KIND, base_url, *page_paths)
    found = cache.get(SITEMAP_KIND, key)
    if found is None:
        found = sitemap(base_url, page_paths).encode("utf-8")
        cache.put(SITEMAP_KIND, key, found)
    cache.retain(SITEMAP_KIND, [key])
    return found


def _json_bytes(data: object) -> bytes:
    return (reuse.indented_json(data) + "\n").encode("utf-8")


# --- Atom feeds ------------------------------------------------------------------------


def _element(tag: str, text: str | None = None, **attrs: str) -> str:
    attributes = "".join(
        f" {name.rstrip('_')}={xml_attribute(value)}" for name, value in attrs.items()
    )
    if text is None:
        return f"<{tag}{attributes}/>"
    return f"<{tag}{attributes}>{xml_text(text)}</{tag}>"


def atom_timestamp(date: str) -> str:
    """An atlas date (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``) as an RFC 3339 timestamp."""
    year, month, day = ([*date.split("-"), "01", "01"])[:3]
    return f"{year}-{month}-{day}T00:00:00Z"


def _text(text: m.Text, lang: str) -> str:
    return text.en if lang == "en" and text.en else text.zh


def _region_entry(region: m.Region, base_url: str, lang: str) -> str:
    url = urls.Urls(base_url).absolute(lang, urls.region_path(region.id))
    words = FEED_TEXT[lang]
    summary = words["summary"].format(
        reviewed=region.reviewed,
        goals=len(region.goals),
        status=len(region.status),
        phases=len(region.phases),
        measures=len(region.measures),
        documents=words["sep"].join(_text(d.title, lang) for d in region.documents),
    )
    parents = " / ".join(_text(p, lang) for p in region.parent)
    title = _text(region.name, lang) + (f" ({parents})" if parents else "")
    return "".join(
        [
            "<entry>",
            _element("id", url),
            _element("title", title),
            _element("updated", atom_timestamp(region.reviewed)),
            _element("link", rel="alternate", type="text/html", href=url),
            _element("summary", summary),
            "</entry>",
        ]
    )


def atom_feed(
    atlas: m.Atlas, lang: str, changes: list[str] | None = None, latest: str | None = None
) -> str:
    """The Atom feed of one language: the record changes from the data's history (newest
    first, when the build has it), then an entry per region, newest review first."""
    site = atlas.site
    home = urls.Urls(site.base_url).absolute(lang, urls.home_path())
    regions = sorted(
        atlas.regions, key=lambda r: (fields.date_sort_key(r.reviewed), r.id), reverse=True
    )
    updated = max((atom_timestamp(r.reviewed) for r in regions), default="1970-01-01T00:00:00Z")
    if latest is not None:  # the newest data commit, when the build read the history
        updated = max(updated, atom_timestamp(latest))
    head = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="{ATOM_NS}" xml:lang="{HREFLANG[lang]}">',
        _element("id", f"{home}feed.xml"),
        _element("title", _text(site.title, lang)),
        _element("subtitle", _text(site.tagline, lang)),
        _element("updated", updated),
        _element("link", rel="self", type="application/atom+xml", href=f"{home}feed.xml"),
        _element("link", rel="alternate", type="text/html", href=home),
        "<author>" + _element("name", _text(site.publisher, lang)) + "</author>",
        _element("rights", _text(site.licence, lang)),
    ]
    entries = [*(changes or []), *(_region_entry(r, site.base_url, lang) for r in regions)]
    return "\n".join([*head, *entries, "</feed>"]) + "\n"


# --- sitemap and robots ----------------------------------------------------------------


def page_url(base_url: str, path: str) -> str:
    """The public URL of a site-relative file path (``a/index.html`` -> ``<base>a/``)."""
    return urls.Urls(base_url).absolute_file(path)


def _language_pairs(page_paths: Iterable[str]) -> list[tuple[str | None, str | None]]:
    """(Chinese path, English path) for every page, either side missing when untranslated."""
    paths = {p for p in set(page_paths) - NOT_IN_SITEMAP if not urls.is_embed_file(p)}
    neutral = sorted({p[3:] if p.startswith("en/") else p for p in paths})
    return [(p if p in paths else None, f"en/{p}" if f"en/{p}" in paths else None) for p in neutral]


def _sitemap_url(base_url: str, loc: str, zh: str | None, en: str | None) -> str:
    links = []
    if zh is not None and en is not None:
        for hreflang, path in (("zh-Hans", zh), ("en", en), ("x-default", zh)):
            links.append(
                _element(
                    "xhtml:link", rel="alternate", hreflang=hreflang, href=page_url(base_url, path)
                )
            )
    return "<url>" + _element("loc", page_url(base_url, loc)) + "".join(links) + "</url>"


def sitemap(base_url: str, page_paths: Iterable[str]) -> str:
    """The sitemap of every HTML page (not 404), with hreflang alternates for each pair."""
    entries = [
        _sitemap_url(base_url, path, zh, en)
        for zh, en in _language_pairs(page_paths)
        for path in (zh, en)
        if path is not None
    ]
    return (
        "\n".join(
            [
                '<?xml version="1.0" encoding="utf-8"?>',
                f'<urlset xmlns="{SITEMAP_NS}" xmlns:xhtml="{XHTML_NS}">',
                *entries,
                "</urlset>",
            ]
        )
        + "\n"
    )


def robots_txt(base_url: str) -> str:
    """Allow everything and name the sitemap."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {base_url}sitemap.xml\n"
