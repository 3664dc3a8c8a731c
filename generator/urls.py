"""The one scheme for the site's addresses: page paths, language prefixes, record anchors.

Every stage that names a page or a record (the page plan, templates, search, exports,
feeds, the sitemap) asks this module, so an address is spelled in one place. Three forms:

- a *path* is language-neutral and site-relative: ``regions/heshui/`` (``""`` is home);
- a *file* is where a page is written: ``en/regions/heshui/index.html``;
- a *URL* is a path in a language, under the site's base: ``/en/regions/heshui/#goal-x``
  (root-relative, :meth:`Urls.page`) or ``https://…/en/regions/heshui/``
  (:meth:`Urls.absolute`).

Published addresses are permanent: a path or anchor that changes here keeps its old
address as a redirect in ``netlify.toml`` (tests hold the previous release's addresses).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"
NOT_FOUND = "404.html"

# Record kinds that have an anchor on their region page, and the anchor's prefix.
RecordKind = Literal["goal", "status", "phase", "milestone", "measure", "outcome", "doc"]
RECORD_KINDS: tuple[RecordKind, ...] = (
    "goal",
    "status",
    "phase",
    "milestone",
    "measure",
    "outcome",
    "doc",
)


def lang_prefix(lang: str) -> str:
    """The folder of a language: ``""`` for Chinese (the default), ``"en/"`` for English."""
    return "" if lang == DEFAULT_LANG else f"{lang}/"


def other_lang(lang: str) -> str:
    return "en" if lang == "zh" else "zh"


def neutral_path(file_or_path: str) -> tuple[str, str]:
    """(language, neutral path) of a site-relative path: ``en/compare/`` -> ("en", "compare/")."""
    for lang in LANGS:
        prefix = lang_prefix(lang)
        if prefix and file_or_path.startswith(prefix):
            return lang, file_or_path[len(prefix) :]
    return DEFAULT_LANG, file_or_path


# --- paths ---------------------------------------------------------------------------------


def home_path() -> str:
    return ""


def region_path(region_id: str) -> str:
    return f"regions/{region_id}/"


def regions_directory_path() -> str:
    """The directory of every region, grouped by province (``regions/``)."""
    return "regions/"


def region_file(region_id: str, name: str) -> str:
    """A download beside a region's page: ``regions/heshui/cite.bib``."""
    return f"{region_path(region_id)}{name}"


def source_path(region_id: str, document_id: str) -> str:
    return f"regions/{region_id}/sources/{document_id}/"


def division_path(code: str) -> str:
    """The page of a division that has atlas regions beneath it: ``divisions/510000/``."""
    return f"divisions/{code}/"


def reference_path(reference_id: str) -> str:
    """The page of a referenced document (one the atlas cites but does not hold)."""
    return f"references/{reference_id}/"


def theme_path(theme_id: str, province_code: str | None = None) -> str:
    """A theme's page, or (for a theme split by province) one province's part of it."""
    return f"themes/{theme_id}/{province_code}/" if province_code else f"themes/{theme_id}/"


def section_path(section: str) -> str:
    """A top-level page: ``compare/``, ``timeline/``, ``search/`` …"""
    return f"{section}/"


def page_file(lang: str, path: str) -> str:
    """Where the page of ``path`` in ``lang`` is written: ``en/regions/x/index.html``."""
    prefix = lang_prefix(lang)
    if path.endswith((".html", ".json")):
        return prefix + path
    return f"{prefix}{path}index.html"


def lang_file(lang: str, name: str) -> str:
    """A file of a language that is not a page: ``feed.xml``, ``en/feed.xml``."""
    return lang_prefix(lang) + name


def file_path(file: str) -> str:
    """The public path of a written file: ``en/a/index.html`` -> ``en/a/``."""
    if file == "index.html" or file.endswith("/index.html"):
        return file[: -len("index.html")]
    return file


# --- anchors -------------------------------------------------------------------------------


def anchor(kind: RecordKind, record_id: str) -> str:
    """The anchor of a record on its region page: ``goal-pilot-schools``."""
    return f"{kind}-{record_id}"


def quote_anchor(record_anchor: str) -> str:
    """The anchor of a record's marked passage on its source page: ``q-goal-x``."""
    return f"q-{record_anchor}"


def paragraph_anchor(number: int) -> str:
    """A numbered paragraph of a source page: ``p12``."""
    return f"p{number}"


def theme_group_anchor(theme_id: str) -> str:
    """The heading of a theme's measures on a region page: ``measures-teachers``."""
    return f"measures-{theme_id}"


def theme_region_anchor(region_id: str) -> str:
    """A region's section on a theme page: ``region-heshui``."""
    return f"region-{region_id}"


