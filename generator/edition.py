"""The edition a build publishes: the dataset version and its dates, in every form they
are written in, and the placeholder edition pages and region files are made with.

A date is written in several forms: ISO (``2026-12-03``), the year alone (APA, BibTeX,
RIS ``PY``), RIS's ``2026/12/03/``, words in each language (``2026年12月3日``,
``3 December 2026``) and CSL-JSON's date parts (``[2026, 12, 3]``). Code that writes the
edition asks it for a form (:meth:`Edition.date_form`, :meth:`Edition.date_parts`)
instead of deriving it from the ISO date, so that :func:`placeholder`'s tokens can stand
for every form, and :func:`stamp_for` gives each token its real value
(:mod:`generator.stamp`).

A region's own files (its page and source pages, its citation and API files) are stamped
with the region's own edition (:func:`region_edition`: the newest commit that changed its
data, see :mod:`generator.load.release`), every other file with the atlas's
(:class:`Stamps`). No I/O.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from generator.load import model as m
from generator.load.release import Release
from generator.load.validate import ValidatedAtlas
from generator.plan.deadlines import atlas_review_date
from generator.plan.formatting import date_words
from generator.stamp import Stamp, token, token_name

DATES = ("released", "accessed")


def ris_date(date: str) -> str:
    """RIS dates are YYYY/MM/DD/ with the parts the source gives."""
    parts = date.split("-")
    return "/".join([*parts, *[""] * (3 - len(parts))]) + "/"


# Each form of a date, from its ISO spelling (a partial date: 2026 or 2026-07 as well).
DATE_FORMS: dict[str, Callable[[str], str]] = {
    "iso": lambda date: date,
    "year": lambda date: date[:4],
    "ris": ris_date,
    "words-zh": lambda date: date_words(date, "zh"),
    "words-en": lambda date: date_words(date, "en"),
}


def date_parts(date: str) -> list[int]:
    """CSL-JSON's date parts of a (partial) ISO date: ``[2026, 7]``."""
    return [int(part) for part in date.split("-")]


@dataclass(frozen=True)
class Edition:
    """The atlas as a whole: its settings, dataset version and dates (YYYY-MM-DD)."""

    site: m.SiteSettings
    version: str
    released: str
    accessed: str

    def iso(self, which: str) -> str:
        """``which`` date (``released`` or ``accessed``), as ISO."""
        return self.released if which == "released" else self.accessed

    def date_form(self, which: str, form: str) -> str:
        """``which`` date (``released`` or ``accessed``) in ``form`` (:data:`DATE_FORMS`)."""
        return DATE_FORMS[form](self.iso(which))

    def date_parts(self, which: str) -> list[int] | list[str]:
        """CSL-JSON's date parts of ``which`` date."""
        return date_parts(self.iso(which))


@dataclass(frozen=True)
class PlaceholderEdition(Edition):
    """The edition pages and region files are made with: every value a token."""

    def date_form(self, which: str, form: str) -> str:
        if form not in DATE_FORMS:  # the stamp would have no value for it
            raise KeyError(form)
        return token(f"{which}.{form}")

    def date_parts(self, which: str) -> list[int] | list[str]:
        return [token(f"{which}.parts")]


def placeholder(site: m.SiteSettings) -> PlaceholderEdition:
    """The edition whose version and dates are tokens (:mod:`generator.stamp`)."""
    return PlaceholderEdition(site, token("version"), token("released.iso"), token("accessed.iso"))


def date_token_form(value: str, form: str) -> str | None:
    """The token of ``form`` of the date whose ISO token is ``value`` (``fmt.date`` of a
    placeholder date), or ``None`` when ``value`` is no such token."""
    name = token_name(value)
    if name is None or not name.endswith(".iso"):
        return None
    return token(f"{name.removesuffix('.iso')}.{form}")


def stamp_for(edition: Edition, known: dict[str, tuple[str, int]] | None = None) -> Stamp:
    """The stamp that puts ``edition``'s values where :func:`placeholder`'s tokens are."""
    texts = {"version": edition.version}
    numbers: dict[str, list[int]] = {}
    for which in DATES:
        for form in DATE_FORMS:
            texts[f"{which}.{form}"] = edition.date_form(which, form)
        numbers[f"{which}.parts"] = date_parts(edition.iso(which))
    return Stamp(texts, numbers, known)


def edition_of(validated: ValidatedAtlas) -> Edition:
    """The dataset version and dates that footers, citations and downloads name."""
    return _edition(validated, validated.release, atlas_review_date(validated.atlas.regions))


def region_edition(validated: ValidatedAtlas, region: str, review: str | None = None) -> Edition:
    """The edition a region's own files name: its own release (the atlas's without git).
    ``review``: the atlas's review date, if known (it walks every region)."""
    review = review if review is not None else atlas_review_date(validated.atlas.regions)
    return _edition(validated, validated.region_releases.get(region, validated.release), review)


def _edition(validated: ValidatedAtlas, release: Release, review: str) -> Edition:
    """The edition of ``release``: its version, and its date (the review date without git)."""
    released = release.date(review)
    return Edition(validated.atlas.site, release.version, released, released)


class Stamps:
    """The stamp of the atlas's edition and of each region's own (regions of the same
    edition share one): :meth:`of` a file's owning region, or of the atlas (``None``)."""

    def __init__(self, site: Stamp, regions: Mapping[str, Stamp] | None = None) -> None:
        self.site = site
        self.regions = dict(regions or {})

    def of(self, owner: str | None) -> Stamp:
        return self.regions.get(owner, self.site) if owner is not None else self.site

    def each(self) -> list[Stamp]:
        """Every distinct stamp."""
        found = {self.site.identity: self.site}
        for stamp in self.regions.values():
            found.setdefault(stamp.identity, stamp)
        return list(found.values())

    def kept(self) -> dict[str, dict[str, tuple[str, int]]]:
        """What the next build needs to know: each stamp's identity -> :meth:`Stamp.kept`."""
        return {stamp.identity: stamp.kept() for stamp in self.each()}


def stamps_for(
    validated: ValidatedAtlas, known: Mapping[str, dict[str, tuple[str, int]]] | None = None
) -> Stamps:
    """The stamps of the atlas's edition and its regions', each knowing what ``known``
    (an earlier build's :meth:`Stamps.kept`) holds for its identity."""
    made: dict[str, Stamp] = {}

    def stamp_of(edition: Edition) -> Stamp:
        stamp = stamp_for(edition)
        if stamp.identity not in made:
            made[stamp.identity] = stamp
            if known is not None and stamp.identity in known:
                stamp.known.update(known[stamp.identity])
        return made[stamp.identity]

    review = atlas_review_date(validated.atlas.regions)  # once: each region's walked them all
    site = stamp_of(_edition(validated, validated.release, review))
    regions = {
        region: stamp_of(region_edition(validated, region, review))
        for region in validated.region_releases
    }
    return Stamps(site, regions)
