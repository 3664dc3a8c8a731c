"""Render only the pages whose inputs changed; take the others from the build cache.

Each page is stored under a key that hashes everything its HTML is made from:

- every page: the generator's code and catalogs
  (:func:`~generator.cache.code_fingerprint`), the project's templates, assets and
  front-end packages (:func:`~generator.cache.project_fingerprint`), the site
  settings and codebooks, the review date in its footer, what the
  templates can look up through ``index`` of every region (the hierarchy's and the
  lineage's names, codes and titles: :data:`LINKED_FIELDS`), its path, template and
  section. Not the dataset version or its release date: pages are rendered with
  placeholders for them, filled in as each page is read (:mod:`generator.stamp`), so a
  new data commit renders only the pages its changes show on;
- a region's own pages (``Page.owner``, the templates in :data:`OWN_REGION_TEMPLATES`,
  which read their region, its documents and its archived texts): that region's digest,
  the hash of its file and of the source texts it quotes, and of its records' history
  (the commits its page's history section names). Their views are not even made
  when the page comes from the cache (:class:`~generator.plan.lazy.LazyContext`);
- every other page (home, indicators, divisions, timeline, embeds, ...): the hash of its
  view, the context and charts its template receives (:func:`view_digest`), so an
  aggregate page renders again only when what it shows changed: the home page, which
  shows counts and the map, not when a measure's text changes.

So an edit to one region re-renders that region's pages and the pages whose view shows
what changed, and nothing else; the same inputs always give the same key, and a page
rendered from the cache has the bytes a fresh render would give
(``tests/test_incremental.py``).
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from generator.cache import (
    BuildCache,
    code_fingerprint,
    collector_paused,
    digest,
    project_fingerprint,
)
from generator.edition import Stamps
from generator.load import model as m
from generator.load.history import SEP, Commit, DataHistory, RecordHistory
from generator.load.region_files import region_records
from generator.plan.embeds import EMBED_TEMPLATE
from generator.plan.index import AtlasIndex
from generator.plan.pages import Page
from generator.plan.theme_views import ThemeProvince, ThemeRegion
from generator.plan.timeline import TimelineRow
from generator.project import Project
from generator.render.reads import Reads, render_noting_reads, tracking
from generator.render.renderer import Renderer
from generator.sitefiles import SiteFiles, content_digest

if TYPE_CHECKING:
    from generator.render.settled import SettledFamilies

CACHE_KIND = "pages"
# Templates whose page reads only the region in its context (never another region): a
# template that starts to show other regions (neighbours, a parent) must leave this set.
OWN_REGION_TEMPLATES = frozenset({"region.html", "source.html", "side-by-side-region.json"})


@dataclass(frozen=True)
class PageInputs:
    """The hashes page keys are made of."""

    code: str  # the generator's code and the project's templates and assets
    shared: str  # code, site settings, codebooks, release, what every region links
    regions: dict[str, str]  # region id -> digest of what its pages are made from
    history: str = ""  # whether the data has a history, or why not (serve reads no git)


def _region_digest(index: AtlasIndex, region: m.Region, history: str) -> str:
    known = index.validated.region_digests.get(region.id)
    if known is not None:
        return digest(known, history)
    texts = [index.source_text(region, doc.id) for doc in region.documents]
    return digest(region.model_dump_json(), *texts, history)


def _history_digests(history: DataHistory) -> dict[str, str]:
    """Region id -> the hash of its records' history (what its page's history shows)."""
    head = repr((history.available, history.reason))
    spelled: dict[int, str] = {}  # a commit's repr, once (each is shared by many records)

    def commit(found: Commit) -> str:
        text = spelled.get(id(found))
        if text is None:
            text = spelled[id(found)] = repr(found)
        return text

    def row(kind: str, record: str, rows: RecordHistory) -> str:
        changes = (f"{name}={commit(when)}" for name, when in rows.fields.items())
        return SEP.join((kind, record, commit(rows.added), *changes))

    digests = {  # a repr of each row was 1.6 s at 1,000 regions
        region: digest(head, *sorted(row(*found) for found in rows))
        for region, rows in history.by_region.items()
    }
    return digests | {"": digest(head)}


# What a region's own pages show of another region: the chain of divisions above it
# (generator/plan/hierarchy.py) and its documents' lineage (templates/_document_lineage.html:
# a cited or citing document's title, number and level, and its region's name).
LINKED_FIELDS: dict[str, Any] = {
    "id": True,
    "name": True,
    "code": True,
    "level": True,
    "sub_provincial": True,
    "parent": True,
    "documents": {"__all__": {"id": True, "title": True, "number": True, "cites": True}},
}


def _links_digest(index: AtlasIndex) -> str:
    """What a region's own pages can show of the other regions (:data:`LINKED_FIELDS` of
    each), the documents outside the atlas they cite and the divisions' names."""
    atlas = index.atlas
    return digest(
        *(region.model_dump_json(include=LINKED_FIELDS) for region in index.regions),
        *(entry.model_dump_json() for entry in atlas.referenced_documents),
        *(entry.model_dump_json() for entry in atlas.division_names),
    )


