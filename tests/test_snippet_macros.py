"""The record pieces that moved from Jinja macros to render/snippets.py (a view's link, a
draft's badge and class, a measure's Markdown summary) give the macros' exact HTML."""

from __future__ import annotations

from pathlib import Path

from generator.load import model as m
from generator.load.validate import ValidatedAtlas
from generator.plan.index import AtlasIndex
from generator.plan.views import Link
from generator.project import Project
from generator.render.renderer import Renderer

# The macros as templates/_macros.html and templates/_draft.html had them.
MACROS = """{% macro markdown_text(text) -%}
{% if lang == "en" and not text.en %}
<div class="md" lang="zh-Hans">{{ md(text.zh) }}</div>
<p class="untranslated">{{ _("not yet translated") }}</p>
{% else %}
<div class="md">{{ md(text.en if lang == "en" else text.zh) }}</div>
{% endif %}
{%- endmacro %}
{% macro link(l) -%}
<a href="{{ url(l.href) }}">{{ t(l.label) }}</a>
{%- endmacro %}
{% macro badge(record) -%}
{% if record.review == "draft" %}<span class="draft-badge">"""
MACROS += """{{ _("draft, not yet reviewed") }}</span>{% endif %}
{%- endmacro %}
{% macro cls(record) -%}{% if record.review == "draft" %} draft{% endif %}{%- endmacro %}
"""
CALLS = "[{{ link(l) }}|{{ part.link(l) }}][{{ markdown_text(x) }}|{{ part.markdown_text(x) }}]"
CALLS += "[{{ badge(r) }}{{ cls(r) }}|{{ part.draft_badge(r) }}{{ part.draft_class(r) }}]"

TEXTS = [
    m.Text(zh="**重点** <b>x</b> & [链接](https://example.org/?a=1&b=2)", en="A *b* <i>&amp;</i>"),
    m.Text(zh="只有中文 <script>", en=None),
    m.Text(zh="**粗体**之后"),
    m.Text(zh="- 一\n- 二", en="1. one\n2. two"),
]
HREFS = ["regions/heshui/", "#goal-1", 'x"><script>/', "themes/a&b/"]


def test_snippets_render_as_the_macros_did(small_atlas: ValidatedAtlas) -> None:
    renderer = Renderer(AtlasIndex.build(small_atlas), Project(Path(__file__).parents[1]))
    template = renderer.environment.from_string(MACROS + CALLS)
    goal = small_atlas.atlas.regions[0].goals[0]
    compared = 0
    for lang in ("zh", "en"):
        for text, href in zip(TEXTS, HREFS, strict=True):
            for review in (None, "draft"):
                record = goal.model_copy(update={"review": review})
                link = Link(label=text, href=href)
                out = template.render(**renderer.language_globals[lang], l=link, x=text, r=record)
                for pair in out.strip("[]").split("]["):
                    macro, snippet = pair.split("|")
                    assert macro == snippet, (lang, pair)
                    compared += 1
    assert compared == 2 * 4 * 2 * 3
