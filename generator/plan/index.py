"""Indexes over the validated atlas: lookups by id and records grouped by region, theme,
indicator and year, for the page planner. No I/O; every listing is in a stable order."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Generic, TypeVar

from generator import urls
from generator.load import model as m
from generator.load.validate import ValidatedAtlas
from generator.plan.deadlines import DeadlineState, atlas_review_date, deadline_state
from generator.plan.hierarchy import Hierarchy
from generator.plan.lineage import Lineage

R = TypeVar("R")


@dataclass(frozen=True)
class Cited(Generic[R]):
    """A record with the region and document it belongs to."""

    region: m.Region
    level: m.Level  # the region's
    document: m.Document
    kind: m.DocumentKind
    record: R
    anchor: str  # the record's anchor on its region page, e.g. "goal-pilot-schools"
    state: DeadlineState | None = None  # a goal's deadline on the atlas's review date

    @property
    def href(self) -> str:
        """The record's path: ``regions/heshui/#goal-pilot-schools``."""
        return urls.record_path(self.region.id, self.anchor)

    @property
    def source(self) -> str:
        """The path of the source page its quote is marked on."""
        return urls.source_path(self.region.id, self.document.id)


@dataclass(frozen=True)
class Citation:
    """One quote on a source page: which record cites it, and with what words."""

    anchor: str
    record_type: str  # goal, status, phase, milestone, measure, outcome
    label: m.Text
    quote: str

    @property
    def quote_anchor(self) -> str:
        """The anchor of the quote on its source page: ``q-goal-x``."""
        return urls.quote_anchor(self.anchor)


@dataclass
class ThemeRecords:
    """The goals, status figures and measures of one theme, by region id."""

    goals: dict[str, list[m.Goal]] = field(default_factory=lambda: defaultdict(list))
    status: dict[str, list[m.Status]] = field(default_factory=lambda: defaultdict(list))
    measures: dict[str, list[m.Measure]] = field(default_factory=lambda: defaultdict(list))

    def count(self, region_id: str) -> int:
        return (
            len(self.goals.get(region_id, []))
            + len(self.status.get(region_id, []))
            + len(self.measures.get(region_id, []))
        )


@dataclass(frozen=True)
class RegionCited:
    """One region's goals and status figures that have an indicator, in file order."""

    goals: list[Cited[m.Goal]]
    status: list[Cited[m.Status]]


def region_sort_key(region: m.Region, levels: dict[str, m.Level]) -> tuple[int, str]:
    """Regions listed by administrative level (provinces first), then by id."""
    level = levels.get(region.level)
    return (level.rank if level else 99, region.id)