def page_inputs(index: AtlasIndex, project: Project) -> PageInputs:
    atlas = index.atlas
    codebooks = [
        entry.model_dump_json()
        for book in (atlas.themes, atlas.indicators, atlas.levels, atlas.document_kinds)
        for entry in book
    ]
    code = digest(code_fingerprint(), project_fingerprint(project.root))
    shared = digest(
        code,
        atlas.site.model_dump_json(),
        index.review_date,
        _links_digest(index),
        *codebooks,
    )
    histories = _history_digests(index.validated.history)
    regions = {
        region.id: _region_digest(index, region, histories.get(region.id, histories[""]))
        for region in index.regions
    }
    history = index.validated.history
    return PageInputs(code, shared, regions, repr((history.available, history.reason)))


def _region(region_id: str) -> None:
    """What a region stands for in a pickled view (never unpickled: views are hashed)."""


def _model(kind: str, *fields: Any) -> None:
    """What a pydantic model stands for in a pickled view: its class and its fields."""


def _part(hashed: str) -> None:
    """What a dataclass inside a view stands for: the hash of its own pickle."""


# The dataclasses several views hold (a year's rows are on the timeline, the year's page and
# its province's; a theme's regions on its page and its provinces'): each is hashed once a
# build and stands for its hash in every view that holds it. (Every dataclass would do as
# well, but most are in one view only, where hashing them apart only costs.)
SHARED_PARTS: frozenset[type] = frozenset({TimelineRow, ThemeRegion, ThemeProvince})
# How the pickler treats an object, by its type (decided once a type).
_PLAIN, _REGION, _TEXT, _MODEL, _PART = range(5)
_RULES: dict[type, int] = {}


def _rule(kind: type) -> int:
    if issubclass(kind, m.Region):
        return _REGION
    if kind is m.Text:
        return _TEXT
    if issubclass(kind, BaseModel):
        return _MODEL
    if kind in SHARED_PARTS:
        return _PART
    return _PLAIN


class _ViewPickler(pickle.Pickler):
    """Pickles a view for its hash: a region by its id alone (what a page shows of it is
    keyed apart, by the fields it read), every other pydantic model by its class and
    fields, and a dataclass several views hold (:data:`SHARED_PARTS`) by the hash of its
    own pickle, made once a build however many views hold it. A view holds no set: a set
    pickles in its order, which the process's string hash seed decides, so every build
    (a process of its own) would render that page again (``tests/test_incremental.py``
    builds twice under two seeds)."""

    def __init__(self, stream: _HashStream, keys: _Keys, top: Any) -> None:
        super().__init__(stream, protocol=pickle.HIGHEST_PROTOCOL)
        self.fast = True  # no memo: equal views give equal bytes, however objects are shared
        self.keys = keys
        self.top = top  # the value pickled, not replaced by its own hash

    def reducer_override(self, obj: Any) -> Any:
        kind = type(obj)
        rule = _RULES.get(kind)
        if rule is None:
            rule = _RULES[kind] = _rule(kind)
        if rule == _PLAIN:  # most calls: the classes and functions a pickle names
            return NotImplemented
        if rule == _PART:
            if obj is self.top:
                return NotImplemented
            hashed = self.keys.value_hash(obj)
            if hashed is None:
                raise pickle.PicklingError(f"a {kind.__name__} in the view cannot be hashed")
            return _part, (hashed,)
        if rule == _REGION:
            region_id = obj.id
            if self.keys.regions.get(region_id) is obj:  # the atlas's region, as validated
                return _region, (region_id,)
        if rule == _TEXT:  # the most common model by far: its two strings
            return _model, ("Text", obj.zh, obj.en)
        return _model, (self.keys.model_json(obj),)  # a record: its JSON, made once a build


