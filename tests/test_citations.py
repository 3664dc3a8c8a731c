"""Citations of a record, a region and their primary documents: every form parses with a
reader of that format and names the same work, version and dates."""

from __future__ import annotations

import json
import re
from pathlib import Path

import citeproc  # type: ignore[import-untyped]
import pytest
import rispy  # type: ignore[import-untyped]
from bibtexparser.entrypoint import parse_string as parse_bibtex
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc.source.json import CiteProcJSON  # type: ignore[import-untyped]

from generator.exports import citations as cite
from generator.load import model as m
from generator.load.release import Release
from generator.load.validate import ValidatedAtlas
from tests.html_support import by_id, parse, text_of, with_class
from tests.site_support import BuiltSite

SCHEMA = Path(citeproc.__file__).parent / "data" / "schema" / "schemas" / "styles"
STYLE = Path(citeproc.__file__).parent / "data" / "styles" / "harvard-cite-them-right.csl"


def _rnc_names(name: str) -> set[str]:
    return set(re.findall(r'"([A-Za-z-]+)"', (SCHEMA / name).read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def edition(small_atlas: ValidatedAtlas) -> cite.Edition:
    release = Release("0.1.0", "3f2a9c0d1e2b" + "0" * 28, "2026-11-30")
    from dataclasses import replace

    return cite.edition_of(replace(small_atlas, release=release))


@pytest.fixture(scope="module")
def heshui(small_atlas: ValidatedAtlas) -> m.Region:
    return next(r for r in small_atlas.atlas.regions if r.id == "heshui")


def _document_with_everything() -> m.Document:
    return m.Document(
        id="plan",
        title=m.Text(zh="某市教育局关于{人工智能}的通知", en="Notice on AI & schools"),
        kind="action-plan",
        issuer=m.Text(zh="某市教育局", en="City Education Bureau"),
        number="某教〔2025〕12号",
        published="2025-03-08",
        url="https://example.org/notice_12.html",
        text="plan.txt",
    )


def test_the_dataset_version_names_the_data_commit(edition: cite.Edition) -> None:
    assert edition.version == "0.1.0+3f2a9c0d1e2b"
    assert edition.released == edition.accessed == "2026-11-30"
    assert Release("0.1.0").version == "0.1.0", "no git: the package version alone"
    assert Release("0.1.0", "ab" * 20, "2026-01-01", modified=True).version.endswith(".modified")


def test_plain_text_forms_name_record_version_dates_and_the_document(
    edition: cite.Edition, heshui: m.Region
) -> None:
    document = _document_with_everything()
    work = cite.work_for(
        heshui, document, edition.site.base_url, "goal-x", m.Text(zh="目标甲", en="Goal A")
    )
    gbt = cite.gbt_record(work, edition)
    assert "合水县:目标甲[DB/OL]" in gbt and "版本 0.1.0+3f2a9c0d1e2b" in gbt
    assert "(2026-11-30)[2026-11-30]" in gbt and gbt.endswith("regions/heshui/#goal-x.")
    assert cite.gbt_document(document) == (
        "某市教育局. 某市教育局关于{人工智能}的通知: 某教〔2025〕12号[Z/OL]. (2025-03-08). "
        "https://example.org/notice_12.html."
    )
    apa = cite.apa_record(work, edition)
    assert apa.startswith("Policy Atlas editors. (2026). Heshui County: Goal A [Data set].")
    assert "(Version 0.1.0+3f2a9c0d1e2b)" in apa and "Retrieved 30 November 2026" in apa
    assert cite.apa_document(document) == (
        "City Education Bureau. (2025, March 8). 某市教育局关于{人工智能}的通知 "
        "[Notice on AI & schools] (某教〔2025〕12号). https://example.org/notice_12.html"
    )


def test_a_document_without_issuer_is_cited_as_anonymous_not_invented(heshui: m.Region) -> None:
    document = heshui.documents[0]
    assert document.issuer is None and document.number is None
    assert cite.gbt_document(document).startswith("佚名. ")
    assert cite.apa_document(document).startswith(document.title.zh)


def test_bibtex_parses_with_every_field(edition: cite.Edition, heshui: m.Region) -> None:
    document = _document_with_everything()
    work = cite.work_for(
        heshui, document, edition.site.base_url, "goal-x", m.Text(zh="目标_1 & 100%")
    )
    library = parse_bibtex(cite.bibtex(work, edition))
    assert not library.failed_blocks
    record, primary = library.entries
    assert record.key == "atlas-heshui-goal-x" and primary.key == "heshui-plan"
    assert record["version"] == "0.1.0+3f2a9c0d1e2b" and record["urldate"] == "2026-11-30"
    assert record["titleaddon"] == r"合水县:目标\_1 \& 100\%"
    assert record["related"] == primary.key
    assert primary["author"] == "{某市教育局}" and primary["number"] == "某教〔2025〕12号"
    assert primary["title"] == r"某市教育局关于\{人工智能\}的通知"


def test_ris_parses_into_a_dataset_and_a_government_document(
    edition: cite.Edition, heshui: m.Region
) -> None:
    work = cite.work_for(heshui, _document_with_everything(), edition.site.base_url, None, None)
    record, primary = rispy.loads(cite.ris(work, edition))
    assert record["type_of_reference"] == "DATA" and primary["type_of_reference"] == "GOVDOC"
    assert record["edition"] == "0.1.0+3f2a9c0d1e2b"
    assert record["access_date"] == "2026/11/30/"
    assert record["urls"] == ["https://policy-atlas.netlify.app/regions/heshui/"]
    assert primary["authors"] == ["某市教育局"] and primary["date"] == "2025/03/08/"


def test_csl_json_uses_csl_types_and_variables_and_a_processor_formats_it(
    edition: cite.Edition, heshui: m.Region
) -> None:
    work = cite.work_for(
        heshui, _document_with_everything(), edition.site.base_url, "goal-x", m.Text(zh="目标")
    )
    items = json.loads(cite.csl_json(cite.csl_items(work, edition)))
    types, variables = _rnc_names("csl-types.rnc"), _rnc_names("csl-variables.rnc")
    for item in items:
        assert item["type"] in types
        assert set(item) - {"id", "type", "author", "issued", "accessed"} <= variables
    source = CiteProcJSON(items)
    bibliography = CitationStylesBibliography(
        CitationStylesStyle(str(STYLE), validate=False), source, citeproc.formatter.plain
    )
    bibliography.register(Citation([CitationItem(item["id"]) for item in items]))
    rendered = [str(entry) for entry in bibliography.bibliography()]
    assert any("Policy Atlas editors (2026)" in text for text in rendered), rendered
    assert any("某市教育局 (2025)" in text for text in rendered), rendered


def test_region_files_hold_every_record_once_and_each_document(
    built_site: BuiltSite, small_atlas: ValidatedAtlas
) -> None:
    heshui = next(r for r in small_atlas.atlas.regions if r.id == "heshui")
    records = 1 + len(heshui.goals) + len(heshui.status) + len(heshui.measures)
    records += sum(1 + len(p.milestones) for p in heshui.phases)
    library = parse_bibtex(built_site.text("regions/heshui/cite.bib"))
    keys = [e.key for e in library.entries]
    assert len(keys) == len(set(keys)) == records + len(heshui.documents)
    assert len(rispy.loads(built_site.text("regions/heshui/cite.ris"))) == len(keys)
    assert [i["id"] for i in json.loads(built_site.text("regions/heshui/cite.json"))] == keys


def test_region_and_record_citations_are_on_the_page_without_javascript(
    built_site: BuiltSite,
) -> None:
    for path, form in (
        ("regions/heshui/index.html", "[DB/OL]"),
        ("en/regions/heshui/index.html", "[Data set]"),
    ):
        root = parse(built_site.read(path))
        section = next(with_class(root, "cite-region"))
        codes = [text_of(e) for e in with_class(section, "cite-code")]
        assert codes[0].startswith("@misc{atlas-heshui,") and codes[1].startswith("TY - DATA")
        assert json.loads(
            "".join(
                next(
                    e for e in with_class(section, "cite-code") if e.text and e.text.startswith("[")
                ).itertext()
            )
        )
        record = by_id(root, "goal-pilot-schools")
        assert record is not None
        lines = [text_of(e) for e in with_class(record, "cite-text")]
        assert form in lines[0] and "#goal-pilot-schools" in lines[0]
        assert len(lines) == 2, "the record, then its primary document"
