"""Every public page in a real browser, in Chinese and English, on the latest release and on
an old one (issue 16): Debian's chromium driven by Playwright, one server for the module.

A page fails on
- any console error (Streamlit's own probe of ``<page>/_stcore/host-config`` and
  ``/_stcore/health`` on a page's sub-path, which it answers with 404 before it tries the
  root, is the one exception);
- "None", "nan" or "NaN" in the visible text, or a number without its formatting: five or
  more digits without thousands separators (region codes 32xxxx, years and release ids
  excepted) or more than four decimals;
- a chart with no marks (the SVG that Vega draws has no data mark in it);
- the wrong ``<html lang>``.

Screenshots of every page in both languages are saved as test artefacts in
``tests/artifacts/public_pages/<release>_<page>_<lang>.png`` (gitignored; kept after the
run), so a reviewer sees what each page looked like.

Needs /usr/bin/chromium and CJK fonts (`apt-get install chromium fonts-noto-cjk`).
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator

import pytest
from test_review_page import ARTIFACTS, BROWSER_MARKS, chromium_page, free_port, wait_until_up

from dashboards.public import launch
from dashboards.public.pages import PAGES

pytestmark = BROWSER_MARKS

SHOTS = ARTIFACTS / "public_pages"
LATEST, OLD = "JS-2024-v2", "JS-2023-v1"
LANGS = {"zh": "zh-CN", "en": "en"}
STREAMLIT_PROBE = re.compile(r"/[\w-]+/_stcore/(host-config|health)$")
BAD_WORDS = re.compile(r"\b(None|nan|NaN)\b")
# 5+ digits in a row not inside a longer token (a region code 32xxxx, a year and a release id
# are fine: they are codes, not quantities)
RAW_NUMBER = re.compile(r"(?<![\w.,-])(?!32\d{4}\b)\d{5,}(?![\w-])")
LONG_DECIMALS = re.compile(r"\d\.\d{5,}")
# the text of the page as shown: Streamlit's main column, plus the tables, whose grid draws
# on a canvas and keeps its cells' text in an accessible (visually hidden) table
TEXT_JS = """() => {
    const main = document.querySelector('[data-testid="stMain"]');
    const grids = Array.from(main.querySelectorAll('[data-testid="stDataFrame"] td'));
    return main.innerText + '\\n' + grids.map(td => td.textContent).join('\\n');
}"""
MARKS_JS = """() => Array.from(document.querySelectorAll('[data-testid="stVegaLiteChart"]'))
    .filter(e => e.offsetParent !== null)
    .map(e => [e.querySelector('svg') ? e.querySelector('svg').getAttribute('aria-label') || '' : '',
               e.querySelectorAll('g.role-mark > path, g.role-mark > text, g.role-mark > g').length])"""


@pytest.fixture(scope="module")
def public_url(published_workspace, tmp_path_factory) -> Iterator[str]:
    run = tmp_path_factory.mktemp("public-pages")
    port = free_port()
    server = subprocess.Popen(
        launch.command(port=port),
        env={**launch.environment(published_workspace.workspace), "HOME": str(run)},
        cwd=launch.PROJECT_DIR,  # Streamlit reads .streamlit/config.toml from here
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_up(launch.url(port), server)
        yield launch.url(port)
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


def table_tabs_text(page, lang: str) -> str:
    """Opens every block's table tab in turn and returns the tables' text (a tab's table is
    drawn only once the tab is open)."""
    tabs = page.get_by_role("tab", name="表格" if lang == "zh" else "Table", exact=True)
    texts = []
    for index in range(tabs.count()):
        tabs.nth(index).click()
        page.wait_for_timeout(300)
        texts.append(page.evaluate(TEXT_JS))
    return "\n".join(texts)


def page_problems(text: str) -> list[str]:
    problems = [f"missing value shown as {m!r}" for m in BAD_WORDS.findall(text)]
    problems += [f"number without separators: {m}" for m in RAW_NUMBER.findall(text)]
    problems += [f"too many decimals: {m}" for m in LONG_DECIMALS.findall(text)]
    return problems


def test_the_checks_catch_what_the_review_found():
    """The regexes flag the review's findings and pass well-formed text."""
    assert page_problems("72,291.110000 · 429892777.36 · None · 0.000000 · nan")
    assert len(page_problems("429892777.36")) == 1
    assert page_problems("42,989.28 万吨标准煤 · 0.3349 · JS-2024-v1 · 320100 · 2025-09-30") == []


@pytest.mark.parametrize("release", [LATEST, OLD])
def test_every_public_page_in_both_languages(public_url: str, release: str):
    from playwright.sync_api import expect

    SHOTS.mkdir(parents=True, exist_ok=True)
    # Streamlit scrolls inside the page, so a screenshot shows the viewport: a tall one
    failures: list[str] = []
    with chromium_page(
        f"public_pages_{release}.failed.png", viewport={"width": 1300, "height": 3200}
    ) as page:
        errors: list[str] = []
        page.on(
            "console",
            lambda m: (
                errors.append(f"{m.text} ({m.location.get('url', '')})")
                if m.type == "error" and not STREAMLIT_PROBE.search(m.location.get("url", ""))
                else None
            ),
        )
        for spec in PAGES:
            for lang, html_lang in LANGS.items():
                errors.clear()
                path = "" if spec.default else spec.url_path
                page.goto(f"{public_url}{path}?lang={lang}&release={release}")
                stamp = f"发布版本 {release}" if lang == "zh" else f"release {release}"
                expect(page.get_by_text(stamp, exact=False).first).to_be_visible()
                page.wait_for_load_state("networkidle")
                page.wait_for_timeout(2500)  # charts draw after the data arrives
                where = f"{release} {spec.url_path} {lang}"
                page.screenshot(
                    path=str(SHOTS / f"{release}_{spec.url_path}_{lang}.png"), full_page=True
                )
                if page.evaluate("document.documentElement.lang") != html_lang:
                    failures.append(f"{where}: html lang is not {html_lang}")
                text = page.evaluate(TEXT_JS) + table_tabs_text(page, lang)
                failures += [f"{where}: {p}" for p in page_problems(text)]
                failures += [f"{where}: console error {e}" for e in errors]
                for label, marks in page.evaluate(MARKS_JS):
                    if marks == 0:
                        failures.append(f"{where}: chart without marks: {label[:80]}")
    assert not failures, "\n".join(failures)


def test_unknown_release_says_so(public_url: str):
    from playwright.sync_api import expect

    with chromium_page("public_unknown_release.failed.png") as page:
        page.goto(f"{public_url}?lang=en&release=JS-1999-v9")
        expect(page.get_by_text("No release JS-1999-v9 has been published")).to_be_visible()
        assert page.get_by_text("Headline indicators").count() == 0