class _HashStream:
    def __init__(self) -> None:
        self.hasher = hashlib.sha256()

    def write(self, data: bytes) -> int:
        self.hasher.update(data)
        return len(data)


class _Keys:
    """The keys of one build's pages, with what they share computed once."""

    def __init__(self, inputs: PageInputs, index: AtlasIndex) -> None:
        self.inputs = inputs
        self.regions = {region.id: region for region in index.regions}
        self._fields: dict[tuple[str, tuple[str, ...]], str] = {}
        self._values: dict[int, tuple[Any, str]] = {}  # id -> (value, its hash), this build
        self._json: dict[int, tuple[BaseModel, str]] = {}  # id -> (model, its JSON)
        self._index = index
        self._records_known = False

    def _know_records(self) -> None:
        """A record stands for its hash, made when its file was validated (all of them
        at once, when the first view that holds a model is hashed: a save in ``atlas
        serve`` renders a region's own pages only, which need none)."""
        self._records_known = True
        validated = self._index.validated
        for region in self._index.regions:
            for name, hashes in validated.record_digests.get(region.id, {}).items():
                records = region_records(region, name)
                if len(records) == len(hashes):
                    for record, hashed in zip(records, hashes, strict=True):
                        self._json[id(record)] = (record, f"{name}:{hashed}")

    def model_json(self, model: BaseModel) -> str:
        if not self._records_known:
            self._know_records()
        found = self._json.get(id(model))
        if found is None or found[0] is not model:
            kind = type(model)
            found = (model, f"{kind.__module__}.{kind.__qualname__}:{model.model_dump_json()}")
            self._json[id(model)] = found
        return found[1]

    def view(self, page: Page) -> str | None:
        """The hash of everything a page's template receives (its context and charts), or
        ``None`` when some part of it cannot be pickled (the page is then always rendered).
        A value both languages' pages share (most views) is hashed once."""
        parts = [*page.context.items(), *page.charts.items()]
        hashed = [self.value_hash(value) for _, value in parts]
        if None in hashed:
            return None
        return digest(*(f"{name}={value}" for (name, _), value in zip(parts, hashed, strict=True)))

    def value_hash(self, value: Any) -> str | None:
        """The hash of a value's pickle (:class:`_ViewPickler`), once a build."""
        found = self._values.get(id(value))
        if found is not None and found[0] is value:
            return found[1]
        stream = _HashStream()
        try:
            _ViewPickler(stream, self, value).dump(value)
        except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
            return None
        hashed = stream.hasher.hexdigest()
        self._values[id(value)] = (value, hashed)
        return hashed

    def read_fields(self, reads: Reads) -> str:
        """The hash of the fields ``reads`` names, as the regions hold them now."""
        parts = []
        for region_id, names in sorted(reads.items()):
            found = self._fields.get((region_id, tuple(names)))
            if found is None:
                region = self.regions.get(region_id)
                found = "absent" if region is None else region.model_dump_json(include=set(names))
                self._fields[(region_id, tuple(names))] = found
            parts += [region_id, found]
        return digest(*parts)

    def head(self, page: Page) -> tuple[str, ...]:
        return (self.inputs.shared, page.output_path, page.template, page.section)

    def own(self, page: Page) -> str | None:
        """A region's own page: its key, on that region alone; ``None`` for any other."""
        if page.owner is None or page.template not in OWN_REGION_TEMPLATES:
            return None
        return digest(*self.head(page), self.inputs.regions[page.owner])

    def reads_key(self, page: Page) -> str:
        """Where the fields an aggregate page read are stored: by page and what every page
        shares (its code, settings), not by data; and by whether the data has a history,
        so that ``atlas serve`` (no history) and ``atlas build`` each find what their page
        read (the changes pages read other fields with one)."""
        return digest(*self.head(page), self.inputs.history, "reads")

    def aggregate(self, page: Page, view: str, reads: Reads) -> str:
        return digest(*self.head(page), view, self.read_fields(reads))


