"""The official PDF report of a release, made from the real published workspace
(tests/release_fixtures.py) and read back with pdfium.

What must hold: the text is extractable and holds Chinese characters, the release id and the
stamp on every page; the CJK font is embedded (never a viewer's substitute, never boxes); the
correction's notice is on the cover and a superseded release says so; without the font the
report is refused with a bilingual message; the `report` command writes it. Page 1 is
rasterised to tests/artifacts/ for a look (pypdfium2, and pdftoppm when installed).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner
from release_fixtures import CORRECTION

from dualcarbon.cli.report import EXIT_NO_FONT, EXIT_UNKNOWN, report
from dualcarbon.paths import REPO_ROOT
from dualcarbon.release.store import list_releases
from dualcarbon.report import pdf as report_pdf

ARTIFACTS = REPO_ROOT / "tests" / "artifacts"
STAMP_ZH = "数据来源：江苏省发展和改革委员会，发布版本 {rid}"
STAMP_EN = "Source: Jiangsu DRC, release {rid}"
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def releases(published_workspace):
    return list_releases(published_workspace.workspace.releases)


def release(releases, release_id):
    return next(r for r in releases if r.release_id == release_id)


def pages_text(data: bytes) -> list[str]:
    document = pdfium.PdfDocument(data)
    return [document[i].get_textpage().get_text_range() for i in range(len(document))]


@pytest.fixture(scope="module")
def correction_zh(releases) -> bytes:
    return report_pdf.render(release(releases, "JS-2024-v2"), releases, lang="zh")


def test_report_text_is_chinese_with_the_release_id_and_stamp_on_every_page(correction_zh):
    assert correction_zh.startswith(b"%PDF-")
    pages = pages_text(correction_zh)
    assert len(pages) >= 5
    for number, text in enumerate(pages, start=1):
        assert STAMP_ZH.format(rid="JS-2024-v2") in text, f"page {number} has no stamp"
    cover = pages[0]
    assert "2024年江苏省能源消费和二氧化碳排放统计报告" in cover
    assert "JS-2024-v2" in cover and "drc_demo" in cover and "steward_demo" in cover
    assert "更正通告" in cover and CORRECTION["cause_zh"] in cover.replace("\r\n", "")
    everything = "".join(pages)
    assert len(CJK.findall(everything)) > 500
    assert "二氧化碳排放总量" in everything and "南京市" in everything
    # what changed against JS-2024-v1: its own section
    assert "与被取代版本相比的变化" in everything and "JS-2024-v1" in everything


def test_the_cjk_font_is_embedded(correction_zh):
    """fpdf2 embeds the CFF outlines of the Noto subset as FontFile3; no font is left to the
    viewer (no standard Type1 font, no font without a file)."""
    raw = correction_zh
    base_fonts = set(re.findall(rb"/BaseFont /([A-Za-z0-9+_-]+)", raw))
    assert base_fonts, "no font in the PDF"
    assert all(re.fullmatch(rb"[A-Z]{6}\+NotoSansCJK[A-Za-z-]*", name) for name in base_fonts), (
        base_fonts
    )
    assert raw.count(b"/FontFile3") >= 1
    assert b"/Helvetica" not in raw and b"/Times" not in raw


def test_page_one_rasterised_as_an_artefact(correction_zh, tmp_path: Path):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    image = pdfium.PdfDocument(correction_zh)[0].render(scale=1.5).to_pil().convert("L")
    target = ARTIFACTS / "report_JS-2024-v2_page1.png"
    image.save(target)
    dark = sum(image.histogram()[:128])  # pixels darker than mid-grey
    assert dark > 5_000, "page 1 is (nearly) blank"
    if shutil.which("pdftoppm"):  # poppler's view of the same page, when installed
        source = tmp_path / "report.pdf"
        source.write_bytes(correction_zh)
        done = subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "110",
                "-f",
                "1",
                "-l",
                "1",
                str(source),
                str(ARTIFACTS / "report_JS-2024-v2_poppler"),
            ],
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr


def test_superseded_release_and_english_report(releases):
    old = pages_text(report_pdf.render(release(releases, "JS-2024-v1"), releases, lang="en"))
    assert "Superseded by JS-2024-v2" in old[0]
    assert STAMP_EN.format(rid="JS-2024-v1") in old[-1]
    assert "Jiangsu energy and CO2 statistics, 2024" in old[0]
    assert not any("What changed" in page for page in old)  # v1 supersedes nothing


def test_missing_font_refuses_with_a_bilingual_message(
    published_workspace, releases, monkeypatch, tmp_path: Path
):
    monkeypatch.setenv("DUALCARBON_HOME", str(published_workspace.workspace.home))
    monkeypatch.setenv(report_pdf.FONT_ENV, str(tmp_path / "no-such-font.ttc"))
    with pytest.raises(report_pdf.FontMissing) as raised:
        report_pdf.render(release(releases, "JS-2023-v1"), releases)
    assert "fonts-noto-cjk" in raised.value.message_zh and "方框" in raised.value.message_zh
    assert "boxes" in raised.value.message_en

    runner = CliRunner()
    result = runner.invoke(
        report, ["JS-2023-v1", "--out", str(tmp_path / "r.pdf")], obj={"lang": "en"}
    )
    assert result.exit_code == EXIT_NO_FONT
    assert "fonts-noto-cjk" in result.output and not (tmp_path / "r.pdf").exists()


def test_report_command(published_workspace, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("DUALCARBON_HOME", str(published_workspace.workspace.home))
    runner = CliRunner()
    out = tmp_path / "JS-2023-v1.pdf"
    result = runner.invoke(report, ["JS-2023-v1", "--out", str(out)], obj={"lang": "zh"})
    assert result.exit_code == 0, result.output
    assert "已生成报告" in result.output
    assert STAMP_ZH.format(rid="JS-2023-v1") in pages_text(out.read_bytes())[0]

    # the draft candidate and the embargoed 2022 candidate are not releases
    for name in (published_workspace.draft_candidate_id, "JS-2022-v1"):
        refused = runner.invoke(report, [name], obj={"lang": "en"})
        assert refused.exit_code == EXIT_UNKNOWN
        assert "No published release" in refused.output
