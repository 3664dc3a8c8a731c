"""Which pages the browser suite visits, and a probe that records what goes wrong on them."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.load.model import Atlas, Region

REPO = Path(__file__).resolve().parents[2]
DATA_DIR = REPO / "data"
LANGS = ("zh", "en")
HTML_LANG = {"zh": "zh-Hans", "en": "en"}
PageKinds = dict[str, str]  # page kind -> language-neutral path, e.g. "regions/heshui/"
MISSING_PATH = "no-such-page/"  # visited to see the 404 page as a reader meets it
KINDS = (
    "home",
    "region",
    "source",
    "compare",
    "indicator",
    "side-by-side",
    "timeline",
    "timeline-year",
    "regions",
    "themes",
    "theme",
    "search",
    "about",
    "data",
    "division",
    "lineage",
    "reference",
    "404",
)
# A chart is a <figure> holding the plotly figure data for the chart script.
CHART_FIGURES = "figure:has(script[type='application/json'])"

# Numbers the suite measures (bytes, seconds), printed after the test run.
MEASUREMENTS: dict[str, float] = {}
# Collects Content-Security-Policy violations as the page reports them to itself, and the
# layout shifts a reader sees (content jumping while it loads or while charts are drawn).
CSP_LISTENER = """
window.__atlasLayoutShift = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) window.__atlasLayoutShift += entry.value;
  }
}).observe({type: 'layout-shift', buffered: true});
window.__atlasCspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__atlasCspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || '(inline)'} ` +
    `at ${event.sourceFile}:${event.lineNumber} ${event.sample || ''}`.trim());
});
"""


RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} at ` +
                v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | '));
}"""


def serious_accessibility_violations(page: Any, axe_source: str) -> list[str]:
    """axe-core's serious and critical violations on the page as it is now."""
    # The site's CSP (no unsafe-inline) blocks page.add_script_tag, so axe-core is
    # evaluated through the DevTools protocol, which the page's CSP does not govern.
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(axe_source)
    violations: list[str] = page.evaluate(RUN_AXE)
    return violations


def _busiest_indicator(atlas: Atlas) -> str:
    counts = Counter(
        g.indicator for r in atlas.regions for g in r.goals if g.indicator and g.target
    )
    return counts.most_common(1)[0][0]


def _province_code(region: Region) -> str:
    """The code of the province-level division a region below that level is in."""
    assert region.code and not region.code.endswith("0000"), (
        f"{region.id} is not beneath a province"
    )
    return region.code[:2] + "0000"


def page_kinds(atlas: Atlas) -> PageKinds:
    """One page of each kind: the region with the most records, its first archived source,
    and the theme with the most records."""

    def records(region: Region) -> int:
        return len(region.goals) + len(region.status) + len(region.phases) + len(region.measures)

    region = max(atlas.regions, key=lambda r: (records(r), r.id))
    themes = Counter(
        [g.theme for r in atlas.regions for g in r.goals]
        + [s.theme for r in atlas.regions for s in r.status]
        + [m.theme for r in atlas.regions for m in r.measures]
    )
    theme = themes.most_common(1)[0][0] if themes else atlas.themes[0].id
    return {
        "home": "",
        "region": f"regions/{region.id}/",
        "source": f"regions/{region.id}/sources/{region.documents[0].id}/",
        "compare": "compare/",
        # the indicator with the most targets, and the year of the review date
        "indicator": f"indicators/{_busiest_indicator(atlas)}/",
        "side-by-side": "side-by-side/",
        "timeline": "timeline/",
        "timeline-year": f"timeline/{max(r.reviewed for r in atlas.regions)[:4]}/",
        "regions": "regions/",
        "themes": "themes/",
        "theme": f"themes/{theme}/",
        "search": "search/",
        "about": "about/",
        "data": "data/",
        # the province of the region with the most records (its page lists the region)
        "division": f"divisions/{_province_code(region)}/",
        "lineage": "lineage/",
        "reference": f"references/{atlas.referenced_documents[0].id}/",
        "404": MISSING_PATH,
    }