@dataclass(frozen=True)
class RenderResult:
    files: SiteFiles  # every page and the published assets
    rendered: list[str]  # output paths of the pages rendered (not from the cache)


# A page entry's bytes: their digest and size, kept for every page the last build used, so
# that a page from the cache goes to the writer unread (:class:`~generator.sitefiles.SiteFiles`).
Digests = dict[str, tuple[str, int]]


class _PageStore:
    """The pages of one build, as they go into :class:`SiteFiles`: those on disk in the
    cache as :class:`~generator.sitefiles.StoredFile`, read only if the writer must write
    them; the others (no disk cache, or an entry that could not be stored) as bytes."""

    def __init__(self, cache: BuildCache, code: str) -> None:
        self.cache = cache
        self.key = digest(code, "page digests")
        known = cache.get_object(CACHE_KIND, self.key)
        self.known: Digests = known if isinstance(known, dict) else {}
        self.kept: Digests = {}
        self.files = SiteFiles()

    def take(self, page: Page, key: str) -> bool:
        """Add the page stored under ``key`` (and an embed page's charts); ``False`` if
        the cache does not hold it."""
        if page.template == EMBED_TEMPLATE:
            found = _cached_page(self.cache, page, key)
            if found is None:
                return False
            self.files.update(found)
            return True
        known = self.known.get(key)
        stored = self.cache.stored_file(CACHE_KIND, key, *known) if known else None
        if known is not None and stored is not None:
            self.files.store(page.output_path, stored)
            self.kept[key] = known
            return True
        content = self.cache.get(CACHE_KIND, key)
        if content is None:
            return False
        self._add(page, key, content)
        return True

    def put(self, page: Page, key: str | None, content: bytes) -> None:
        """Add a page just rendered, stored under ``key`` (``None``: not stored)."""
        if key is None:
            self.files[page.output_path] = content
            return
        self.cache.put(CACHE_KIND, key, content)
        self._add(page, key, content)

    def _add(self, page: Page, key: str, content: bytes) -> None:
        self.kept[key] = known = (content_digest(content), len(content))
        stored = self.cache.stored_file(CACHE_KIND, key, *known)
        if stored is None or page.template == EMBED_TEMPLATE:
            self.files[page.output_path] = content
        else:
            self.files.store(page.output_path, stored)

    def save(self) -> None:
        """Keep the digests of this build's pages for the next (if they changed)."""
        if self.kept != self.known:
            self.cache.put_object(CACHE_KIND, self.key, self.kept)


