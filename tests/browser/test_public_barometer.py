"""The barometer page of the public dashboard in a real browser (Debian's chromium driven by
Playwright), over the real published workspace: the tile map is drawn, with the tiles in the
not-assessed grey of the current release (every grade of JS-2024-v2 is not assessed: the
fixture's pipeline has no base-year 2020 figures), Chinese is drawn as characters, the page
switches to English, and a screenshot is left in tests/artifacts/public_barometer.png.

The session's public dashboard (tests/browser/conftest.py).
"""

from __future__ import annotations

import io

from browser.harness import ARTIFACTS, BROWSER_MARKS, CJK_RENDERS_JS, chromium_page, visible

pytestmark = BROWSER_MARKS
NOT_ASSESSED_RGB = (0xBB, 0xBB, 0xBB)  # evaluation.GRADE_COLOURS["not_assessed"]


def grey_share(png: bytes) -> float:
    """Share of the image's pixels in the not-assessed grey."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    pixels = list(image.getdata())
    return sum(1 for p in pixels if p == NOT_ASSESSED_RGB) / len(pixels)


def test_barometer_in_chromium(public_app: str):
    from playwright.sync_api import expect

    with chromium_page(
        "public_barometer.failed.png", viewport={"width": 1400, "height": 1800}
    ) as page:
        page.goto(public_app.rstrip("/") + "/barometer")
        expect(page.get_by_role("heading", name="能耗双控晴雨表", exact=True)).to_be_visible()
        expect(page.get_by_role("heading", name="晴雨表：单位地区生产总值能耗")).to_be_visible()
        expect(
            page.get_by_text("数据来源：江苏省发展和改革委员会，发布版本 JS-2024-v2").first
        ).to_be_visible()
        # the province's three cards: symbol and name, not colour alone
        expect(page.get_by_test_id("stMetricValue").first).to_have_text("○ 未评估")
        assert page.evaluate(CJK_RENDERS_JS), (
            "Chinese characters render as empty boxes: install CJK fonts "
            "(apt-get install fonts-noto-cjk)"
        )
        chart = visible(page.get_by_test_id("stVegaLiteChart"))
        expect(chart).to_be_visible()
        page.wait_for_timeout(1500)  # let the chart draw
        # 13 grey tiles cover a good part of the chart's box
        assert grey_share(chart.screenshot()) > 0.2

        page.get_by_test_id("stSidebar").get_by_text("English", exact=True).click()
        expect(
            page.get_by_role("heading", name="Early-warning barometer", exact=True)
        ).to_be_visible()
        expect(
            page.get_by_role("heading", name="Barometer: Energy consumption per unit of GDP")
        ).to_be_visible()
        expect(page.get_by_test_id("stMetricValue").first).to_have_text("○ Not assessed")
        page.wait_for_timeout(1500)
        chart = visible(page.get_by_test_id("stVegaLiteChart"))
        assert grey_share(chart.screenshot()) > 0.2
        page.screenshot(path=str(ARTIFACTS / "public_barometer.png"), full_page=True)
