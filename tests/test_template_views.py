"""Templates receive view models and never look anything up, and they link only to paths
made by generator/urls.py.

Two mechanisms hold this, and these tests hold the mechanisms:

- the renderer gives templates no ``AtlasIndex`` (the environment's StrictUndefined makes
  any use of one fail the build): no template names ``index``, no page is rendered with
  one in reach, and a template that tried would fail; nor does a template look a record
  up by key in a table it was given (``regions[region_id]``);
- no template builds a path: the argument of ``url()``, ``file_url()`` and the other URL
  helpers is never assembled with ``~``, ``+``, ``%`` or a filter, and a link attribute
  holds one ready URL (or ``#`` and a ready anchor), never a URL glued to more text.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jinja2
import pytest
from jinja2 import meta, nodes

from generator.load.validate import ValidatedAtlas
from generator.plan.formatting import shorten
from generator.plan.index import AtlasIndex
from generator.plan.pages import plan_pages
from generator.project import Project
from generator.render.renderer import Renderer, to_json

REPO = Path(__file__).resolve().parent.parent
TEMPLATES = REPO / "templates"
TEMPLATE_FILES = sorted(p for p in TEMPLATES.iterdir() if p.is_file())
# The helpers that turn a path into a URL (templates/base.html lists them).
URL_HELPERS = frozenset({"url", "other_url", "absolute_url", "file_url", "asset"})
# Attributes whose value is an address.
LINK_ATTRIBUTES = ("href", "src", "action", "srcset", "poster")


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), extensions=["jinja2.ext.i18n"]
    )
    env.install_null_translations(newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(json=to_json, shorten=shorten)  # the renderer's own filters
    return env


def _parse(template: Path) -> nodes.Template:
    env = _environment()
    return env.parse(template.read_text(encoding="utf-8"), template.name)


# --- no index ------------------------------------------------------------------------------


# What templates once reached for and views now carry: the index, and the helper that
# worked out a goal's deadline state at render time (views hold ``state``).
LOOKUPS = frozenset({"index", "deadline_state"})


def index_uses(template: Path) -> list[str]:
    """Where ``template`` reads ``index`` (or another of :data:`LOOKUPS`) without setting
    it itself."""
    tree = _parse(template)
    read = LOOKUPS & meta.find_undeclared_variables(tree)
    return [
        f"{template.name}:{name.lineno}: {name.name}"
        for name in tree.find_all(nodes.Name)
        if name.name in read and name.ctx == "load"
    ]


@pytest.mark.parametrize("template", TEMPLATE_FILES, ids=lambda p: p.name)
def test_no_template_reads_the_index(template: Path) -> None:
    uses = index_uses(template)
    assert not uses, f"templates read `index` (give the template a view instead): {', '.join(uses)}"


def _walk(value: Any, seen: set[int], depth: int = 0) -> Iterator[Any]:
    """``value`` and what it holds: dataclass fields, list items, dict values (records of
    the data model are leaves: they cannot hold the index)."""
    if depth > 8 or id(value) in seen:
        return
    seen.add(id(value))
    yield value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _walk(getattr(value, f.name), seen, depth + 1)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            yield from _walk(item, seen, depth + 1)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _walk(item, seen, depth + 1)


def test_no_page_is_rendered_with_the_index_in_reach(
    small_atlas: ValidatedAtlas, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = AtlasIndex.build(small_atlas)
    pages = plan_pages(index, {})
    renderer = Renderer(index, Project(REPO))
    assert not LOOKUPS & set(renderer.environment.globals)
    reached: dict[str, list[str]] = {}
    original = jinja2.Template.render

    def spy(self: jinja2.Template, *args: Any, **kwargs: Any) -> str:
        names = set(kwargs) | set(self.globals)
        holders = [
            name
            for name, value in {**self.globals, **kwargs}.items()
            if any(isinstance(v, AtlasIndex) for v in _walk(value, set()))
        ]
        reached[str(self.name)] = sorted((LOOKUPS & names) | set(holders))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(jinja2.Template, "render", spy)
    for page in pages:
        renderer.render_page(page)
    assert {page.template for page in pages} <= set(reached)
    with_index = {name: found for name, found in reached.items() if found}
    assert not with_index, f"rendered with the index in reach: {with_index}"


def test_a_template_that_reads_the_index_fails(small_atlas: ValidatedAtlas) -> None:
    renderer = Renderer(AtlasIndex.build(small_atlas), Project(REPO))
    template = renderer.environment.from_string("{{ index.levels['county'].name }}")
    with pytest.raises(jinja2.UndefinedError):
        template.render(**renderer.language_globals["zh"])


# The page's charts, keyed by the chart ids the page itself lists (render/renderer.py).
CHART_CONTEXT = frozenset({"charts", "embeds"})


def _names_set_in(tree: nodes.Template) -> set[str]:
    """The names a template gives values itself: ``{% set %}``, loop and macro variables."""
    names: set[str] = set()
    for node in tree.find_all((nodes.Assign, nodes.AssignBlock, nodes.For)):
        assert isinstance(node, nodes.Assign | nodes.AssignBlock | nodes.For)
        target = node.target
        names |= {name.name for name in target.find_all(nodes.Name)}
        if isinstance(target, nodes.Name):
            names.add(target.name)
    for macro in tree.find_all(nodes.Macro):
        names |= {arg.name for arg in macro.args}
    return names


def context_lookups(template: Path) -> list[str]:
    """Where ``template`` looks a value up by key in a mapping it was given (a table of
    records by id): a subscript of a context variable that the template did not set."""
    tree = _parse(template)
    own = _names_set_in(tree) | CHART_CONTEXT
    return [
        f"{template.name}:{item.lineno}: {item.node.name}[...]"
        for item in tree.find_all(nodes.Getitem)
        if isinstance(item.node, nodes.Name)
        and item.node.name not in own
        and not isinstance(item.arg, nodes.Const | nodes.Slice)
    ]


@pytest.mark.parametrize("template", TEMPLATE_FILES, ids=lambda p: p.name)
def test_no_template_looks_a_record_up(template: Path) -> None:
    found = context_lookups(template)
    assert not found, (
        "templates look up what they were given by key (resolve it in the view): "
        + ", ".join(found)
    )


# --- no paths built in templates -----------------------------------------------------------


def _builds_text(expr: nodes.Node) -> bool:
    """Whether ``expr`` assembles a string: ``a ~ b``, ``a + b``, ``a % b``, a filter
    (``format``, ``join``, ``replace`` …) or a method call on a string (``.format``)."""
    if isinstance(expr, nodes.Concat | nodes.Add | nodes.Mod | nodes.Filter):
        return True
    if isinstance(expr, nodes.Call) and isinstance(expr.node, nodes.Getattr):
        return True
    return any(_builds_text(child) for child in expr.iter_child_nodes())


def built_urls(template: Path) -> list[str]:
    """Where ``template`` passes an assembled string to a URL helper."""
    found = []
    for call in _parse(template).find_all(nodes.Call):
        if not (isinstance(call.node, nodes.Name) and call.node.name in URL_HELPERS):
            continue
        arguments = [*call.args, *(kw.value for kw in call.kwargs)]
        if any(_builds_text(argument) for argument in arguments):
            found.append(f"{template.name}:{call.lineno}: {call.node.name}() of a built string")
    return found


# An attribute value: one ready URL (`{{ url(x) }}`), `#` and a ready anchor, or plain
# text with no expression (`#main`, an external address).
_ATTRIBUTE = re.compile(r"\b(" + "|".join(LINK_ATTRIBUTES) + r')="([^"]*)"')
_ONE_EXPRESSION = re.compile(r"#?\{\{[^{}]*\}\}")


def glued_links(template: Path) -> list[str]:
    """Where a link attribute of ``template`` glues a URL or an anchor to more text."""
    found = []
    text = template.read_text(encoding="utf-8")
    for match in _ATTRIBUTE.finditer(text):
        value = match.group(2)
        if "{{" not in value and "{%" not in value:
            continue
        if not _ONE_EXPRESSION.fullmatch(value):
            line = text.count("\n", 0, match.start()) + 1
            found.append(f'{template.name}:{line}: {match.group(1)}="{value}"')
    return found


@pytest.mark.parametrize("template", TEMPLATE_FILES, ids=lambda p: p.name)
def test_no_template_builds_a_path(template: Path) -> None:
    problems = built_urls(template) + glued_links(template)
    assert not problems, (
        "templates build paths (carry the path in the view, from generator/urls.py):\n"
        + "\n".join(problems)
    )


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("<a href=\"{{ url('regions/' ~ region.id ~ '/') }}\">", 1),
        ('<a href="{{ file_url(path + name) }}">', 1),
        ('<a href="{{ url(base.format(x)) }}">', 1),
        ("<a href=\"{{ url('regions/%s/' % region.id) }}\">", 1),
        ("<a href=\"{{ url(parts|join('/')) }}\">", 1),
        ('<a href="{{ url(view.href) }}#doc-{{ doc.id }}">', 1),
        ("<a href=\"{{ url('data/') }}#releases\">", 1),
        ('<a href="#q-{{ c.anchor }}">', 1),
        ("{% set p = url(a ~ b) %}", 1),
        ('<a href="{{ url(view.href) }}">', 0),
        ('<a href="#{{ view.anchor }}">', 0),
        ("<a href=\"{{ url('data/#releases') }}\">", 0),
        ('<a href="#main">', 0),
    ],
)
def test_the_path_check_finds_what_it_should(tmp_path: Path, source: str, found: int) -> None:
    template = tmp_path / "case.html"
    template.write_text(source, encoding="utf-8")
    assert len(built_urls(template) + glued_links(template)) == found
