"""What the preview adds to the built pages, and the page it shows when a build fails.

None of this is ever published: the build-failed page (a template beside this module),
the live-reload script tag, and the note on the search page while its index catches up.
"""

from __future__ import annotations

import jinja2

from generator.serve.live_site import BuildOutcome

RELOAD_URL = "/__atlas/live-reload.js"

_PAGES = jinja2.Environment(
    loader=jinja2.PackageLoader("generator.serve", "."),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    keep_trailing_newline=True,
)


def error_page(outcome: BuildOutcome) -> str:
    """A page listing why the build failed, each problem as path:line:col: field: message."""
    count = sum(1 for p in outcome.problems if p.severity == "error")
    return _PAGES.get_template("build-failed.html").render(
        summary=f"{count} error(s)" if outcome.problems else "the build failed",
        problems=[p.format() for p in outcome.problems],
        error=outcome.error or "",
    )


def inject_search_note(page: bytes) -> bytes:
    """Tell the reader of a search page that its index lags behind the pages."""
    at = page.find(b"<main")
    end = page.find(b">", at) + 1 if at >= 0 else -1
    note = _PAGES.get_template("search-pending.html").render().rstrip("\n").encode()
    return page[:end] + note + page[end:] if end > 0 else note + page


def inject_reload(page: bytes, build_id: str) -> bytes:
    """Add the live-reload script to an HTML page (served pages only, never built ones)."""
    template = _PAGES.get_template("live-reload-tag.html")
    tag = template.render(url=RELOAD_URL, build_id=build_id).rstrip("\n").encode()
    for marker in (b"</head>", b"</body>"):
        at = page.rfind(marker)
        if at >= 0:
            return page[:at] + tag + page[at:]
    return page + tag