def render_with_cache(
    renderer: Renderer,
    pages: list[Page],
    cache: BuildCache,
    *,
    retain: bool = True,
    stamps: Stamps | None = None,
    inputs: PageInputs | None = None,
    settled: SettledFamilies | None = None,
) -> RenderResult:
    """Every page, rendering only those the cache does not hold; stores what it renders.
    An embed page's chart files (SVG, CSV) are stored with it, under its key; an aggregate
    page's read fields under :meth:`_Keys.reads_key`. A page stored in a disk cache is
    handed on as a :class:`~generator.sitefiles.StoredFile`, not as bytes, as soon as it
    is stored. With ``retain`` (``pages`` are the whole site), the entries no page used
    any more leave the cache. Pages rendered with the placeholder edition are stamped as
    they are read (``stamps``, or the renderer's own: a region's own pages with its
    edition, the others with the atlas's). ``inputs`` are the page keys' hashes (made
    here if not given); ``settled`` the families of pages planned by an earlier build
    (``Page.view``; :mod:`generator.render.settled`), planned again if the cache does not
    hold all their pages, and stored once rendered."""
    stamps = stamps if stamps is not None else renderer.stamps()
    if not cache.enabled:  # the pages come stamped
        files = SiteFiles(renderer.render_site(pages))
        return RenderResult(files, [p.output_path for p in pages])
    inputs = inputs if inputs is not None else page_inputs(renderer.index, renderer.project)
    keys = _Keys(inputs, renderer.index)
    store = _PageStore(cache, keys.inputs.code)
    used: list[str] = [store.key]
    views: dict[str, str | None] = {}

    def missing(some: list[Page]) -> list[Page]:
        """The pages of ``some`` the cache does not hold (the others are in ``store``)."""
        todo = []
        for page in some:
            key = keys.own(page)
            if key is None:
                view = page.view if page.view is not None else keys.view(page)
                views[page.output_path] = view
                reads = cache.get_object(CACHE_KIND, keys.reads_key(page)) if view else None
                if view is not None and isinstance(reads, dict):
                    used.append(keys.reads_key(page))
                    key = keys.aggregate(page, view, reads)
            if key is None or not store.take(page, key):
                todo.append(page)
                continue
            used.extend([key] if page.template != EMBED_TEMPLATE else [key, _charts_key(key)])
        return todo

    with collector_paused():  # the read fields of 1,834 pages at 1,000 regions, unpickled
        todo = missing(pages)
        unsettled = {page.family for page in todo if page.view is not None}
        if settled is not None and unsettled:  # their views are needed: planned again
            todo = [page for page in todo if page.view is None]
            todo += missing(settled.planned_again(unsettled))
    with tracking():
        rendered = renderer.render_each(todo, lambda page: _render(renderer, page))
        for page, (content, reads, charts) in zip(todo, rendered, strict=True):
            store.files.update(charts)
            view = views.get(page.output_path)
            key = keys.own(page)
            if key is None and view is not None:
                cache.put_object(CACHE_KIND, keys.reads_key(page), reads)
                used.append(keys.reads_key(page))
                key = keys.aggregate(page, view, reads)
            store.put(page, key, content)
            if key is None:
                continue
            used.append(key)
            if page.template == EMBED_TEMPLATE:
                cache.put_object(CACHE_KIND, _charts_key(key), charts)
                used.append(_charts_key(key))
    store.save()
    if settled is not None:
        settled.save(pages, views)
    if retain:
        cache.retain(CACHE_KIND, used)
    files = SiteFiles(renderer.assets.files)
    files.update(store.files)
    return RenderResult(_stamped(files, pages, stamps), [page.output_path for page in todo])


def _stamped(files: SiteFiles, pages: list[Page], stamps: Stamps | None) -> SiteFiles:
    """``files`` with each page marked to be stamped (not its charts or the assets)."""
    if stamps is not None:
        for page in pages:
            files.stamp(page.output_path, stamps.of(page.owner))
    return files


def _render(renderer: Renderer, page: Page) -> tuple[bytes, Reads, dict[str, bytes]]:
    """A page, for an aggregate page the region fields it read, and for an embed page its
    chart files (drawn in the worker, once)."""
    charts = renderer.chart_files([page]) if page.template == EMBED_TEMPLATE else {}
    if page.owner is not None:
        return renderer.render_page(page), {}, charts
    return (*render_noting_reads(lambda: renderer.render_page(page)), charts)


def _charts_key(page_key: str) -> str:
    return digest(page_key, "chart files")


def _cached_page(cache: BuildCache, page: Page, key: str) -> dict[str, bytes] | None:
    """A page from the cache, with its chart files if it is an embed page; ``None`` if any
    of them is missing."""
    content = cache.get(CACHE_KIND, key)
    if content is None:
        return None
    if page.template != EMBED_TEMPLATE:
        return {page.output_path: content}
    charts = cache.get_object(CACHE_KIND, _charts_key(key))
    if not isinstance(charts, dict):
        return None
    return {page.output_path: content, **charts}
