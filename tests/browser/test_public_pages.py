"""Every public page in a real browser (issue 16): each page of the app's own registry
(dashboards/public/pages.py, as the release offers it), in Chinese and English, on the newest
release and on the oldest (JS-2024-v2 and JS-2023-v1 in the session's workspace), in
Debian's chromium driven by Playwright, on the session's public dashboard
(tests/browser/conftest.py).

Each page is visited once (``Site.visit``) and its observation is checked by one test per
check, so a failure names its check, release, language and page:

- no console error and no uncaught page error (Streamlit's own probe of
  ``<page>/_stcore/host-config`` and ``/_stcore/health`` on a page's sub-path, which it answers
  with 404 before it tries the root, is the one exception);
- in the text a reader sees (the page, the cells of every table, each block's table tab
  opened in turn, and the text its charts draw; tests/browser/page_checks.py): no missing
  value shown as "None", "nan", "null", ...; no long number without thousands separators
  (years and region codes are fine) and none in scientific notation; no number with more
  than 3 decimals;
- no warehouse name (``fct_``, ``dim_``, ``stg_``, ``int_``) in that text;
- every chart drawn has data marks: Vega draws Streamlit's Altair charts as SVG (canvas only
  above 2,000 points), and each data mark is an item in a ``g.role-mark`` group;
- ``<html lang>`` is the language shown.

A check that fails on today's site for a reason outside this suite's reach is marked
``xfail(strict=True)`` in KNOWN_FAILURES, with its reason: it fails the suite once fixed, so
the mark is removed then. Screenshots of every page in both languages are kept in
``tests/artifacts/public_pages/<release>_<page>_<lang>.png`` (gitignored).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest

from browser.harness import ARTIFACTS, BROWSER_MARKS, chromium, visible, wait_rendered
from browser.page_checks import (
    internal_names,
    long_decimals,
    missing_values,
    unformatted_numbers,
    value_problems,
)
from dashboards.public.pages import PAGES, PageSpec, available
from dualcarbon.release.store import current_releases, list_releases

pytestmark = BROWSER_MARKS

SHOTS = ARTIFACTS / "public_pages"
# the release a visitor sees first (the newest current one: JS-2024-v2, a correction, in the
# session's workspace) and the oldest published (JS-2023-v1 there, JS-2015-v1 in the demo)
RELEASES = ("newest", "oldest")
LANGS = {"zh": "zh-CN", "en": "en"}
TABLE_TAB = {"zh": "表格", "en": "Table"}
STREAMLIT_PROBE = re.compile(r"/[\w-]+/_stcore/(host-config|health)$")
WIDTH, MIN_HEIGHT, MAX_HEIGHT = 1300, 1000, 9000

# the text a reader sees: the page (sidebar included), every table's cells (the grid draws on
# a canvas and keeps its cells' text in an accessible, visually hidden table) and the text
# the charts draw (SVG text is not part of innerText)
TEXT_JS = """() => {
    const cells = Array.from(document.querySelectorAll('[data-testid="stDataFrame"] td'));
    const svg = Array.from(document.querySelectorAll('[data-testid="stVegaLiteChart"] svg text'));
    return [document.body.innerText, ...cells.map((td) => td.textContent),
            ...svg.map((t) => t.textContent)].join('\\n');
}"""
# per visible chart: its title (the SVG's aria-label), its renderer and its data marks
MARKS_JS = """() => Array.from(document.querySelectorAll('[data-testid="stVegaLiteChart"]'))
    .filter((e) => e.offsetParent !== null)
    .map((e) => {
        const svg = e.querySelector('svg');
        if (!svg) return [e.querySelector('canvas') ? 'canvas' : 'nothing drawn', -1];
        return [svg.getAttribute('aria-label') || '(untitled)',
                svg.querySelectorAll('g.role-mark > *').length];
    })"""
# Streamlit scrolls inside its main section: a screenshot of the whole page needs a viewport
# as tall as that section's content
CONTENT_HEIGHT_JS = """() => Math.max(...Array.from(document.querySelectorAll(
    '[data-testid="stMain"], [data-testid="stAppScrollToBottomContainer"]'))
    .map((e) => e.scrollHeight))"""


@dataclass
class Visit:
    html_lang: str = ""
    text: str = ""
    errors: list[str] = field(default_factory=list)
    charts: list[tuple[str, int]] = field(default_factory=list)


class Site:
    """The public dashboard seen through one browser; each page is visited once."""

    def __init__(self, context, url: str, releases: list):
        self.page = context.new_page()
        self.url = url
        self.ids = {"newest": current_releases(releases)[-1].release_id}
        self.ids["oldest"] = releases[0].release_id
        self.offered = {
            r.release_id: {spec.url_path for spec in available(PAGES, r.tables)} for r in releases
        }
        self.visits: dict[tuple[str, str, str], Visit] = {}
        self.current: Visit | None = None
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda e: self._error(f"page error: {e}"))

    def _console(self, message) -> None:
        where = message.location.get("url", "")
        if message.type == "error" and not STREAMLIT_PROBE.search(where):
            self._error(f"console error: {message.text} ({where})")

    def _error(self, text: str) -> None:
        if self.current is not None:
            self.current.errors.append(text)

    def visit(self, role: str, lang: str, spec: PageSpec) -> Visit:
        release = self.ids[role]
        if spec.url_path not in self.offered[release]:
            pytest.skip(f"{release} does not offer {spec.url_path} (its tables are missing)")
        key = (release, lang, spec.url_path)
        if key not in self.visits:
            # kept only once complete: a visit that failed is tried again by the next check,
            # never read half-observed
            seen = self.current = Visit()
            try:
                self._observe(release, lang, spec, seen)
            finally:
                self.current = None
            self.visits[key] = seen
        return self.visits[key]

    def _observe(self, release: str, lang: str, spec: PageSpec, seen: Visit) -> None:
        page = self.page
        path = "" if spec.default else spec.url_path
        page.goto(f"{self.url}{path}?lang={lang}&release={release}")
        wait_rendered(page)
        height = min(MAX_HEIGHT, max(MIN_HEIGHT, page.evaluate(CONTENT_HEIGHT_JS)))
        if height != page.viewport_size["height"]:
            page.set_viewport_size({"width": WIDTH, "height": height})
            wait_rendered(page)
        page.wait_for_timeout(300)  # Vega's transitions and the grid's first paint
        page.screenshot(path=str(SHOTS / f"{release}_{spec.url_path}_{lang}.png"), full_page=True)
        seen.html_lang = page.evaluate("document.documentElement.lang")
        seen.charts = [tuple(chart) for chart in page.evaluate(MARKS_JS)]
        texts = [page.evaluate(TEXT_JS)]
        tabs = page.get_by_role("tab", name=TABLE_TAB[lang], exact=True)
        for index in range(tabs.count()):  # a tab's table is drawn only once it is open
            tabs.nth(index).click()
            wait_rendered(page)
            texts.append(page.evaluate(TEXT_JS))
        seen.text = "\n".join(texts)


@pytest.fixture(scope="module")
def site(public_app: str, published_workspace):
    SHOTS.mkdir(parents=True, exist_ok=True)
    releases = list_releases(published_workspace.workspace.releases)
    assert len(releases) >= 2, "two releases to visit"
    with chromium(viewport={"width": WIDTH, "height": MIN_HEIGHT}) as context:
        yield Site(context, public_app, releases)


INTENSITY_DECIMALS = (
    "intensities are shown with 4 decimals by design (0.4044 tce per 10,000 yuan: "
    "dualcarbon/report/formatting.digits, shared with the PDF), and a table column mixing "
    "intensities with totals shows the totals with 4 too (96,094.9300); a change to the one "
    "formatter, outside dashboards/public"
)
# (check, release role or None, lang or None, page or None) -> why it fails today
KNOWN_FAILURES: dict[tuple[str, str | None, str | None, str | None], str] = {
    ("decimals", None, None, "overview"): INTENSITY_DECIMALS,
    ("decimals", None, None, "intensities"): INTENSITY_DECIMALS,
    ("decimals", None, None, "barometer"): INTENSITY_DECIMALS,
    # The correction's revision history shows the revised intensities and shares.
    ("decimals", "newest", None, "releases"): INTENSITY_DECIMALS,
}


def views(check: str) -> list:
    """Every (release, lang, page) of the registry, with the check's known failures marked."""
    params = []
    for release in RELEASES:
        for lang in LANGS:
            for spec in PAGES:
                reasons = [
                    reason
                    for (name, r, lg, p), reason in KNOWN_FAILURES.items()
                    if name == check
                    and r in (None, release)
                    and lg in (None, lang)
                    and p in (None, spec.url_path)
                ]
                marks = [pytest.mark.xfail(strict=True, reason=reasons[0])] if reasons else []
                params.append(
                    pytest.param(
                        release, lang, spec, marks=marks, id=f"{release}-{lang}-{spec.url_path}"
                    )
                )
    return params


