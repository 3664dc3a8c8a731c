"""What editors write cannot inject code into a page, and what is unknown or untranslated
is shown as such, never as a blank."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.load import model as m
from generator.load.validate import ValidatedAtlas
from generator.plan.index import AtlasIndex
from generator.plan.pages import plan_pages
from generator.project import Project
from generator.render.markdown import _parser, is_safe_link, render_markdown
from generator.render.renderer import Renderer
from tests.html_support import by_id, parse, text_of, with_class

INJECTIONS = [
    "<script>alert(1)</script> **bold**",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1))",
    "[data](data:text/html;base64,PHNjcmlwdD4=)",
    "<img src=x onerror=alert(1)>",
    "<a href='javascript:alert(1)'>x</a>",
    "![img](javascript:alert(1))",
    "<javascript:alert(1)>",
    "[vb](vbscript:msgbox(1))",
]


@pytest.mark.parametrize("source", INJECTIONS)
def test_markdown_never_emits_html_or_script_links(source: str) -> None:
    html = str(render_markdown(source))
    root = parse(html)
    assert not list(root.iter("script")) and not list(root.iter("img"))
    for element in root.iter():
        assert not any(name.startswith("on") for name in element.attrib)
        for attribute in ("href", "src"):
            value = element.get(attribute)
            assert value is None or is_safe_link(value), value


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://example.org/a", True),
        ("http://x.y", True),
        ("mailto:a@b.c", True),
        ("../regions/heshui/", True),
        ("#goal-x", True),
        ("javascript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("//evil.example/", False),
        ("data:text/html,x", False),
        ("file:///etc/passwd", False),
    ],
)
def test_only_web_mail_and_relative_links_are_allowed(url: str, safe: bool) -> None:
    assert is_safe_link(url) is safe


def test_markdown_keeps_the_editors_emphasis_and_links() -> None:
    root = parse(
        str(render_markdown("Each school builds **five** [model lessons](https://x.org/)"))
    )
    assert [text_of(e) for e in root.iter("strong")] == ["five"]
    assert [a.get("href") for a in root.iter("a")] == ["https://x.org/"]


def _with_region(validated: ValidatedAtlas, region_id: str, **changes: object) -> ValidatedAtlas:
    regions = [
        r.model_copy(update=changes) if r.id == region_id else r for r in validated.atlas.regions
    ]
    return replace(validated, atlas=validated.atlas.model_copy(update={"regions": regions}))


def _render(validated: ValidatedAtlas, lang: str, path: str) -> bytes:
    index = AtlasIndex.build(validated)
    page = next(p for p in plan_pages(index, {}) if p.lang == lang and p.path == path)
    return Renderer(index, Project(Path(__file__).parents[1])).render_page(page)


def test_a_hostile_summary_does_not_reach_the_region_page(small_atlas: ValidatedAtlas) -> None:
    heshui = next(r for r in small_atlas.atlas.regions if r.id == "heshui")
    hostile = m.Text(
        zh="<script>alert('zh')</script>[点我](javascript:alert(1))",
        en="<img src=x onerror=alert(1)> <b>raw</b> [x](javascript:alert(2))",
    )
    measures = [heshui.measures[0].model_copy(update={"summary": hostile})]
    validated = _with_region(small_atlas, "heshui", measures=measures)
    for lang in ("zh", "en"):
        html = _render(validated, lang, "regions/heshui/")
        root = parse(html)
        assert all(s.get("src") or s.get("type") == "application/json" for s in root.iter("script"))
        assert not list(root.iter("img")) and not list(root.iter("b"))
        assert not [a for a in root.iter("a") if "javascript" in (a.get("href") or "")]
        summary = text_of(next(with_class(root, "md")))
        assert "alert" in summary, "the hostile text is shown as text"


def test_missing_english_is_marked_not_yet_translated(small_atlas: ValidatedAtlas) -> None:
    heshui = next(r for r in small_atlas.atlas.regions if r.id == "heshui")
    goal = heshui.goals[0].model_copy(update={"statement": m.Text(zh="只有中文的目标")})
    validated = _with_region(small_atlas, "heshui", goals=[goal, *heshui.goals[1:]])
    root = parse(_render(validated, "en", "regions/heshui/"))
    record = by_id(root, f"goal-{goal.id}")
    assert record is not None
    heading = next(record.iter("h3"))
    assert "只有中文的目标" in text_of(heading)
    assert text_of(next(with_class(heading, "untranslated"))) == "not yet translated"
    assert any(e.get("lang") == "zh-Hans" for e in heading.iter("span"))


def test_unknown_deadline_reads_not_stated_and_is_never_overdue(
    small_atlas: ValidatedAtlas,
) -> None:
    heshui = next(r for r in small_atlas.atlas.regions if r.id == "heshui")
    goal = heshui.goals[0].model_copy(update={"deadline": None})
    validated = _with_region(small_atlas, "heshui", goals=[goal, *heshui.goals[1:]])
    for lang, words in (("en", "not stated"), ("zh", "原文未说明")):
        record = by_id(parse(_render(validated, lang, "regions/heshui/")), f"goal-{goal.id}")
        assert record is not None
        assert words in [text_of(e) for e in with_class(record, "not-stated")]
        assert not list(with_class(record, "overdue"))


def test_a_recorded_outcome_replaces_the_overdue_warning(small_atlas: ValidatedAtlas) -> None:
    heshui = next(r for r in small_atlas.atlas.regions if r.id == "heshui")
    outcome = m.Outcome(
        status="met", as_of="2026-09", statement=m.Text(zh="已完成", en="Reached in September 2026")
    )
    goal = heshui.goals[0].model_copy(update={"outcome": outcome})
    validated = _with_region(small_atlas, "heshui", goals=[goal, *heshui.goals[1:]])
    record = by_id(parse(_render(validated, "en", "regions/heshui/")), f"goal-{goal.id}")
    assert record is not None
    assert not list(with_class(record, "overdue"))
    assert "Reached in September 2026" in text_of(record)


def test_deadline_after_the_review_is_not_overdue(small_atlas: ValidatedAtlas) -> None:
    validated = _with_region(small_atlas, "heshui", reviewed="2026-07-15")
    root = parse(_render(validated, "en", "regions/heshui/"))
    assert not list(with_class(root, "overdue")), "July 2026 has not ended on 15 July 2026"


@settings(max_examples=1500, deadline=None)
@given(
    st.text(
        alphabet=list("ab 合水-+#>=~|.)(0123456789\t:/!\"'%*\\&<_`[]　\u00a0，“”、"), max_size=24
    )
)
def test_the_shortcut_for_plain_text_renders_as_markdown_it_does(source: str) -> None:
    fast = parse(str(render_markdown(source)))
    slow = parse(_parser().render(source))
    body = [(e.tag, text_of(e)) for e in next(fast.iter("body")).iter()]
    assert body == [(e.tag, text_of(e)) for e in next(slow.iter("body")).iter()]


@settings(max_examples=1500, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["**", "*", "形成", "a", " ", "，", "“", "”", "_", "x1", "可推广", "-", "."]
        ),
        max_size=12,
    ).map("".join)
)
@example("**_a_**b")
@example("x**a****b**")
@example("**“AI+”**形成")
def test_the_shortcut_for_strong_renders_as_markdown_it_does(source: str) -> None:
    fast = parse(str(render_markdown(source)))
    slow = parse(_parser().render(source))
    body = [(e.tag, text_of(e)) for e in next(fast.iter("body")).iter()]
    assert body == [(e.tag, text_of(e)) for e in next(slow.iter("body")).iter()]
