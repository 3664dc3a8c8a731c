"""Small pieces of HTML repeated for every record (quote, cite line, permalink, kind badge).

They are Python rather than Jinja macros because a region page repeats them hundreds of
times and a macro call costs ten times a function call; templates reach them as ``part``
(``{{ part.evidence(region, document, anchor, quote, notes, label) }}``). Text goes through the same
interface catalog as the templates.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from markupsafe import Markup, escape

from generator import urls
from generator.load import model as m
from generator.plan.formatting import Formatter, plain_text, shorten
from generator.plan.views import DocumentView

UrlFor = Callable[[str], str]


class Snippets:
    """The repeated pieces of a page in one language."""

    def __init__(
        self, fmt: Formatter, url: UrlFor, absolute_url: UrlFor, site: m.SiteSettings
    ) -> None:
        self.fmt = fmt
        self._ = fmt.gettext
        self.url = url
        self.absolute_url = absolute_url
        self.publisher = fmt.text(site.publisher, plain=True)
        self.title = fmt.text(site.title, plain=True)
        self._kind_badges: dict[str, Markup] = {}
        self.labels = {
            key: escape(self._(msgid))
            for key, msgid in (
                ("source", "Source:"),
                ("read", "Read in the source"),
                ("cite", "Cite this:"),
                ("note", "Note:"),
            )
        }

    def kind_badge(self, kind: m.DocumentKind) -> Markup:
        """The document kind and its binding rank: ``Action plan · rank 1``."""
        if kind.id not in self._kind_badges:
            rank = escape(self._("rank %(rank)s") % {"rank": kind.rank})
            self._kind_badges[kind.id] = Markup(
                f'<span class="kind kind-rank-{kind.rank}">{self.fmt.text(kind.name)} · '
                f"{rank}</span>"
            )
        return self._kind_badges[kind.id]

    def source_link(self, source: str, anchor: str) -> Markup:
        """A link to the record's passage marked on the source page at path ``source``."""
        href = escape(self.url(f"{source}#{urls.quote_anchor(anchor)}"))
        return Markup(f'<a class="source-link" href="{href}">{self.labels["read"]}</a>')

    def quote(self, document: DocumentView, anchor: str, text: str) -> Markup:
        """The record's quote, in the source's script, with a link to it in the source."""
        link = self.source_link(document.source, anchor)
        doc = document.document
        return Markup(
            f'<blockquote class="quote" lang="{doc.language}"><p>{escape(text)}</p>'
            f'</blockquote>\n<p class="quote-source">{self.labels["source"]} '
            f"{self.fmt.text(doc.title)} · {link}</p>"
        )

    def cite_line(self, region: m.Region, anchor: str, label: str) -> Markup:
        """How to cite the record: publisher, region and record, atlas, review date, URL."""
        record = self._("“%(region)s: %(record)s”") % {  # plain text, escaped once below
            "region": plain_text(region.name, self.fmt.lang),
            "record": label.rstrip(".。"),
        }
        reviewed = self._("Reviewed %(date)s") % {"date": region.reviewed}
        address = self.absolute_url(urls.record_path(region.id, anchor))
        return Markup(
            f'<p class="cite"><span class="cite-label">{self.labels["cite"]}</span> '
            f'<span class="cite-text">{self.publisher}. {escape(record)}. {self.title}. '
            f'{escape(reviewed)}. <span class="cite-url">{escape(address)}</span></span></p>'
        )

    def evidence(
        self,
        region: m.Region,
        document: DocumentView,
        anchor: str,
        quote: str,
        notes: Sequence[m.Text],
        label: m.Text,
    ) -> Markup:
        """What follows every record: its quote, its notes and its cite line."""
        plain = plain_text(label, self.fmt.lang)
        return Markup("\n").join(
            (
                self.quote(document, anchor, quote),
                self.notes(notes),
                self.cite_line(region, anchor, plain),
            )
        )

    def permalink(self, anchor: str, label: m.Text | str) -> Markup:
        text = label if isinstance(label, str) else plain_text(label, self.fmt.lang)
        text = shorten(text, 60)
        name = escape(self._("Link to this record: %(name)s") % {"name": text})
        return Markup(f'<a class="permalink" href="#{escape(anchor)}" aria-label="{name}">#</a>')

    def notes(self, items: Sequence[m.Text]) -> Markup:
        if not items:
            return Markup("")
        rows = "".join(
            f'<li><span class="note-label">{self.labels["note"]}</span> '
            f"{self.fmt.text(note)}</li>\n"
            for note in items
        )
        return Markup(f'<ul class="notes">\n{rows}</ul>')

    def region_link(self, region: m.Region, anchor: str = "") -> Markup:
        href = self.url(
            urls.record_path(region.id, anchor) if anchor else urls.region_path(region.id)
        )
        return Markup(f'<a href="{escape(href)}">{self.fmt.text(region.name)}</a>')
