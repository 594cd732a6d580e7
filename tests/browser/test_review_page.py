"""The quality review page in a real browser: Debian's chromium driven by Playwright.

Starts `streamlit run dashboards/internal/app.py` on a free localhost port over a seeded
workspace, reads the queue in Chinese, switches to English, waives the ERROR through the
page and checks the queue, the action log and the warehouse. Leaves a screenshot in
tests/artifacts/review_queue.png (gitignored).

Needs /usr/bin/chromium and CJK fonts (`apt-get install chromium fonts-noto-cjk`; `.ci/run`
installs both). Without chromium the test is skipped; `playwright install` is never used.
"""

from __future__ import annotations

import re
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from test_dashboard_review import (
    ERROR_CHECK,
    ERROR_EN,
    ERROR_ZH,
    SUBMISSION,
    WARN_EN,
    WARN_ZH,
    seed_review_workspace,
)

from dashboards.internal import launch
from dualcarbon.auth import LocalUserStore
from dualcarbon.paths import REPO_ROOT, Workspace
from dualcarbon.warehouse import connect

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
REVIEWER_PASSWORD = "review-pass-2026"  # a test user's password

BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="browser test skipped: /usr/bin/chromium is missing "
        "(apt-get install chromium fonts-noto-cjk; .ci/run installs them)",
    ),
]
pytestmark = BROWSER_MARKS