def lang_path(lang: str, path: str) -> str:
    """The site-relative path of a language-neutral path in ``lang`` (English under en/)."""
    return f"en/{path}" if lang == "en" else path


@dataclass
class Visit:
    """What the browser reported while one page loaded and settled."""

    url: str
    requests: set[Any] = field(default_factory=set)  # the requests this visit made
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return (
            [f"console error: {m}" for m in self.console_errors]
            + [f"uncaught exception: {m}" for m in self.page_errors]
            + [f"failed request: {m}" for m in self.failed_requests]
            + [f"CSP violation: {m}" for m in self.csp_violations]
        )


class Probe:
    """A reused browser page that records console errors, exceptions, CSP violations and
    failed requests for each visit."""

    def __init__(self, page: Any, site_url: str) -> None:
        self.page = page
        self.site_url = site_url
        self.visit_record = Visit(url="")
        self.untouched_url: str | None = None  # the loaded page, if no test acted on it
        self.in_flight: set[Any] = set()
        page.add_init_script(CSP_LISTENER)
        page.on("request", self._on_request)
        page.on("requestfinished", lambda request: self.in_flight.discard(request))
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.visit_record.page_errors.append(str(error)))
        page.on("requestfailed", self._on_request_failed)
        page.on("response", self._on_response)

    def url(self, lang: str, path: str) -> str:
        return self.site_url + lang_path(lang, path)

    def visit(self, lang: str, path: str, *, settle: bool = True, reading: bool = False) -> Visit:
        """Load ``path`` in ``lang``; with ``settle``, wait until no request is in flight.

        ``reading``: the caller only reads the page, so a page a previous reader left as it
        loaded is reused instead of loaded again (the suite orders tests page by page)."""
        url = self.url(lang, path)
        if reading and self.untouched_url == url:
            return self.visit_record
        self.visit_record = Visit(url=url)
        self.in_flight.clear()
        self.page.goto(url, wait_until="load")
        if settle:
            self.settle()
        self.untouched_url = url if reading and settle else None
        return self.visit_record

    def settle(self, quiet_ms: int = 100, timeout_ms: int = 10_000) -> None:
        """Wait until no request has been in flight for ``quiet_ms`` (Playwright's
        "networkidle" waits a fixed 500 ms, too slow for hundreds of visits)."""
        quiet = waited = 0
        while quiet < quiet_ms and waited < timeout_ms:
            self.page.wait_for_timeout(25)
            waited += 25
            quiet = quiet + 25 if not self.in_flight else 0

    def finish(self) -> Visit:
        """The visit so far, with the CSP violations the page has seen."""
        violations = self.page.evaluate("window.__atlasCspViolations || []")
        self.visit_record.csp_violations = [str(v) for v in violations]
        return self.visit_record

    def _is_expected_404(self, url: str) -> bool:
        return url.rstrip("/").endswith(MISSING_PATH.rstrip("/"))

    def _on_console(self, message: Any) -> None:
        if message.type != "error":
            return
        location = message.location.get("url", "") if message.location else ""
        if self._is_expected_404(location) and "404" in message.text:
            return  # the browser's own note that the missing page answered 404
        self.visit_record.console_errors.append(f"{message.text} ({location})")

    def _on_request(self, request: Any) -> None:
        self.in_flight.add(request)
        self.visit_record.requests.add(request)

    def _on_request_failed(self, request: Any) -> None:
        self.in_flight.discard(request)
        if request.failure == "net::ERR_ABORTED" and request not in self.visit_record.requests:
            return  # the previous page's request, cancelled as this visit navigated away
        self.visit_record.failed_requests.append(f"{request.url}: {request.failure}")

    def _on_response(self, response: Any) -> None:
        if response.status >= 400 and not self._is_expected_404(response.url):
            self.visit_record.failed_requests.append(f"{response.url}: HTTP {response.status}")