@dataclass(frozen=True)
class AtlasIndex:
    """Everything the page planner looks up, built once from the validated atlas."""

    validated: ValidatedAtlas
    regions: list[m.Region]
    themes: dict[str, m.Theme]
    indicators: dict[str, m.Indicator]
    levels: dict[str, m.Level]
    kinds: dict[str, m.DocumentKind]
    documents: dict[tuple[str, str], m.Document]
    goals_by_indicator: dict[str, list[Cited[m.Goal]]]
    status_by_indicator: dict[str, list[Cited[m.Status]]]
    by_theme: dict[str, ThemeRecords]
    hierarchy: Hierarchy  # chains of divisions: index.hierarchy.province_of(region) …
    lineage: Lineage  # which document implements or cites which
    # region id -> its goals and status figures with an indicator, as in the lists above
    cited_by_region: dict[str, RegionCited] = field(default_factory=dict)
    # region id -> document id -> its records' quotes, made when a page first asks
    _citations: dict[str, dict[str, list[Citation]]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def citations(self, region: m.Region, document_id: str) -> list[Citation]:
        """Every quote of ``region``'s records from the text of its document
        ``document_id`` (what a source page marks), made once a region, when first asked:
        a warm build or a save in ``atlas serve`` renders few source pages."""
        found = self._citations.get(region.id)
        if found is None:
            found = self._citations[region.id] = _region_citations(region)
        return found.get(document_id, [])

    @property
    def atlas(self) -> m.Atlas:
        return self.validated.atlas

    @property
    def site(self) -> m.SiteSettings:
        return self.validated.atlas.site

    def region(self, region_id: str) -> m.Region:
        return next(r for r in self.regions if r.id == region_id)

    def document(self, region: m.Region, document_id: str) -> m.Document:
        return self.documents[(region.id, document_id)]

    @cached_property
    def review_date(self) -> str:
        """The atlas's review date, the "now" every deadline state is judged against."""
        return atlas_review_date(self.regions)

    def source_text(self, region: m.Region, document_id: str) -> str:
        return self.validated.sources.get((region.id, document_id), "")

    @classmethod
    def build(cls, validated: ValidatedAtlas, previous: AtlasIndex | None = None) -> AtlasIndex:
        """The index of ``validated``. With ``previous`` (an index of an earlier version of
        the same atlas, as ``atlas serve`` keeps), a region that is the very object it
        was there (its file unchanged, its check taken from memory) keeps its cited
        records, when the levels, kinds and review date they hold are the same."""
        atlas = validated.atlas
        levels = {level.id: level for level in atlas.levels}
        kinds = {kind.id: kind for kind in atlas.document_kinds}
        regions = sorted(atlas.regions, key=lambda r: region_sort_key(r, levels))
        documents = {(r.id, d.id): d for r in regions for d in r.documents}
        now = atlas_review_date(regions)
        known = _reusable(previous, atlas, now)
        goals: dict[str, list[Cited[m.Goal]]] = defaultdict(list)
        status: dict[str, list[Cited[m.Status]]] = defaultdict(list)
        by_region: dict[str, RegionCited] = {}
        for region in regions:
            own = known.get(region.id)
            if own is None or own[0] is not region:
                own = (region, _region_cited(region, levels, documents, kinds, now))
            cited = by_region[region.id] = own[1]
            for goal in cited.goals:
                goals[goal.record.indicator or ""].append(goal)
            for figure in cited.status:
                status[figure.record.indicator or ""].append(figure)
        return cls(
            validated=validated,
            regions=regions,
            themes={t.id: t for t in atlas.themes},
            indicators={i.id: i for i in atlas.indicators},
            levels=levels,
            kinds=kinds,
            documents=documents,
            goals_by_indicator=dict(goals),
            status_by_indicator=dict(status),
            by_theme=_by_theme(atlas.themes, regions),
            hierarchy=Hierarchy.build(regions, validated.divisions, atlas.division_names),
            lineage=Lineage.build(regions, atlas.referenced_documents, levels, kinds),
            cited_by_region=by_region,
        )


def _reusable(
    previous: AtlasIndex | None, atlas: m.Atlas, now: str
) -> dict[str, tuple[m.Region, RegionCited]]:
    """The cited records of ``previous`` by region (with the region they were made of),
    if what they hold besides their region is as in ``atlas``; else none."""
    if previous is None or previous.review_date != now:
        return {}
    before = previous.atlas
    if before.levels != atlas.levels or before.document_kinds != atlas.document_kinds:
        return {}
    return {
        region.id: (region, previous.cited_by_region[region.id])
        for region in previous.regions
        if region.id in previous.cited_by_region
    }


def _region_cited(
    region: m.Region,
    levels: dict[str, m.Level],
    documents: dict[tuple[str, str], m.Document],
    kinds: dict[str, m.DocumentKind],
    now: str,
) -> RegionCited:
    """A region's goals and status figures that have an indicator, cited."""
    own = RegionCited([], [])
    for goal in region.goals:
        if goal.indicator:
            state = deadline_state(goal, now)  # given whole: a replace() each took 0.13 s
            own.goals.append(
                _cited(region, levels, documents, kinds, goal, "goal", goal.document, state)
            )
    for figure in region.status:
        if figure.indicator:
            own.status.append(
                _cited(region, levels, documents, kinds, figure, "status", figure.document)
            )
    return own


def _cited(
    region: m.Region,
    levels: dict[str, m.Level],
    documents: dict[tuple[str, str], m.Document],
    kinds: dict[str, m.DocumentKind],
    record: m.Goal | m.Status,
    kind: urls.RecordKind,
    document_id: str,
    state: DeadlineState | None = None,
) -> Cited[Any]:
    document = documents[(region.id, document_id)]
    return Cited(
        region=region,
        level=levels[region.level],
        document=document,
        kind=kinds[document.kind],
        record=record,
        anchor=urls.anchor(kind, record.id),
        state=state,
    )


def _by_theme(themes: list[m.Theme], regions: list[m.Region]) -> dict[str, ThemeRecords]:
    by_theme = {theme.id: ThemeRecords() for theme in themes}
    for region in regions:
        for goal in region.goals:
            by_theme[goal.theme].goals[region.id].append(goal)
        for figure in region.status:
            by_theme[figure.theme].status[region.id].append(figure)
        for measure in region.measures:
            by_theme[measure.theme].measures[region.id].append(measure)
    return by_theme


def _citation(kind: urls.RecordKind, record_id: str, label: m.Text, quote: str) -> Citation:
    return Citation(urls.anchor(kind, record_id), kind, label, quote)


def _region_citations(region: m.Region) -> dict[str, list[Citation]]:
    """Every quote of a region's records, by the document whose text it comes from."""
    found: dict[str, list[Citation]] = defaultdict(list)
    for goal in region.goals:
        found[goal.document].append(_citation("goal", goal.id, goal.statement, goal.quote))
        outcome = goal.outcome
        if outcome is not None and outcome.quote and outcome.document:
            found[outcome.document].append(
                _citation("outcome", goal.id, outcome.statement, outcome.quote)
            )
    for figure in region.status:
        found[figure.document].append(
            _citation("status", figure.id, figure.statement, figure.quote)
        )
    for phase in region.phases:
        found[phase.document].append(_citation("phase", phase.id, phase.name, phase.quote))
        for milestone in phase.milestones:
            found[phase.document].append(
                _citation("milestone", milestone.id, milestone.text, milestone.quote)
            )
    for measure in region.measures:
        found[measure.document].append(
            _citation("measure", measure.id, measure.title, measure.quote)
        )
    return dict(found)