@pytest.mark.parametrize(("release", "lang", "spec"), views("errors"))
def test_no_console_or_page_error(site: Site, release: str, lang: str, spec: PageSpec):
    errors = site.visit(release, lang, spec).errors
    assert not errors, "\n".join(errors)


# the checks on the text a reader sees, each a function of the text to what it finds there
TEXT_CHECKS = {
    "missing": missing_values,
    "separators": unformatted_numbers,
    "decimals": long_decimals,
    "internal": internal_names,
}


@pytest.mark.parametrize(
    ("check", "release", "lang", "spec"),
    [
        pytest.param(check, *view.values, marks=view.marks, id=f"{check}-{view.id}")
        for check in TEXT_CHECKS
        for view in views(check)
    ],
)
def test_text_a_reader_sees(site: Site, check: str, release: str, lang: str, spec: PageSpec):
    found = sorted(set(TEXT_CHECKS[check](site.visit(release, lang, spec).text)))
    assert not found, "\n".join(found)


@pytest.mark.parametrize(("release", "lang", "spec"), views("marks"))
def test_every_chart_has_marks(site: Site, release: str, lang: str, spec: PageSpec):
    empty = [label for label, marks in site.visit(release, lang, spec).charts if marks <= 0]
    assert not empty, f"charts without marks: {empty}"