@contextmanager
def chromium_page(failure_png: str, **context_options) -> Iterator[Page]:
    """A page in Debian's chromium, in Chinese unless ``locale`` says otherwise, waiting up
    to UI_TIMEOUT_MS; a test that fails inside leaves tests/artifacts/<failure_png>."""
    from playwright.sync_api import expect, sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    expect.set_options(timeout=UI_TIMEOUT_MS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            page = browser.new_context(**{"locale": "zh-CN", **context_options}).new_page()
            page.set_default_timeout(UI_TIMEOUT_MS)
            try:
                yield page
            except Exception:
                page.screenshot(path=str(ARTIFACTS / failure_png), full_page=True)
                raise
        finally:
            browser.close()


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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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
    return out[-4000:]


@pytest.fixture
def dashboard(workspace: Workspace, tmp_path: Path) -> Iterator[tuple[str, Workspace, Path]]:
    """The internal dashboard over a seeded workspace; HOME is an empty folder, so anything
    Streamlit would write outside $DUALCARBON_HOME shows up there."""
    seed_review_workspace(workspace.home)
    LocalUserStore.of(workspace.home).add("王审核", REVIEWER_PASSWORD, ["steward"])
    home = tmp_path / "user-home"
    home.mkdir()
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
        yield url, workspace, home
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


def grid_cells(page, header: str) -> list[str]:
    """The cells of the table (st.dataframe) that has this column header.

    st.dataframe draws on a canvas; its accessible table inside the canvas holds the text.
    """
    grid = page.get_by_test_id("stDataFrame").filter(
        has=page.locator("th[role=columnheader]", has_text=header)
    )
    return grid.first.locator("td[role=gridcell]").all_text_contents()


def visible(locator):
    return locator.filter(visible=True).first


def test_review_page_in_chromium(dashboard: tuple[str, Workspace, Path]):
    from playwright.sync_api import expect

    url, workspace, user_home = dashboard
    with chromium_page("review_queue.failed.png", viewport={"width": 1400, "height": 1000}) as page:
        page.goto(url)

        # Nothing internal before sign-in; sign in as the steward (Chinese by default).
        expect(page.get_by_text("请先在左侧登录。")).to_be_visible()
        expect(page.get_by_role("heading", name="数据质量审核")).to_have_count(0)
        sidebar = page.get_by_test_id("stSidebar")
        sidebar.get_by_label("用户名").fill("王审核")
        sidebar.get_by_label("密码", exact=True).fill(REVIEWER_PASSWORD)
        sidebar.get_by_role("button", name="登录").click()
        expect(sidebar.get_by_text("已登录：王审核")).to_be_visible()

        # Both issues in the queue, in Chinese.
        expect(page.get_by_role("heading", name="数据质量审核")).to_be_visible()
        expect(page.get_by_text("草稿 · 内部使用", exact=False)).to_be_visible()
        expect(page.locator("th[role=columnheader]", has_text="不合格行数")).to_have_count(1)
        cells = grid_cells(page, "不合格行数")
        assert ERROR_ZH in cells and WARN_ZH in cells, cells
        assert "错误" in cells and "警告" in cells and "江苏省统计局" in cells, cells
        assert page.evaluate(CJK_RENDERS_JS), (
            "Chinese characters render as empty boxes: install CJK fonts "
            "(apt-get install fonts-noto-cjk)"
        )

        # Switch to English in the sidebar: labels, queue and URL follow.
        page.get_by_test_id("stSidebar").get_by_text("English", exact=True).click()
        expect(page.get_by_role("heading", name="Quality review")).to_be_visible()
        expect(page).to_have_url(re.compile(r"[?&]lang=en\b"))
        expect(page.get_by_text("Open errors")).to_be_visible()
        expect(page.locator("th[role=columnheader]", has_text="Failing rows")).to_have_count(1)
        cells = grid_cells(page, "Failing rows")
        assert ERROR_EN in cells and WARN_EN in cells, cells
        assert "Jiangsu Provincial Bureau of Statistics" in cells, cells

        # Signed in as the steward: waive the ERROR (issue, reason, comment).
        expect(sidebar.get_by_text("Signed in: 王审核")).to_be_visible()
        expect(page.get_by_text("requires signing in as a data steward")).to_have_count(0)
        page.get_by_test_id("stSelectbox").filter(has_text="Select an issue").click()
        page.get_by_role("option", name=ERROR_EN).click()
        page.get_by_role("tab", name="Waive").click()
        visible(page.get_by_test_id("stSelectbox").filter(has_text="Reason")).click()
        page.get_by_role("option", name="The department confirmed the figure is correct").click()
        visible(page.get_by_label("Comment", exact=True)).fill(
            "Confirmed by phone: the negative row is a correction."
        )
        page.get_by_role("button", name="Waive this issue").click()

        expect(page.get_by_text(f"Waived: {ERROR_CHECK}")).to_be_visible()
        expect(page.get_by_text("Open errors")).to_be_visible()
        page.wait_for_function(
            """([gone, kept]) => {
                const cells = [...document.querySelectorAll("td[role=gridcell]")]
                    .map((td) => td.textContent);
                return !cells.includes(gone) && cells.includes(kept);
            }""",
            arg=[ERROR_EN, WARN_EN],
        )
        cells = grid_cells(page, "Failing rows")
        assert ERROR_EN not in cells and WARN_EN in cells, cells
        expect(page.locator("th[role=columnheader]", has_text="Actor")).to_have_count(1)
        log = grid_cells(page, "Actor")
        assert "Waived" in log and "王审核" in log and "Data steward" in log, log

        # Back to Chinese for the screenshot: the remaining WARN and the log.
        page.get_by_test_id("stSidebar").get_by_text("中文", exact=True).click()
        expect(page.get_by_role("heading", name="数据质量审核")).to_be_visible()
        expect(page.locator("th[role=columnheader]", has_text="操作人")).to_have_count(1)
        assert "豁免" in grid_cells(page, "操作人")
        # not the English "All" kept from before the switch
        expect(page.get_by_role("combobox", name="级别")).to_have_value("全部")
        page.set_viewport_size({"width": 1400, "height": 2600})
        page.wait_for_timeout(500)
        page.screenshot(path=str(ARTIFACTS / "review_queue.png"), full_page=True)

    with connect(workspace.warehouse, read_only=True) as con:
        assert con.sql(
            "select actor, role, action, check_id, submission_id, reason_code, comment "
            "from quality.review_actions"
        ).fetchall() == [
            (
                "王审核",
                "steward",
                "waive",
                ERROR_CHECK,
                SUBMISSION,
                "confirmed_by_department",
                "Confirmed by phone: the negative row is a correction.",
            )
        ]
    assert list(user_home.iterdir()) == [], "Streamlit wrote into HOME"
