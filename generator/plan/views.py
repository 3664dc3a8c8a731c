"""View models: what a template receives, with every reference already resolved.

A template formats and loops; it never looks a record up by id. Each view carries the
record itself (for formatting: ``fmt.target(goal.record.target)``), the records it points
at (its document and the document's kind, its theme, its indicator) and the
language-neutral paths of its links (``url(view.href)`` in a template), all spelled by
:mod:`generator.urls`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from generator import urls
from generator.load import fields
from generator.load import model as m
from generator.plan.deadlines import DeadlineState, deadline_state
from generator.plan.hierarchy import Place
from generator.plan.index import AtlasIndex
from generator.plan.lineage import CitedDocument, Citing

R = TypeVar("R")


@dataclass(frozen=True)
class Link:
    """A labelled link: ``href`` is a language-neutral path, maybe with a ``#fragment``."""

    label: m.Text
    href: str


@dataclass(frozen=True)
class RegionEntry:
    """A region in a list that names its level."""

    region: m.Region
    level: m.Level


def region_entry(index: AtlasIndex, region: m.Region) -> RegionEntry:
    return RegionEntry(region, index.levels[region.level])


@dataclass(frozen=True)
class DocumentView:
    """A document of a region, with its kind, the path of its archived text and its
    lineage: what it implements or cites, and the atlas documents that cite it."""

    document: m.Document
    kind: m.DocumentKind
    anchor: str
    href: str  # the document on its region page
    source: str  # path of the source page
    cites: list[tuple[CitedDocument, m.DocumentCitation]]
    cited_by: list[Citing]


@dataclass(frozen=True)
class RecordView(Generic[R]):
    """A record on its region page: the record, its anchor, its document."""

    record: R
    anchor: str
    document: DocumentView


@dataclass(frozen=True)
class GoalView(RecordView[m.Goal]):
    theme: Link
    indicator: Link | None
    overdue: bool  # deadline passed before the review date, no outcome recorded
    outcome_anchor: str
    outcome_source: str | None  # source page of the outcome's quote, if it has one
    measures: list[Link]
    state: DeadlineState | None = None  # the deadline on the atlas's review date


@dataclass(frozen=True)
class StatusView(RecordView[m.Status]):
    theme: Link
    indicator: Link | None


@dataclass(frozen=True)
class MilestoneView:
    record: m.Milestone
    anchor: str


@dataclass(frozen=True)
class PhaseView(RecordView[m.Phase]):
    milestones: list[MilestoneView]


@dataclass(frozen=True)
class MeasureView(RecordView[m.Measure]):
    parent: Link | None
    goals: list[Link]
    phases: list[Link]


@dataclass(frozen=True)
class MeasureGroup:
    """The measures of one theme on a region page."""

    theme: m.Theme
    anchor: str
    measures: list[MeasureView]


@dataclass(frozen=True)
class CiteFile:
    """A download of every citation of a region (``regions/<id>/cite.bib``)."""

    key: str  # the citation form it holds: bibtex, ris, csl
    name: str  # the form as readers know it
    file: str  # the file's name
    path: str  # site-relative (``file_url(path)`` in a template)


CITE_FILES = (
    ("bibtex", "BibTeX", "cite.bib"),
    ("ris", "RIS", "cite.ris"),
    ("csl", "CSL-JSON", "cite.json"),
)


@dataclass(frozen=True)
class RegionView:
    """Everything the region page shows, resolved."""

    region: m.Region
    level: m.Level
    href: str
    chain: list[Place]  # the divisions enclosing it, the nation first
    place: Place | None  # the division of its own code
    cite_files: list[CiteFile]
    documents: list[DocumentView]
    goals: list[GoalView]
    status: list[StatusView]
    phases: list[PhaseView]
    measure_groups: list[MeasureGroup]


def theme_link(theme: m.Theme) -> Link:
    return Link(theme.name, urls.theme_path(theme.id))


def indicator_link(indicator: m.Indicator) -> Link:
    return Link(indicator.name, urls.compare_indicator_path(indicator.id))


def indicator_page_link(indicator: m.Indicator) -> Link:
    """An indicator a record uses: its own page (every indicator in use has one)."""
    return Link(indicator.name, urls.indicator_path(indicator.id))


def document_view(index: AtlasIndex, region: m.Region, document_id: str) -> DocumentView:
    document = index.document(region, document_id)
    return DocumentView(
        document,
        index.kinds[document.kind],
        urls.anchor("doc", document.id),
        urls.document_path(region.id, document.id),
        urls.source_path(region.id, document.id),
        index.lineage.cites_of(region, document),
        index.lineage.cited_by(region, document),
    )