@pytest.mark.parametrize(("release", "lang", "spec"), views("lang"))
def test_html_lang_is_the_language_shown(site: Site, release: str, lang: str, spec: PageSpec):
    assert site.visit(release, lang, spec).html_lang == LANGS[lang]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # the review's findings
        ("72,291.110000", ["more than 3 decimals: 72,291.110000"]),
        ("实际 429892777.36 吨", ["number without separators: 429892777"]),
        ("0.000000", ["more than 3 decimals: 0.000000"]),
        ("None", ["missing value shown as 'None'"]),
        ("占比 nan%", ["missing value shown as 'nan'"]),
        ("value: null", ["missing value shown as 'null'"]),
        # beside Chinese characters, which Unicode counts as word characters
        ("共42989万吨", ["number without separators: 42989"]),
        ("值为None。", ["missing value shown as 'None'"]),
        ("变化 -123456 吨", ["number without separators: 123456"]),
        ("4.3e+08 t", ["scientific notation: 4.3e+08"]),
        # well formed: separators, few decimals, years, dates, codes, ids, names
        ("42,989.28 万吨标准煤 · 0.335 · 13.55%", []),
        ("JS-2024-v1 · 2015–2024 · 2025-09-30 10:00 · 2024年", []),
        ("320100 南京市 · S01 · Nanjing · 1,234,567", []),
    ],
)
def test_value_checks_flag_the_reviews_findings(text: str, found: list[str]):
    assert value_problems(text) == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("数据来自 fct_target_progress", ["fct_target_progress"]),
        (
            "dim_region, stg_stats__energy and int_co2__lines",
            ["dim_region", "int_co2__lines", "stg_stats__energy"],
        ),
        ("JS-2024-v2_fct_indicators.csv", ["fct_indicators"]),
        ("distinct_values · print_fct · 目标进展", []),
    ],
)
def test_warehouse_name_check(text: str, found: list[str]):
    assert internal_names(text) == found


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("zh", "没有名为 JS-1999-v9 的已发布版本"),
        ("en", "No release JS-1999-v9 has been published"),
    ],
)
def test_unknown_release_says_so(site: Site, lang: str, message: str):
    from playwright.sync_api import expect

    page = site.page.context.new_page()  # the module's browser: one Playwright at a time
    try:
        page.goto(f"{site.url}?lang={lang}&release=JS-1999-v9")
        expect(visible(page.get_by_text(message, exact=False))).to_be_visible()
        wait_rendered(page)
        # no other release's figures or stamp in its place
        assert page.get_by_test_id("stVegaLiteChart").count() == 0
        assert page.get_by_test_id("stMetric").count() == 0
        assert page.get_by_text(re.compile(r"(发布版本|release) JS-20\d\d-v\d")).count() == 0
    finally:
        page.close()
