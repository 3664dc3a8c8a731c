"""Families of aggregate pages taken as an earlier build planned them, their views unmade.

Planning the aggregate pages and hashing their views were half of a warm rebuild at 1,000
regions (plan 1.9 s, view hashes 1.7 s), though an edit to one region changes the views of
few families: a measure's text is on no chart or indicator page. So each family's pages
are stored, after a build renders them, as the plan made them (path, language, template,
section) with the hash of each view, under a key made of what the family's views are made
from (the page keys' shared hash and :func:`~generator.plan.families.family_digests`).
A later build that finds its family's key takes those pages (``Page.view`` set, no
context) and looks them up in the page cache by their view hash and the fields they read,
as a planned page is; a page not found there (its read fields changed, its entry gone)
has its family planned again (``replan``), and its view made and hashed.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field

from generator.cache import BuildCache, digest
from generator.plan.families import family_digests
from generator.plan.index import AtlasIndex
from generator.plan.pages import Page

CACHE_KIND = "page-families"
Spec = tuple[str, str, str, str, str]  # path, language, template, section, view hash
Replan = Callable[[Collection[str]], list[Page]]


@dataclass
class SettledFamilies:
    """The families of one build: their keys, which were taken from the cache."""

    cache: BuildCache
    keys: dict[str, str]  # family -> the key of its pages
    replan: Replan  # the pages of these families, planned (views made)
    taken: set[str] = field(default_factory=set)

    @classmethod
    def of(
        cls, index: AtlasIndex, shared: str, cache: BuildCache, replan: Replan
    ) -> SettledFamilies:
        """``shared``: what every page key holds (code, settings, codebooks, review
        date, the hierarchy's and the lineage's names)."""
        digests = family_digests(index)
        keys = {family: digest(shared, family, hashed) for family, hashed in digests.items()}
        return cls(cache, keys, replan)

    def lookup(self, family: str) -> list[Page] | None:
        """The family's pages as an earlier build with the same inputs planned them, or
        ``None``."""
        found = self.cache.get_object(CACHE_KIND, self.keys[family])
        if not isinstance(found, list):
            return None
        self.taken.add(family)
        return [
            Page(path, lang, template, section, family=family, view=view)
            for path, lang, template, section, view in found
        ]

    def planned_again(self, families: Collection[str]) -> list[Page]:
        """The pages of ``families``, taken from the cache but not all found there,
        planned."""
        self.taken -= set(families)
        return self.replan(families)

    def save(self, pages: list[Page], views: dict[str, str | None]) -> None:
        """Store each family planned in this build, its pages with their view hashes
        (``views``, by output path); a family with a page whose view could not be hashed
        is not stored. Entries of families no longer built leave the cache."""
        specs: dict[str, list[Spec] | None] = {}
        for page in pages:
            if not page.family or page.family in self.taken:
                continue
            family = specs.setdefault(page.family, [])
            view = views.get(page.output_path)
            if family is None or view is None:
                specs[page.family] = None
                continue
            family.append((page.path, page.lang, page.template, page.section, view))
        for name, found in specs.items():
            if found is not None:
                self.cache.put_object(CACHE_KIND, self.keys[name], found)
        kept = [self.keys[name] for name in self.taken] + [
            self.keys[name] for name, found in specs.items() if found is not None
        ]
        self.cache.retain(CACHE_KIND, kept)