class _RegionViews:
    """Builds the views of one region's records."""

    def __init__(self, index: AtlasIndex, region: m.Region) -> None:
        self.index = index
        self.region = region
        self.documents = {d.id: document_view(index, region, d.id) for d in region.documents}
        self.goals = {g.id: g for g in region.goals}
        self.phases = {p.id: p for p in region.phases}
        self.measures = {x.id: x for x in region.measures}

    def link(self, kind: urls.RecordKind, record_id: str, label: m.Text) -> Link:
        return Link(label, "#" + urls.anchor(kind, record_id))

    def indicator(self, indicator_id: str | None) -> Link | None:
        return indicator_page_link(self.index.indicators[indicator_id]) if indicator_id else None

    def goal(self, goal: m.Goal) -> GoalView:
        state = deadline_state(goal, self.index.review_date)
        served_by = [x for x in self.region.measures if goal.id in x.goals]
        return GoalView(
            goal,
            urls.anchor("goal", goal.id),
            self.documents[goal.document],
            theme=theme_link(self.index.themes[goal.theme]),
            indicator=self.indicator(goal.indicator),
            overdue=state == "passed-no-outcome",
            outcome_anchor=urls.anchor("outcome", goal.id),
            outcome_source=self.outcome_source(goal),
            measures=[self.link("measure", x.id, x.title) for x in served_by],
            state=state,
        )

    def outcome_source(self, goal: m.Goal) -> str | None:
        outcome = goal.outcome
        if outcome is None or not outcome.quote or not outcome.document:
            return None
        return urls.source_path(self.region.id, outcome.document)

    def status(self, figure: m.Status) -> StatusView:
        return StatusView(
            figure,
            urls.anchor("status", figure.id),
            self.documents[figure.document],
            theme=theme_link(self.index.themes[figure.theme]),
            indicator=self.indicator(figure.indicator),
        )

    def phase(self, phase: m.Phase) -> PhaseView:
        return PhaseView(
            phase,
            urls.anchor("phase", phase.id),
            self.documents[phase.document],
            milestones=[MilestoneView(x, urls.anchor("milestone", x.id)) for x in phase.milestones],
        )

    def measure(self, measure: m.Measure) -> MeasureView:
        parent = self.measures[measure.parent] if measure.parent else None
        return MeasureView(
            measure,
            urls.anchor("measure", measure.id),
            self.documents[measure.document],
            parent=self.link("measure", parent.id, parent.title) if parent else None,
            goals=[self.link("goal", g, self.goals[g].statement) for g in measure.goals],
            phases=[self.link("phase", p, self.phases[p].name) for p in measure.phases],
        )

    def measure_groups(self) -> list[MeasureGroup]:
        in_use = {x.theme for x in self.region.measures}
        return [
            MeasureGroup(
                theme,
                urls.theme_group_anchor(theme.id),
                [self.measure(x) for x in self.region.measures if x.theme == theme.id],
            )
            for theme in self.index.atlas.themes
            if theme.id in in_use
        ]


def region_view(index: AtlasIndex, region: m.Region) -> RegionView:
    views = _RegionViews(index, region)
    return RegionView(
        region=region,
        level=index.levels[region.level],
        href=urls.region_path(region.id),
        chain=index.hierarchy.chain(region),
        place=index.hierarchy.place_of(region),
        cite_files=[
            CiteFile(key, name, file, urls.region_file(region.id, file))
            for key, name, file in CITE_FILES
        ],
        documents=list(views.documents.values()),
        goals=[views.goal(g) for g in region.goals],
        status=[views.status(s) for s in region.status],
        phases=[views.phase(p) for p in region.phases],
        measure_groups=views.measure_groups(),
    )


# --- views of the aggregate pages ----------------------------------------------------------


@dataclass(frozen=True)
class Linked(Generic[R]):
    """A record and the path of its anchor on its region page."""

    record: R
    href: str
    state: DeadlineState | None = None  # a goal's deadline on the atlas's review date


@dataclass(frozen=True)
class RegionRow:
    """A region as the home page lists it."""

    region: m.Region
    level: m.Level
    href: str
    parents: list[Place]  # the divisions enclosing it, below the nation
    documents: list[DocumentView]
    period: tuple[str | None, str | None]


def region_row(index: AtlasIndex, region: m.Region) -> RegionRow:
    return RegionRow(
        region,
        index.levels[region.level],
        urls.region_path(region.id),
        index.hierarchy.chain(region)[1:],
        [document_view(index, region, d.id) for d in region.documents],
        region_period(region),
    )


def region_period(region: m.Region) -> tuple[str | None, str | None]:
    """The earliest start and latest end of the region's documents and phases."""
    starts = [d.period.start for d in region.documents if d.period and d.period.start]
    ends = [d.period.end for d in region.documents if d.period and d.period.end]
    starts += [p.start for p in region.phases if p.start]
    ends += [p.end for p in region.phases if p.end]
    return (
        min(starts, key=fields.date_sort_key) if starts else None,
        max(ends, key=fields.date_end) if ends else None,
    )


def linked(
    region: m.Region, kind: urls.RecordKind, records: list[R], ids: list[str]
) -> list[Linked[R]]:
    return [
        Linked(record, urls.record_path(region.id, urls.anchor(kind, record_id)))
        for record, record_id in zip(records, ids, strict=True)
    ]
