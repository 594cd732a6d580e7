"""The quality review page in a real browser: Debian's chromium driven by Playwright.

Serves the internal dashboard as its launcher does (dashboards/internal/launch.py,
tests/browser/harness.py) on a free localhost port over a seeded workspace, reads the queue
in Chinese, switches to English, waives the ERROR through the page and checks the queue, the action log and the warehouse. Leaves a screenshot in
tests/artifacts/review_queue.png (gitignored).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

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

from browser.harness import (
    ARTIFACTS,
    BROWSER_MARKS,
    CJK_RENDERS_JS,
    chromium_page,
    grid_cells,
    served,
    visible,
)
from dashboards.internal import launch
from dualcarbon.auth import LocalUserStore
from dualcarbon.paths import Workspace
from dualcarbon.warehouse import connect

REVIEWER_PASSWORD = "review-pass-2026"  # a test user's password

pytestmark = BROWSER_MARKS


@pytest.fixture
def dashboard(workspace: Workspace, tmp_path: Path) -> Iterator[tuple[str, Workspace, Path]]:
    """The internal dashboard over a seeded workspace (tests/browser/harness.py)."""
    seed_review_workspace(workspace.home)
    LocalUserStore.of(workspace.home).add("王审核", REVIEWER_PASSWORD, ["steward"])
    home = tmp_path / "user-home"
    with served(launch, workspace, home) as url:
        yield url, workspace, home


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
