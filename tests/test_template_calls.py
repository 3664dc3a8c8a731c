"""render/calls.py: the direct template calls and gettext give Jinja's own output."""

from __future__ import annotations

from typing import Any

from jinja2 import DictLoader, Environment, StrictUndefined, pass_context
from jinja2.runtime import Context

from generator.render.calls import DirectContext, gettext_callables
from generator.render.i18n import translations

TEMPLATE = """{% macro link(x) %}<a>{{ x }}</a>{% endmacro %}
{{ _("Regions") }} {{ _("100%% of %(what)s", what="<b>") }} {{ gettext("Search") }}
{% for n in [1, 2] %}{{ ngettext("%(num)s note", "%(num)s notes", n) }} {{ link(n) }}
{{ lang_of() }} {{ echo("<i>", key=n) }}{% endfor %}
{% block body %}{{ echo(_("Documents")) }}{% endblock %}"""


@pass_context
def lang_of(context: Context) -> str:
    return str(context["lang"])


def echo(value: Any, key: Any = None) -> str:
    return f"{value}{key or ''}"


def _environment(direct: bool, lang: str) -> tuple[Environment, dict[str, Any]]:
    env = Environment(
        loader=DictLoader({"page.html": TEMPLATE}),
        autoescape=True,
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
    )
    catalog = translations(lang)
    env.install_gettext_callables(  # type: ignore[attr-defined]
        catalog.gettext, catalog.ngettext, newstyle=True
    )
    if direct:
        env.context_class = DirectContext
    extra = gettext_callables(lang) if direct else {}
    return env, extra


def test_direct_calls_render_as_jinja_does() -> None:
    for lang in ("zh", "en"):
        pages = []
        for direct in (False, True):
            env, extra = _environment(direct, lang)
            template = env.get_template("page.html")
            for _ in range(2):  # the second render takes the memoised translations
                pages.append(template.render(lang=lang, lang_of=lang_of, echo=echo, **extra))
        assert len(set(pages)) == 1, lang
        assert "&lt;b&gt;" in pages[0] and "100%" in pages[0]
