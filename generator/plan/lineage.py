"""Document lineage: which document implements or cites which, and the cascade from the
national level through the provinces to cities and counties. No I/O."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from generator import urls
from generator.load import model as m

CASCADE_LEVELS = ("national", "province", "prefecture-city")


@dataclass(frozen=True)
class CitedDocument:
    """A document that atlas documents cite: an atlas document or a referenced one."""

    key: str  # "beijing/work-plan" or a referenced-document id
    title: m.Text
    number: str | None
    level: m.Level
    path: str  # the page that shows it
    referenced: m.ReferencedDocument | None = None
    region: m.Region | None = None
    document: m.Document | None = None


@dataclass(frozen=True)
class Citing:
    """An atlas document's citation of another document, with the citing region's level
    and the citing document's kind."""

    region: m.Region
    level: m.Level
    document: m.Document
    kind: m.DocumentKind
    citation: m.DocumentCitation

    @property
    def path(self) -> str:
        return urls.document_path(self.region.id, self.document.id)


@dataclass(frozen=True)
class Lineage:
    """Every cited document and, for each, the atlas documents that cite it."""

    cited: dict[str, CitedDocument]
    citing: dict[str, list[Citing]]  # cited key -> citations, highest level first
    level_rank: dict[str, int]

    def cites_of(
        self, region: m.Region, document: m.Document
    ) -> list[tuple[CitedDocument, m.DocumentCitation]]:
        """What one atlas document implements or cites, in the order it lists them."""
        return [(self.cited[c.document], c) for c in document.cites if c.document in self.cited]

    def cited_by(self, region: m.Region, document: m.Document) -> list[Citing]:
        """The atlas documents that cite this atlas document."""
        return self.citing.get(f"{region.id}/{document.id}", [])

    def cascade(self) -> list[tuple[str, list[CitedDocument]]]:
        """The cited documents by level id, national first: the lineage view's sections."""
        sections = []
        for level in CASCADE_LEVELS:
            docs = [
                d for d in self.cited.values() if d.level.id == level and self.citing.get(d.key)
            ]
            if docs:
                sections.append(
                    (level, sorted(docs, key=lambda d: (-len(self.citing[d.key]), d.key)))
                )
        return sections

    def citation_count(self) -> int:
        return sum(len(c) for c in self.citing.values())

    @classmethod
    def build(
        cls,
        regions: list[m.Region],
        referenced: list[m.ReferencedDocument],
        levels: dict[str, m.Level],
        kinds: dict[str, m.DocumentKind],
    ) -> Lineage:
        cited: dict[str, CitedDocument] = {
            entry.id: CitedDocument(
                entry.id,
                entry.title,
                entry.number,
                levels[entry.level],
                urls.reference_path(entry.id),
                entry,
            )
            for entry in referenced
        }
        for region in regions:
            for doc in region.documents:
                key = f"{region.id}/{doc.id}"
                cited[key] = CitedDocument(
                    key,
                    doc.title,
                    doc.number,
                    levels[region.level],
                    urls.document_path(region.id, doc.id),
                    region=region,
                    document=doc,
                )
        rank = {level_id: level.rank for level_id, level in levels.items()}
        citing: dict[str, list[Citing]] = defaultdict(list)
        for region in regions:
            for doc in region.documents:
                for citation in doc.cites:
                    citing[citation.document].append(
                        Citing(region, levels[region.level], doc, kinds[doc.kind], citation)
                    )
        ordered = {
            key: sorted(found, key=lambda c: (rank.get(c.region.level, 99), c.region.id))
            for key, found in citing.items()
        }
        return cls(cited, ordered, rank)