def theme_region_path(theme_id: str, region_id: str) -> str:
    """A region's section on a theme page: ``themes/teachers/#region-heshui``."""
    return at_anchor(theme_path(theme_id), theme_region_anchor(region_id))


def timeline_year_path(year: str | None, province_code: str | None = None) -> str:
    """A year of the timeline (``timeline/2026/``; ``timeline/undated/`` for the rows
    without a date), or one province's rows of it (``timeline/2026/510000/``)."""
    folder = f"timeline/{year or 'undated'}/"
    return f"{folder}{province_code}/" if province_code else folder


def indicator_path(indicator_id: str) -> str:
    """An indicator's own page: its distribution chart and every target (``indicators/x/``)."""
    return f"indicators/{indicator_id}/"


def indicator_anchor(indicator_id: str) -> str:
    """An indicator's section on the comparison page."""
    return indicator_id


def compare_indicator_path(indicator_id: str) -> str:
    """An indicator's section on the comparison page: ``compare/#pilot-schools``."""
    return at_anchor(section_path("compare"), indicator_anchor(indicator_id))


def chart_id(name: str) -> str:
    """The id of a chart's figure element: ``chart-timeline``, ``chart-<indicator>``."""
    return f"chart-{name}"


def embed_path(chart: str) -> str:
    """The language-neutral path of a chart's embed page (no site chrome, may be framed by
    any site): ``embed/timeline/`` for ``chart-timeline``."""
    return f"embed/{chart.removeprefix('chart-')}/"


def is_embed_file(file: str) -> bool:
    """Whether a site-relative file belongs to an embed page (kept out of the sitemap)."""
    return file.removeprefix("en/").startswith("embed/")


def chart_file(lang: str, chart: str, ext: str) -> str:
    """The site-relative file of a chart drawn at build time (``svg``) or of exactly the
    data it shows (``csv``), beside its embed page: ``en/embed/timeline/chart.svg``."""
    return f"{lang_prefix(lang)}{embed_path(chart)}chart.{ext}"


def at_anchor(path: str, anchor: str) -> str:
    """A place on a page: ``compare/`` and ``chart-timeline`` -> ``compare/#chart-timeline``."""
    return f"{path}#{anchor}"


def record_path(region_id: str, record_anchor: str) -> str:
    """The language-neutral path of a record: ``regions/heshui/#goal-x``."""
    return at_anchor(region_path(region_id), record_anchor)


def document_path(region_id: str, document_id: str) -> str:
    """A document on its region page: ``regions/heshui/#doc-plan``."""
    return record_path(region_id, anchor("doc", document_id))


def source_backlink(record_anchor: str) -> str:
    """From a source page (``regions/x/sources/d/``) back to a record on its region page:
    relative, so a saved source page still links to the atlas it came from."""
    return f"../../#{record_anchor}"


SEARCH_BUNDLES = {"zh": "zh-hans", "en": "en"}  # page language -> its bundle's folder


def search_bundle_folder(lang: str, sources: bool = False) -> str:
    """The site-relative folder of a language's Pagefind bundle of records
    (``pagefind/zh-hans/``) or of its archived source texts (``pagefind/zh-hans-sources/``)."""
    return f"pagefind/{SEARCH_BUNDLES[lang]}{'-sources' if sources else ''}/"


# --- URLs ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Urls:
    """URLs under one base URL (``https://example.org/atlas/``)."""

    base_url: str

    @property
    def base_path(self) -> str:
        """The base URL's path: ``/`` or ``/atlas/``."""
        return urlsplit(self.base_url).path or "/"

    def page(self, lang: str, path: str) -> str:
        """Root-relative URL of ``path`` (which may carry a ``#fragment``) in ``lang``."""
        return f"{self.base_path}{lang_prefix(lang)}{path}"

    def absolute(self, lang: str, path: str) -> str:
        return f"{self.base_url}{lang_prefix(lang)}{path}"

    def file(self, file: str) -> str:
        """Root-relative URL of a site-relative file (an asset, a download)."""
        return self.base_path + file

    def absolute_file(self, file: str) -> str:
        """Public URL of a site-relative file, pages without their ``index.html``."""
        return self.base_url + file_path(file)

    def record(self, lang: str, region_id: str, record_anchor: str) -> str:
        return self.page(lang, record_path(region_id, record_anchor))

    def search_bundle(self, lang: str, sources: bool = False) -> str:
        """Where the search page finds the Pagefind bundle of ``lang`` (or of its sources)."""
        return self.file(search_bundle_folder(lang, sources))


def side_by_side_list_path() -> str:
    """The side-by-side chooser's list of regions (a JSON file of each language)."""
    return "side-by-side/regions.json"


def side_by_side_column_path(region_id: str) -> str:
    """A region's column of the side-by-side page (a JSON file of each language)."""
    return f"side-by-side/regions/{region_id}.json"
