"""The browser harness shared by every test in tests/browser: Debian's chromium driven by
Playwright, and a dashboard served the way the product serves it.

A dashboard runs as its launcher (``dashboards/<name>/launch.py``) starts it for
`make public` / `make dashboard`: ``launch.command()`` with ``launch.environment()`` in
``launch.PROJECT_DIR``, so Streamlit reads the project's ``.streamlit/config.toml``. HOME is an
empty folder, so anything Streamlit would write outside ``$DUALCARBON_HOME`` shows up there.

Needs /usr/bin/chromium and CJK fonts (`apt-get install chromium fonts-noto-cjk`; `.ci/run`
installs both). Without chromium the tests are skipped; `playwright install` is never used.
"""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

import pytest

from dualcarbon.paths import REPO_ROOT, Workspace

if TYPE_CHECKING:
    from playwright.sync_api import Page

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = REPO_ROOT / "tests" / "artifacts"
STARTUP_SECONDS = 60
UI_TIMEOUT_MS = 30_000
# a page's first run on a cold server imports the data libraries: on a loaded 2-core machine
# that alone has taken over 20 s
RENDER_TIMEOUT_MS = 90_000

BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="browser test skipped: /usr/bin/chromium is missing "
        "(apt-get install chromium fonts-noto-cjk; .ci/run installs them)",
    ),
]

# Draws one character on a canvas with the page's default sans-serif font and compares it
# with a private-use character that no font has: equal pixels mean a missing-glyph box.
CJK_RENDERS_JS = """() => {
    const canvas = document.createElement("canvas");
    canvas.width = 64; canvas.height = 64;
    const ctx = canvas.getContext("2d");
    const draw = (ch) => {
        ctx.clearRect(0, 0, 64, 64);
        ctx.font = "40px sans-serif";
        ctx.fillText(ch, 4, 48);
        return Array.from(ctx.getImageData(0, 0, 64, 64).data).join(",");
    };
    return draw("数") !== draw("\\uE000");
}"""


@contextmanager
def chromium(**context_options) -> Iterator:
    """A browser context in Debian's chromium, in Chinese unless ``locale`` says otherwise."""
    from playwright.sync_api import expect, sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    expect.set_options(timeout=UI_TIMEOUT_MS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            context = browser.new_context(**{"locale": "zh-CN", **context_options})
            context.set_default_timeout(UI_TIMEOUT_MS)
            yield context
        finally:
            browser.close()


@contextmanager
def chromium_page(failure_png: str, **context_options) -> Iterator[Page]:
    """A page in Debian's chromium waiting up to UI_TIMEOUT_MS; a test that fails inside
    leaves tests/artifacts/<failure_png>."""
    with chromium(**context_options) as context:
        page = context.new_page()
        try:
            yield page
        except Exception:
            page.screenshot(path=str(ARTIFACTS / failure_png), full_page=True)
            raise


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def served(launch: ModuleType, workspace: Workspace, home: Path) -> Iterator[str]:
    """The dashboard of ``launch`` (dashboards.public.launch or dashboards.internal.launch)
    over ``workspace`` on a free localhost port, with ``home`` as HOME; yields its URL."""
    home.mkdir(parents=True, exist_ok=True)
    port = free_port()
    server = subprocess.Popen(
        launch.command(port=port),
        env={**launch.environment(workspace), "HOME": str(home)},
        cwd=launch.PROJECT_DIR,  # Streamlit reads .streamlit/config.toml from here
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = launch.url(port)
    try:
        wait_until_up(url, server)
        yield url
    finally:
        if server.poll() is None:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=10)
        if server.stdout:
            server.stdout.close()


def wait_until_up(url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(
                f"streamlit exited early ({server.returncode}): {server_log(server)}"
            )
        try:
            with urllib.request.urlopen(url + "_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"streamlit did not answer within {STARTUP_SECONDS} s")


def server_log(server: subprocess.Popen) -> str:
    server.kill()
    out, _ = server.communicate(timeout=10)
    return (out or "")[-4000:]


def visible(locator):
    return locator.filter(visible=True).first


def grid_cells(page, header: str) -> list[str]:
    """The cells of the table (st.dataframe) that has this column header.

    st.dataframe draws on a canvas; its accessible table inside the canvas holds the text.
    """
    grid = page.get_by_test_id("stDataFrame").filter(
        has=page.locator("th[role=columnheader]", has_text=header)
    )
    return grid.first.locator("td[role=gridcell]").all_text_contents()


# When a Streamlit page counts as rendered (the browser tests and benchmarks/page_times.py):
# the app's script has finished (Streamlit's own state on the app's root, which drives its
# "running" indicator), the page's title is there, no element is still a loading skeleton,
# and every visible chart has been drawn by Vega (an svg or canvas inside it). With
# ``needs_content``, the page must also show its main content: a chart, a table or a metric.
RENDERED_JS = """(needsContent) => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app || app.dataset.testScriptState !== 'notRunning') return false;
    const main = document.querySelector('[data-testid="stMain"]');
    if (!main || !main.querySelector('h1')) return false;
    if (main.querySelector('[data-testid="stSkeleton"]')) return false;
    const shown = (sel) => Array.from(main.querySelectorAll(sel))
        .filter((e) => e.offsetParent !== null);
    const charts = shown('[data-testid="stVegaLiteChart"]');
    if (!charts.every((c) => c.querySelector('svg g, canvas'))) return false;
    if (!needsContent) return true;
    return charts.length > 0 || shown('[data-testid="stDataFrame"] canvas').length > 0
        || shown('[data-testid="stTable"]').length > 0
        || shown('[data-testid="stMetric"]').length > 0;
}"""


def wait_rendered(page, needs_content: bool = False, timeout_ms: int = RENDER_TIMEOUT_MS) -> None:
    page.wait_for_function(RENDERED_JS, arg=needs_content, timeout=timeout_ms, polling=50)
