"""The record pieces that moved from Jinja macros to render/snippets.py (a view's link, a
draft's badge and class, a measure's Markdown summary) give the macros' exact HTML."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment
from markupsafe import Markup

from generator.load import model as m
from generator.load.validate import ValidatedAtlas
from generator.plan.formatting import shorten
from generator.plan.index import AtlasIndex, Citation
from generator.plan.sourcetext import locate, paragraphs
from generator.plan.views import Link
from generator.project import Project
from generator.render.renderer import Renderer
from generator.render.snippets import source_pieces

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


# templates/_source_text.html's macro, as it was.
PIECES = """{% macro pieces(p, type_labels) -%}
{% for piece in p.pieces %}{% if not piece.marked %}{{ piece.text }}{% else %}"""
PIECES += """{% for a in piece.anchors[1:] %}<span id="{{ a }}"></span>{% endfor %}<mark"""
PIECES += """{% if piece.anchors %} id="{{ piece.anchors[0] }}"{% endif %}>"""
PIECES += """{{ piece.text }}</mark>"""
PIECES += """{% for end in piece.ends %}<a class="backref" href="{{ end.href }}">"""
PIECES += """<span aria-hidden="true">↩ </span>{{ type_labels[end.citation.record_type] }}: """
PIECES += """{{ plain(end.citation.label)|shorten(18) }}</a>{% endfor %}{% endif %}{% endfor %}
{%- endmacro %}"""


def test_source_pieces_render_as_the_macro_did() -> None:
    env = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
    env.filters["shorten"] = shorten
    module = env.from_string(PIECES).make_module({"plain": lambda text: text.zh})
    text = '第一段 <b>到2026年</b>\n\n7月完成。第二段 & 甲乙丙丁戊 "引" 文'
    quotes = {
        "goal-a": "到2026年</b>7月完成",
        "measure-b": "甲乙丙",
        "phase-c": "乙丙丁",
        "status-d": "乙丙",
        "goal-e": '"引"',
    }
    citations = [
        Citation(anchor, anchor.split("-")[0], m.Text(zh=f"<i>{anchor}</i> 很长的标签" * 3), quote)
        for anchor, quote in quotes.items()
    ]
    labels = {kind: Markup(f"<em>{kind}</em>") for kind in ("goal", "measure", "phase", "status")}
    found = paragraphs(text, locate(text, citations))
    assert len(found) == 2 and any(piece.ends for p in found for piece in p.pieces)
    for paragraph in found:
        expected = str(module.pieces(paragraph, labels))  # type: ignore[attr-defined]
        assert str(source_pieces(paragraph, labels, lambda text: text.zh)) == expected
