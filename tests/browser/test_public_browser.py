"""The public dashboard in a real browser: Debian's chromium driven by Playwright.

Uses the session's public dashboard (tests/browser/conftest.py) over the real published
workspace (tests/release_fixtures.py): checks the overview in Chinese with its stamp and that
Chinese is drawn as characters, switches to English, downloads the headline table as CSV (content and stamp checked), downloads the PDF
report from the releases page, and leaves screenshots in tests/artifacts/
(public_overview.png, public_report_page1.png; gitignored).
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import polars as pl

from browser.harness import ARTIFACTS, BROWSER_MARKS, CJK_RENDERS_JS, chromium_page, visible

pytestmark = BROWSER_MARKS


def test_public_dashboard_in_chromium(public_app: str):
    from playwright.sync_api import expect

    with chromium_page(
        "public_overview.failed.png",
        viewport={"width": 1400, "height": 1000},
        accept_downloads=True,
    ) as page:
        page.goto(public_app)

        # Chinese by default, on the current release of the latest period: the correction.
        expect(page.get_by_role("heading", name="总览", exact=True)).to_be_visible()
        expect(
            page.get_by_text("数据来源：江苏省发展和改革委员会，发布版本 JS-2024-v2").first
        ).to_be_visible()
        expect(page.get_by_text("更正通告", exact=False).first).to_be_visible()
        assert page.evaluate(CJK_RENDERS_JS), (
            "Chinese characters render as empty boxes: install CJK fonts "
            "(apt-get install fonts-noto-cjk)"
        )
        expect(page).to_have_url(re.compile(r"[?&]release=JS-2024-v2\b"))
        # Streamlit scrolls inside the page: a tall viewport shows the whole overview,
        # once its last block has arrived
        page.set_viewport_size({"width": 1400, "height": 3000})
        expect(page.get_by_role("heading", name="能源消费总量（历年）")).to_be_visible()
        page.wait_for_timeout(1500)  # let the charts draw
        page.screenshot(path=str(ARTIFACTS / "public_overview.png"), full_page=True)
        page.set_viewport_size({"width": 1400, "height": 1000})

        # English: labels, notice and URL follow.
        page.get_by_test_id("stSidebar").get_by_text("English", exact=True).click()
        expect(page.get_by_role("heading", name="Overview", exact=True)).to_be_visible()
        expect(page).to_have_url(re.compile(r"[?&]lang=en\b"))
        expect(page.get_by_text("Correction notice", exact=False).first).to_be_visible()

        # The headline table as CSV, from the first block's Download tab.
        visible(page.get_by_role("tab", name="Download")).click()
        with page.expect_download() as download_info:
            visible(page.get_by_role("button", name="Download CSV")).click()
        download = download_info.value
        assert download.suggested_filename == "JS-2024-v2_headline_en.csv"
        raw = Path(download.path()).read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), "CSV without a BOM: Excel would garble it"
        text = raw.decode("utf-8-sig")
        comments = [line for line in text.splitlines() if line.startswith("#")]
        assert "# Source: Jiangsu DRC, release JS-2024-v2" in comments
        assert any(line.startswith("# Terms of use:") for line in comments), comments
        table = pl.read_csv(io.BytesIO(raw), comment_prefix="#")
        assert table["Indicator"].to_list()[0] == "Total CO2 emissions"
        assert table["Release"].unique().to_list() == ["JS-2024-v2"]
        assert "revised" in table["Status"].to_list()  # the correction's flag

        # The official PDF from the releases page, back in Chinese.
        page.get_by_test_id("stSidebar").get_by_text("中文", exact=True).click()
        page.get_by_role("link", name="发布与修订").click()
        expect(page.get_by_role("heading", name="发布与修订", exact=True)).to_be_visible()
        with page.expect_download(timeout=120_000) as pdf_info:
            visible(page.get_by_role("button", name="下载 PDF 报告")).click()
        pdf = pdf_info.value
        assert pdf.suggested_filename == "JS-2024-v2_zh.pdf"
        pdf_bytes = Path(pdf.path()).read_bytes()

    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf_bytes)
    first = document[0]
    text = first.get_textpage().get_text_range()
    assert "JS-2024-v2" in text and "江苏省" in text and "更正通告" in text, text[:400]
    first.render(scale=1.5).to_pil().save(ARTIFACTS / "public_report_page1.png")
