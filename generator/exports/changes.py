"""The Atom feed's entries for record changes: one per commit and region, from the git
history of the data (:mod:`generator.load.history`), newest first. Each links to the
region page's history section and lists the records added or changed, with their fields.
"""

from __future__ import annotations

from generator import urls
from generator.exports.xmltext import xml_attribute, xml_text
from generator.load import model as m
from generator.load.history import DataHistory

MAX_ENTRIES = 50
WORDS = {
    "zh": {
        "title": "{region}记录更新:{message}",
        "added": "新增",
        "changed": "修改",
        "sep": ";",
    },
    "en": {
        "title": "{region}, records updated: {message}",
        "added": "added",
        "changed": "changed",
        "sep": "; ",
    },
}


def _element(tag: str, text: str | None = None, **attrs: str) -> str:
    attributes = "".join(f" {k}={xml_attribute(v)}" for k, v in attrs.items())
    return (
        f"<{tag}{attributes}/>" if text is None else f"<{tag}{attributes}>{xml_text(text)}</{tag}>"
    )


def change_entries(atlas: m.Atlas, history: DataHistory, lang: str) -> list[str]:
    """Atom entries of the latest record changes (none without history)."""
    names = {r.id: (r.name.en if lang == "en" and r.name.en else r.name.zh) for r in atlas.regions}
    words = WORDS[lang]
    entries: list[str] = []
    for commit, changes in reversed(history.commits):
        by_region: dict[str, list[str]] = {}
        for change in changes:
            if change.region not in names:
                continue
            what = words["added"] if change.added else words["changed"]
            fields = "" if change.added else f" ({', '.join(change.fields)})"
            by_region.setdefault(change.region, []).append(
                f"{what} {change.kind}/{change.record}{fields}"
            )
        for region, lines in sorted(by_region.items()):
            url = urls.Urls(atlas.site.base_url).absolute(lang, urls.region_path(region))
            title = words["title"].format(region=names[region], message=commit.message)
            entries.append(
                "".join(
                    [
                        "<entry>",
                        _element("id", f"{url}#history-{commit.sha}"),
                        _element("title", title),
                        _element("updated", f"{commit.date}T00:00:00Z"),
                        _element("link", rel="alternate", type="text/html", href=f"{url}#history"),
                        _element("summary", words["sep"].join(lines)),
                        "</entry>",
                    ]
                )
            )
        if len(entries) >= MAX_ENTRIES:
            break
    return entries[:MAX_ENTRIES]
