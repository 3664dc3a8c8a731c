"""Pages and region files are made with placeholders for the dataset version and dates,
and stamped as they are read (generator/stamp.py): the stamped bytes are those that making
them with the real edition gives, in every form a date is written in."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from markupsafe import escape

from generator.build import build_files, save_stamps, site_manifests
from generator.cache import BuildCache
from generator.edition import Edition, edition_of, placeholder, stamp_for
from generator.errors import BuildError, Problem
from generator.exports import citations as cite
from generator.exports.region_exports import region_files
from generator.load.characters import clean_characters
from generator.load.release import Release
from generator.load.validate import ValidatedAtlas, load_atlas
from generator.output.writer import write_site
from generator.plan.index import AtlasIndex
from generator.plan.pages import plan_pages
from generator.project import Project
from generator.render.cached import render_with_cache
from generator.render.markup import Formatter
from generator.render.renderer import Renderer
from generator.sitefiles import content_digest
from generator.stamp import Stamp

DATES = ["2026-12-03", "2026-07", "2026"]  # a release date, or a partial review date


@pytest.fixture(scope="module")
def validated(small_atlas_dir: Path) -> ValidatedAtlas:
    release = Release("0.3.0", "3f2a9c0d1e2b" + "0" * 28, "2026-11-30", modified=True)
    return replace(load_atlas(small_atlas_dir), release=release)


def real(validated: ValidatedAtlas, date: str) -> Edition:
    return replace(edition_of(validated), released=date, accessed=date)


def csl_text(work: cite.Work, edition: Edition) -> str:
    return cite.csl_json([cite.csl_record(work, edition)])


def csl_html(work: cite.Work, edition: Edition) -> str:
    return str(escape(csl_text(work, edition)))


@pytest.mark.parametrize("date", DATES)
def test_every_citation_form_stamps_to_what_the_real_edition_writes(
    validated: ValidatedAtlas, date: str
) -> None:
    edition = real(validated, date)
    marked, stamp = placeholder(edition.site), stamp_for(edition)
    region = validated.atlas.regions[0]
    work = cite.work_for(region, region.documents[0], edition.site.base_url, "goal-x", None)
    forms: list[Callable[[cite.Work, Edition], str]] = [
        cite.gbt_record,
        cite.apa_record,
        cite.bibtex_record,
        cite.ris_record,
        csl_text,  # date parts: numbers in JSON
        csl_html,  # and in HTML
    ]
    for form in forms:
        made = form(work, marked).encode()
        assert "\ufdd0".encode() in made  # made with placeholders, whatever the version
        assert stamp.apply(made, "x") == form(work, edition).encode()


@pytest.mark.parametrize("date", DATES)
def test_a_date_in_words_stamps_in_both_languages(validated: ValidatedAtlas, date: str) -> None:
    edition = real(validated, date)
    stamp = stamp_for(edition)
    for lang in ("zh", "en"):
        fmt = Formatter(lang, lambda text: text)
        made = str(fmt.date(placeholder(edition.site).released)).encode()
        assert stamp.apply(made, "x") == str(fmt.date(date)).encode()


def test_a_region_s_files_stamp_to_what_the_real_edition_makes(
    validated: ValidatedAtlas,
) -> None:
    edition = edition_of(validated)
    stamp = stamp_for(edition)
    for region in validated.atlas.regions:
        made = region_files(region, placeholder(edition.site), "2026-11-30")
        direct = region_files(region, edition, "2026-11-30")
        assert {name: stamp.apply(content, name) for name, content in made.items()} == direct


def test_every_page_stamps_to_what_rendering_with_the_real_edition_gives(
    validated: ValidatedAtlas, small_atlas_dir: Path
) -> None:
    index = AtlasIndex.build(validated)
    project = Project.for_data(small_atlas_dir)
    pages = plan_pages(index, {})
    direct = Renderer(index, project, edition=edition_of(validated)).render_site(pages)
    marked = render_with_cache(Renderer(index, project), pages, BuildCache(None))
    stamped = marked.files.in_memory()
    assert stamped.keys() == direct.keys()
    differ = [name for name in direct if stamped[name] != direct[name]]
    assert differ == []
    footer = stamped["index.html"].decode()
    assert "0.3.0+3f2a9c0d1e2b.modified" in footer and "2026年11月30日" in footer
    assert not any("\ufdd0".encode() in content for content in stamped.values())


def test_a_placeholder_the_stamp_does_not_know_stops_the_build(
    validated: ValidatedAtlas,
) -> None:
    stamp = stamp_for(edition_of(validated))
    with pytest.raises(BuildError, match=r"/page\.html holds a placeholder with no value"):
        stamp.apply("<p>\ufdd0edition.colour\ufdd1</p>".encode(), "page.html")
    with pytest.raises(BuildError, match="escaped placeholder"):
        stamp.apply(b'{"version": "\\ufdd0version\\ufdd1"}', "api/v1/index.json")


def test_a_stamp_remembers_the_digest_of_what_it_stamped(validated: ValidatedAtlas) -> None:
    """So a warm build hands an unchanged page to the writer without reading it."""
    stamp = stamp_for(edition_of(validated))
    stamped = stamp.stamped("v\ufdd0version\ufdd1".encode(), "raw", "x")
    again = stamp_for(edition_of(validated), stamp.kept())
    assert again.lookup("raw") == (content_digest(stamped), len(stamped))
    assert again.lookup("other") is None


def test_an_archived_text_may_not_hold_the_placeholders_characters() -> None:
    problems: list[Problem] = []
    cleaned = clean_characters("第一条\n目标\ufdd0version\ufdd1", "sources/x.txt", problems)
    assert [(p.line, p.column) for p in problems] == [(2, 3), (2, 11)]
    assert "noncharacter U+FDD0" in problems[0].message
    assert "\ufdd0" not in cleaned


def test_a_new_version_reads_each_stamped_file_once_to_write_it(
    small_atlas_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new data commit changes every page's footer: each page is read from the cache and
    stamped once, to be written, not also once more to be compared with the site."""
    cache, out = BuildCache(tmp_path / "cache"), tmp_path / "site"
    project = Project.for_data(small_atlas_dir)

    def build(release: Release) -> int:
        validated = replace(load_atlas(small_atlas_dir, cache=cache), release=release)
        site = build_files(validated, project, cache=cache, with_search=False)
        written = write_site(site.files, out, site_manifests(cache))
        assert site.stamps is not None
        save_stamps(site.stamps, cache)
        return written

    build(Release("0.3.0", "a" * 40, "2026-11-30"))
    stamped: list[str] = []
    apply = Stamp.apply

    def counting(self: Stamp, content: bytes, name: str) -> bytes:
        stamped.append(name)
        return apply(self, content, name)

    monkeypatch.setattr(Stamp, "apply", counting)
    written = build(Release("0.3.0", "b" * 40, "2026-12-01"))
    assert stamped and len(stamped) == len(set(stamped))  # each file once
    assert written >= len(stamped)
    assert "+bbbbbbbbbbbb" in (out / "en" / "index.html").read_text(encoding="utf-8")
    stamped.clear()
    assert build(Release("0.3.0", "b" * 40, "2026-12-01")) == 0
    assert stamped == []  # the same version again: nothing read, nothing written
