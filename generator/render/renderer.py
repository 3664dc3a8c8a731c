"""Render the planned pages with Jinja2, in both languages, to bytes.

One Jinja environment per language (autoescape on, StrictUndefined, the gettext
extension with that language's catalog); the helpers every template can call are
documented at the top of ``templates/base.html``.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from jinja2 import (
    BytecodeCache,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    pass_context,
)
from jinja2.bccache import Bucket
from jinja2.runtime import Context
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

from generator import urls
from generator.edition import Edition, PlaceholderEdition, Stamps, placeholder, stamps_for
from generator.errors import BuildError
from generator.parallel import fork_each
from generator.plan.embeds import EMBED_TEMPLATE, chart_title
from generator.plan.formatting import HTML_LANG, Wording, plain_text, shorten
from generator.plan.index import AtlasIndex
from generator.plan.pages import NOT_FOUND, Page
from generator.project import Project
from generator.render.assets import SiteAssets
from generator.render.calls import DirectContext, gettext_callables
from generator.render.chart_files import chart_csv, svg_chart
from generator.render.i18n import LANGS, translations
from generator.render.markdown import render_markdown
from generator.render.markup import Formatter
from generator.render.snippets import Snippets

T = TypeVar("T")

LANG_NAMES = {"zh": "中文", "en": "English"}
# (section, path, English label): the main navigation, in order.
NAV = (
    ("home", "", "Regions"),
    ("compare", "compare/", "Compare targets"),
    ("side-by-side", "side-by-side/", "Side by side"),
    ("timeline", "timeline/", "Timeline"),
    ("lineage", "lineage/", "Lineage"),
    ("themes", "themes/", "Themes"),
    ("search", "search/", "Search"),
    ("data", "data/", "Data"),
    ("about", "about/", "About"),
)


@dataclass(frozen=True)
class PageMeta:
    """What the base layout needs to know about the page it lays out."""

    path: str
    canonical: str
    alternates: list[tuple[str, str]]
    switch_url: str
    section: str
    has_charts: bool


def size_words(size: int) -> str:
    """A file size for readers: 812 B, 14.2 KB, 1.3 MB."""
    if size < 1000:
        return f"{size} B"
    if size < 1_000_000:
        return f"{size / 1000:.1f} KB"
    return f"{size / 1_000_000:.1f} MB"


def to_json(data: Any) -> Markup:
    """JSON for a ``<script type="application/json">``: sorted keys, ``<>&'`` escaped."""
    return htmlsafe_json_dumps(data, dumps=_dumps)


