"""Small pieces of HTML repeated for every record (quote, cite line, permalink, kind badge).

They are Python rather than Jinja macros because a region page repeats them hundreds of
times and a macro call costs ten times a function call; templates reach them as ``part``
(``{{ part.evidence(region, document, anchor, quote, notes, label) }}``). Text goes through the same
interface catalog as the templates.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from markupsafe import Markup, escape

from generator import urls
from generator.exports import citations as cite
from generator.load import model as m
from generator.plan.deadlines import STATE_WORDS, STATES, DeadlineState
from generator.plan.formatting import plain_text, shorten
from generator.plan.sourcetext import Paragraph
from generator.plan.views import DocumentView, Link
from generator.render.i18n import translations
from generator.render.markdown import render_markdown
from generator.render.markup import Formatter

UrlFor = Callable[[str], str]
Reviewed = m.Goal | m.Status | m.Phase | m.Milestone | m.Measure  # records with `review`


class Snippets:
    """The repeated pieces of a page in one language."""

    def __init__(
        self,
        fmt: Formatter,
        url: UrlFor,
        absolute_url: UrlFor,
        site: m.SiteSettings,
        edition: cite.Edition | None = None,
        ranks: int | None = None,
    ) -> None:
        self.fmt = fmt
        self._ = fmt.gettext
        self.url = url
        self.absolute_url = absolute_url
        self.publisher = fmt.text(site.publisher, plain=True)
        self.title = fmt.text(site.title, plain=True)
        self.edition = edition
        self.ranks = ranks  # how many binding ranks the codebook has (1 is the most binding)
        self.page_base = absolute_url("")
        self._documents: dict[tuple[str, str], Markup] = {}
        self._kind_badges: dict[str, Markup] = {}
        self._states: dict[DeadlineState, Markup] = {}
        self.labels = {
            key: escape(self._(msgid))
            for key, msgid in (
                ("source", "Source:"),
                ("read", "Read in the source"),
                ("cite", "Cite this:"),
                ("note", "Note:"),
            )
        }

    def deadline_state(self, state: DeadlineState | None) -> Markup:
        """Where a deadline stands on the review date, in words (never by colour alone)."""
        if state is None:
            return Markup("")
        return self._state_badges[state]

    @property
    def _state_badges(self) -> dict[DeadlineState, Markup]:
        if not self._states:
            for state in STATES:
                extra = " overdue" if state == "passed-no-outcome" else ""
                words = escape(self._(STATE_WORDS[state]))
                self._states[state] = Markup(
                    f'<strong class="deadline-state state-{state}{extra}">{words}</strong>'
                )
        return self._states

    def kind_badge(self, kind: m.DocumentKind) -> Markup:
        """The document kind and its binding rank, saying of what: ``Action plan · binding
        rank 1 of 4``."""
        if kind.id not in self._kind_badges:
            if self.ranks:
                words = self._("binding rank %(rank)s of %(ranks)s")
                rank = escape(words % {"rank": kind.rank, "ranks": self.ranks})
            else:
                rank = escape(self._("binding rank %(rank)s") % {"rank": kind.rank})
            self._kind_badges[kind.id] = Markup(
                f'<span class="kind kind-rank-{kind.rank}">{self.fmt.text(kind.name)} · '
                f"{rank}</span>"
            )
        return self._kind_badges[kind.id]

    def source_link(self, source: str, anchor: str) -> Markup:
        """A link to the record's passage marked on the source page at path ``source``."""
        href = escape(self.url(urls.at_anchor(source, urls.quote_anchor(anchor))))
        return Markup(f'<a class="source-link" href="{href}">{self.labels["read"]}</a>')

    def quote(self, document: DocumentView, anchor: str, text: str) -> Markup:
        """The record's quote, in the source's script, with a link to it in the source."""
        link = self.source_link(document.source, anchor)
        doc = document.document
        return Markup(
            f'<blockquote class="quote" lang="{doc.language}"><p>{escape(text)}</p>'
            f'</blockquote>\n<p class="quote-source">{self.labels["source"]} '
            f"{self.fmt.text(doc.title)}{self.partial_mark(doc)} · {link}</p>"
        )

    def partial_mark(self, document: m.Document) -> Markup:
        """A mark after the title of a document whose archived text is only partial."""
        if document.completeness != "partial":
            return Markup("")
        label = escape(self._("partial text"))
        hint = escape(
            self._(
                "Only part of this document is archived; what it lacks is listed with the document."
            )
        )
        return Markup(f' <span class="partial-mark" title="{hint}">{label}</span>')

    def cite_line(
        self, region: m.Region, anchor: str, label: str, document: m.Document | None = None
    ) -> Markup:
        """How to cite the record and its primary document: GB/T 7714 on a Chinese page,
        APA-like on an English one; the copy button (assets/js/cite.js) copies both."""
        if self.edition is None or document is None:
            return self._short_cite_line(region, anchor, label)
        work = cite.work_for(region, document, self.page_base, anchor or None, m.Text(zh=label))
        if self.fmt.lang == "zh":
            record = cite.gbt_record(work, self.edition)
        else:
            record = cite.apa_record(work, self.edition)
        return Markup(
            f'<div class="cite" data-cite><p class="cite-label">{self.labels["cite"]}</p>'
            f'<p class="cite-text">{escape(record)}</p>'
            f"{self.document_citation(region, document)}</div>"
        )

    def region_citation(self, region: m.Region) -> dict[str, str]:
        """The region page and its first document in every citation form (the region's
        citation files hold every record and document)."""
        assert self.edition is not None
        work = cite.work_for(region, region.documents[0], self.page_base, None, None)
        documents = region.documents
        return {
            "gbt": "\n".join(
                [cite.gbt_record(work, self.edition), *(cite.gbt_document(d) for d in documents)]
            ),
            "apa": "\n".join(
                [cite.apa_record(work, self.edition), *(cite.apa_document(d) for d in documents)]
            ),
            "bibtex": "\n".join(
                [
                    cite.bibtex_record(work, self.edition),
                    *(
                        cite.bibtex_document(cite.work_for(region, d, "", None, None))
                        for d in documents
                    ),
                ]
            ),
            "ris": "".join(
                [
                    cite.ris_record(work, self.edition),
                    *(
                        cite.ris_document(cite.work_for(region, d, "", None, None))
                        for d in documents
                    ),
                ]
            ),
            "csl": cite.csl_json(
                [
                    cite.csl_record(work, self.edition),
                    *(
                        cite.csl_document(cite.work_for(region, d, "", None, None))
                        for d in documents
                    ),
                ]
            ),
        }

    def document_citation(self, region: m.Region, document: m.Document) -> Markup:
        """The primary document's citation, made once per document and page language."""
        key = (region.id, document.id)
        if key not in self._documents:
            text = (
                cite.gbt_document(document)
                if self.fmt.lang == "zh"
                else cite.apa_document(document)
            )
            self._documents[key] = Markup(f'<p class="cite-text cite-document">{escape(text)}</p>')
        return self._documents[key]

    def _short_cite_line(self, region: m.Region, anchor: str, label: str) -> Markup:
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
                self.cite_line(region, anchor, plain, document.document),
            )
        )

    def permalink(self, anchor: str, label: m.Text | str) -> Markup:
        text = label if isinstance(label, str) else plain_text(label, self.fmt.lang)
        text = shorten(text, 60)
        name = escape(self._("Link to this record: %(name)s") % {"name": text})
        return Markup(f'<a class="permalink" href="#{escape(anchor)}" aria-label="{name}">#</a>')

    def notes(self, items: Sequence[m.Text]) -> Markup:
        """Editorial notes, folded behind a summary that says how many (a phone shows a
        record's figure and quote first; the notes are one tap away)."""
        if not items:
            return Markup("")
        rows = "".join(
            f'<li><span class="note-label">{self.labels["note"]}</span> '
            f"{self.fmt.text(note)}</li>\n"
            for note in items
        )
        words = translations(self.fmt.lang).ngettext("%(num)s note", "%(num)s notes", len(items))
        summary = escape(words % {"num": len(items)})
        return Markup(
            f'<details class="notes-fold"><summary>{summary}</summary>\n'
            f'<ul class="notes">\n{rows}</ul></details>'
        )

    def link(self, link: Link) -> Markup:
        """A view's link: its label in the page language, to its path or ``#anchor``."""
        return Markup(f'<a href="{escape(self.url(link.href))}">{self.fmt.text(link.label)}</a>')

    def draft_badge(self, record: Reviewed) -> Markup:
        """The mark of a record proposed by `atlas draft` and not reviewed yet (so an editor
        reviewing in `atlas serve` sees it; a strict build refuses such records)."""
        if record.review != "draft":
            return Markup("")
        words = Markup(self._("draft, not yet reviewed")) % {}  # as the templates' _()
        return Markup(f'<span class="draft-badge">{words}</span>')

    def draft_class(self, record: Reviewed) -> str:
        """The class a draft record's element adds (`` draft``), else nothing."""
        return " draft" if record.review == "draft" else ""

    def markdown_text(self, text: m.Text) -> Markup:
        """Editor Markdown in the page language; the Chinese, marked, where the English is
        missing."""
        if self.fmt.lang == "en" and not text.en:
            missing = Markup(self._("not yet translated")) % {}
            return Markup(
                f'<div class="md" lang="zh-Hans">{render_markdown(text.zh)}</div>\n'
                f'<p class="untranslated">{missing}</p>\n'
            )
        source = text.en if self.fmt.lang == "en" else text.zh
        return Markup(f'<div class="md">{render_markdown(source or "")}</div>\n')

    def source_pieces(self, paragraph: Paragraph, type_labels: Mapping[str, str]) -> Markup:
        """A source paragraph's pieces (see :func:`source_pieces`) in the page language."""
        return source_pieces(paragraph, type_labels, lambda text: plain_text(text, self.fmt.lang))

    def region_link(self, region: m.Region, anchor: str = "") -> Markup:
        href = self.url(
            urls.record_path(region.id, anchor) if anchor else urls.region_path(region.id)
        )
        return Markup(f'<a href="{escape(href)}">{self.fmt.text(region.name)}</a>')


def source_pieces(
    paragraph: Paragraph, type_labels: Mapping[str, str], plain: Callable[[m.Text], str]
) -> Markup:
    """An archived source's paragraph (generator/plan/sourcetext.py): its plain text, and
    each quoted passage marked, with empty targets for further quotes starting there and
    links back to the records whose quotes end there (labelled by ``type_labels`` and the
    record's label as ``plain`` words it, shortened)."""
    out: list[str] = []
    for piece in paragraph.pieces:
        if not piece.marked:
            out.append(escape(piece.text))
            continue
        out += [f'<span id="{escape(anchor)}"></span>' for anchor in piece.anchors[1:]]
        ident = f' id="{escape(piece.anchors[0])}"' if piece.anchors else ""
        out.append(f"<mark{ident}>{escape(piece.text)}</mark>")
        for end in piece.ends:
            kind = escape(type_labels[end.citation.record_type])
            label = escape(shorten(plain(end.citation.label), 18))
            out.append(
                f'<a class="backref" href="{escape(end.href)}"><span aria-hidden="true">↩ </span>'
                f"{kind}: {label}</a>"
            )
    return Markup("".join(out))