def _dumps(data: Any, **_: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


@pass_context
def _context_gettext(context: Context, message: str) -> str:
    return translations(context["lang"]).gettext(message)


@pass_context
def _context_ngettext(context: Context, singular: str, plural: str, n: int) -> str:
    return translations(context["lang"]).ngettext(singular, plural, n)


class Renderer:
    """Renders pages of one atlas; templates and assets are loaded once."""

    def __init__(
        self,
        index: AtlasIndex,
        project: Project,
        *,
        assets: SiteAssets | None = None,
        compiled: Path | None = None,
        bytecode: BytecodeCache | None = None,
        edition: Edition | None = None,
    ) -> None:
        self.index = index
        self.compiled = compiled  # where compiled templates are kept between processes
        self.bytecode = bytecode  # or where they are kept in this process (instead)
        self.site = index.site
        self.urls = urls.Urls(self.site.base_url)
        self.base_path = self.urls.base_path
        self.project = project
        self.templates_dir = project.templates
        self.assets = (
            assets if assets is not None else SiteAssets.load(project.assets, project.node_modules)
        )
        self.review_date = index.review_date
        self.binding_ranks = max((k.rank for k in index.atlas.document_kinds), default=0)
        # the dataset version and dates: placeholders, filled in as a page is read
        # (:mod:`generator.stamp`), so a new version renders no page again
        self.edition = edition if edition is not None else placeholder(self.site)

    def stamps(self) -> Stamps | None:
        """What fills in the placeholders its pages are rendered with: a region's own
        pages name its edition, the others the atlas's (``None``: they were rendered with
        a real edition, given to the renderer)."""
        if isinstance(self.edition, PlaceholderEdition):
            return stamps_for(self.index.validated)
        return None

    @cached_property
    def environment(self) -> Environment:
        """One environment for both languages, so each template is compiled once; the
        language comes with each render (see :meth:`language_globals`)."""
        env = Environment(
            loader=FileSystemLoader(self.templates_dir),
            autoescape=True,
            undefined=StrictUndefined,
            extensions=["jinja2.ext.i18n"],
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            # a compiled template is reused while its source is the same (Jinja checks it)
            bytecode_cache=self.bytecode or self._folder_bytecode(),
        )
        env.context_class = DirectContext
        env.install_gettext_callables(  # type: ignore[attr-defined]
            _context_gettext, _context_ngettext, newstyle=True
        )
        env.globals.update(
            site=self.site,
            md=render_markdown,
            size_words=size_words,
            plotly_style_id=self.assets.plotly_style_id,
            asset=lambda name: self.base_path + self.assets.path(name),
            file_url=self.urls.file,
            review_date=self.review_date,
            edition=self.edition,
        )
        env.filters["json"] = to_json
        env.filters["shorten"] = shorten
        return env

    def _folder_bytecode(self) -> BytecodeCache | None:
        if self.compiled is not None and _made(self.compiled):
            return FileSystemBytecodeCache(str(self.compiled))
        return None

    def url(self, lang: str, path: str) -> str:
        """The root-relative URL of a language-neutral path (``/en/regions/heshui/``); a bare
        ``#fragment`` stays on the page."""
        return path if path.startswith("#") else self.urls.page(lang, path)

    def absolute_url(self, lang: str, path: str) -> str:
        return self.urls.absolute(lang, path)

    @cached_property
    def language_globals(self) -> dict[str, dict[str, Any]]:
        """The helpers of each page language, passed with every render."""
        return {lang: self._language_globals(lang) for lang in LANGS}

    def _language_globals(self, lang: str) -> dict[str, Any]:
        gettext = translations(lang).gettext
        fmt = Formatter(lang, gettext)
        other = "en" if lang == "zh" else "zh"

        def url(path: str) -> str:
            return self.url(lang, path)

        def absolute_url(path: str) -> str:
            return self.absolute_url(lang, path)

        return {
            **gettext_callables(lang),  # the installed ones, in one call instead of three
            "lang": lang,
            "other_lang": other,
            "html_lang": HTML_LANG[lang],
            "other_html_lang": HTML_LANG[other],
            "other_lang_name": LANG_NAMES[other],
            "fmt": fmt,
            "t": fmt.text,
            "plain": lambda text: plain_text(text, lang),
            "url": url,
            "other_url": lambda path: self.url(other, path),
            "absolute_url": absolute_url,
            "search_bundle": self.urls.search_bundle(lang),
            "sources_search_bundle": self.urls.search_bundle(lang, sources=True),
            "other_search_bundle": self.urls.search_bundle(other),
            "part": Snippets(
                fmt, url, absolute_url, self.site, self.edition, ranks=self.binding_ranks
            ),
            "nav": [(section, path, gettext(label)) for section, path, label in NAV],
        }

    def page_meta(self, page: Page) -> PageMeta:
        other = "en" if page.lang == "zh" else "zh"
        alternates = [
            ("zh-Hans", self.absolute_url("zh", page.path)),
            ("en", self.absolute_url("en", page.path)),
            ("x-default", self.absolute_url("zh", page.path)),
        ]
        return PageMeta(
            path=page.path,
            canonical=self.absolute_url(page.lang, page.path),
            alternates=alternates if page.path != NOT_FOUND else [],
            switch_url=self.url(other, page.path),
            section=page.section,
            has_charts=bool(page.charts),
        )

    def render_page(self, page: Page) -> bytes:
        try:
            template = self.environment.get_template(page.template)
            html = template.render(
                **self.language_globals[page.lang],
                page=self.page_meta(page),
                charts=page.charts,
                embeds={cid: chart_links(self.index, page.lang, cid) for cid in page.charts},
                **page.context,
            )
        except TemplateError as exc:
            raise BuildError(
                f"template {page.template} failed for /{page.output_path}: {exc}"
            ) from exc
        return html.encode("utf-8")

    def render_site(self, pages: list[Page]) -> dict[str, bytes]:
        """Every page and the published assets, keyed by site-relative path.

        A large site is rendered by one forked worker per CPU; the pages come back in plan
        order, so the output is the same bytes however many workers there were. The pages
        are stamped (:meth:`stamps`): they name the dataset version and dates (a region's
        own pages, the region's)."""
        rendered = self.render_each(pages, self._page_and_charts)
        files: dict[str, bytes] = dict(self.assets.files)
        stamps = self.stamps()  # the placeholder edition's values filled in
        for page, (content, charts) in zip(pages, rendered, strict=True):
            name = page.output_path
            stamp = stamps.of(page.owner) if stamps is not None else None
            files[name] = stamp.apply(content, name) if stamp is not None else content
            files.update(charts)
        return files

    def _page_and_charts(self, page: Page) -> tuple[bytes, dict[str, bytes]]:
        """A page and, for an embed page, its chart files (drawn in the page's worker)."""
        charts = self.chart_files([page]) if page.template == EMBED_TEMPLATE else {}
        return self.render_page(page), charts

    def render_each(self, pages: list[Page], render: Callable[[Page], T]) -> Iterator[T]:
        """``render(page)`` for every page, in order, as they are made: in forked workers
        for a large site (templates compiled first, once)."""
        for name in sorted({page.template for page in pages}):
            self.environment.get_template(name)  # compiled once, before any fork
        return fork_each(render, pages, minimum=PARALLEL_FROM)

    def chart_files(self, pages: list[Page]) -> dict[str, bytes]:
        """The SVG and CSV of every embedded chart (beside its embed page)."""
        files: dict[str, bytes] = {}
        template = self.environment.get_template("chart.svg")
        for page in pages:
            if page.template != EMBED_TEMPLATE:
                continue
            view = page.context["embed"]
            figure = page.charts[view.chart_id]
            files[view.csv_file] = chart_csv(figure)
            svg = template.render(svg=svg_chart(figure, view.title))
            files[view.svg_file] = svg.encode("utf-8")
        return files


class MemoryBytecodeCache(BytecodeCache):
    """Compiled templates kept in memory, for a process that renders again and again
    (``atlas serve``: a save's own pages are rendered by a new :class:`Renderer`, which
    would otherwise compile its templates again, 0.35 s at each save). Jinja uses one only
    while its template's source has the checksum it was compiled from. With a ``folder``
    (the build cache's compiled templates, which ``atlas serve``'s first build fills), a
    template not yet in memory is read from there, so the first save compiles nothing
    either."""

    def __init__(self, folder: Path | None = None) -> None:
        self._code: dict[str, bytes] = {}
        self._lock = threading.Lock()
        self._folder = FileSystemBytecodeCache(str(folder)) if folder and folder.is_dir() else None

    def load_bytecode(self, bucket: Bucket) -> None:
        with self._lock:
            found = self._code.get(bucket.key)
        if found is not None:
            bucket.bytecode_from_string(found)
        elif self._folder is not None:
            self._folder.load_bytecode(bucket)
            if bucket.code is not None:
                with self._lock:
                    self._code[bucket.key] = bucket.bytecode_to_string()

    def dump_bytecode(self, bucket: Bucket) -> None:
        code = bucket.bytecode_to_string()
        with self._lock:
            self._code[bucket.key] = code


def _made(folder: Path) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return True


def chart_links(index: AtlasIndex, lang: str, chart: str) -> dict[str, str]:
    """Where a chart's embed page, SVG and CSV are, and the title its embed page has (the
    share box beside the chart)."""
    wording = Wording(lang, translations(lang).gettext)
    return {
        "title": chart_title(index, chart, wording),
        "page": urls.embed_path(chart),
        "svg": urls.chart_file(lang, chart, "svg"),
        "csv": urls.chart_file(lang, chart, "csv"),
    }


PARALLEL_FROM = 300  # pages; a smaller site renders faster than workers start
