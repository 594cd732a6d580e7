"""The official PDF report of a release, made from the real published workspace
(tests/release_fixtures.py) and read back with pdfium.

What must hold: the text is extractable and holds Chinese characters, the release id and the
stamp on every page; the CJK font is embedded (never a viewer's substitute, never boxes); the
correction's notice is on the cover and a superseded release says so; without the font the
report is refused with a bilingual message; the `report` command writes it. Page 1 is
rasterised to tests/artifacts/ for a look (pypdfium2, and pdftoppm when installed).
"""

from __future__ import annotations

import ctypes
import re
import shutil
import subprocess
from pathlib import Path

import polars as pl
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
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


# --- issue 16: tagged, every public page's section, wrapped labels ---------------------------

GRADES_ZH = {  # the grade names, written out by hand
    "red": "▲ 红色（一级预警）",
    "yellow": "◆ 黄色（二级预警）",
    "green": "● 绿色（进展顺利）",
    "not_assessed": "○ 未评估",
}
GRADES_EN = {
    "red": "▲ Red (level-1 warning)",
    "yellow": "◆ Yellow (level-2 warning)",
    "green": "● Green (on track)",
    "not_assessed": "○ Not assessed",
}
# a figure printed without thousands separators, too many decimals, or not printed at all
RAW_NUMBER = re.compile(r"(?<![\d,.])\d{4,}\.\d|\d\.\d{5,}|(?<![\d,.:-])\d{5,}(?![\d-])")


@pytest.fixture(scope="module")
def correction_en(releases) -> bytes:
    return report_pdf.render(release(releases, "JS-2024-v2"), releases, lang="en")


def flat(data: bytes) -> str:
    """The document's text with line breaks as spaces (a wrapped cell is one phrase)."""
    return re.sub(r"\s+", " ", "".join(pages_text(data)))


def published(rel, table: str) -> pl.DataFrame:
    """A published table, read straight from the release's Parquet file."""
    return pl.read_parquet(rel.path / f"{table}.parquet").filter(pl.col("period") == rel.period)


def province(frame: pl.DataFrame) -> dict:
    return frame.filter(pl.col("region_code") == "320000").row(0, named=True)


def separated(value: float) -> str:
    """Two decimals and thousands separators, as the report prints a figure."""
    return f"{value:,.2f}"


def structure_elements(data: bytes) -> list[tuple[str, str, str]]:
    """(type, title, alt text) of every structure element under each page's structure tree,
    read with pdfium."""
    document = pdfium.PdfDocument(data)

    def text_of(getter, element) -> str:
        size = getter(element, None, 0)
        buffer = ctypes.create_string_buffer(size)
        getter(element, buffer, size)
        return buffer.raw[: max(size - 2, 0)].decode("utf-16-le")

    def walk(element) -> list[tuple[str, str, str]]:
        getters = (
            pdfium_c.FPDF_StructElement_GetType,
            pdfium_c.FPDF_StructElement_GetTitle,
            pdfium_c.FPDF_StructElement_GetAltText,
        )
        found = [tuple(text_of(getter, element) for getter in getters)]
        for index in range(pdfium_c.FPDF_StructElement_CountChildren(element)):
            child = pdfium_c.FPDF_StructElement_GetChildAtIndex(element, index)
            if child:  # a marked-content id is no element
                found += walk(child)
        return found

    found = []
    for index in range(len(document)):
        page = document[index]  # held: the tree belongs to the page
        tree = pdfium_c.FPDF_StructTree_GetForPage(page.raw)
        for child in range(pdfium_c.FPDF_StructTree_CountChildren(tree)):
            found += walk(pdfium_c.FPDF_StructTree_GetChildAtIndex(tree, child))
        pdfium_c.FPDF_StructTree_Close(tree)
    return found


def catalog_language(data: bytes) -> str:
    document = pdfium.PdfDocument(data)
    size = pdfium_c.FPDFCatalog_GetLanguage(document.raw, None, 0)
    buffer = ctypes.create_string_buffer(size)
    wide = ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort))  # FPDF_WCHAR*
    pdfium_c.FPDFCatalog_GetLanguage(document.raw, wide, size)
    return buffer.raw[: max(size - 2, 0)].decode("utf-16-le")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_report_is_tagged_with_language_title_and_outline(
    lang, correction_zh, correction_en, releases
):
    data = correction_zh if lang == "zh" else correction_en
    raw = data
    assert b"/MarkInfo <</Marked true>>" in raw and b"/StructTreeRoot" in raw
    document = pdfium.PdfDocument(data)
    assert document.is_tagged()  # pdfium's own check: /MarkInfo /Marked and a structure tree
    assert catalog_language(data) == ("zh-CN" if lang == "zh" else "en")
    title = document.get_metadata_dict()["Title"]
    expected = (
        "2024年江苏省能源消费和二氧化碳排放统计报告"
        if lang == "zh"
        else "Jiangsu energy and CO2 statistics, 2024"
    )
    assert title == f"{expected} (JS-2024-v2)"
    assert b"/DisplayDocTitle true" in raw and b"/PageMode /UseOutlines" in raw
    chapters = [item.get_title() for item in document.get_toc() if item.level == 0]
    if lang == "zh":
        wanted = [
            "一、",
            "二、",
            "三、",
            "四、",
            "五、能耗双控晴雨表",
            "六、",
            "七、",
            "八、",
            "九、",
        ]
    else:
        wanted = ["1. ", "2. ", "3. ", "4. ", "5. Early-warning", "6. ", "7. ", "8. ", "9. "]
    for prefix in wanted:
        assert any(c.startswith(prefix) for c in chapters), (prefix, chapters)
    assert len(list(document.get_toc())) > len(chapters)  # the figures and tables under them
    elements = structure_elements(data)
    titles = {title for _, title, _ in elements}
    assert set(chapters) <= titles  # every chapter heading is in the structure tree
    figures = [(title, alt) for kind, title, alt in elements if alt]
    assert len(figures) >= 6  # trend, four breakdowns, cities
    by_city = next(alt for _, alt in figures if ("南京市" if lang == "zh" else "Nanjing") in alt)
    co2 = published(release(releases, "JS-2024-v2"), "fct_indicators").filter(
        (pl.col("region_code") == "320100") & (pl.col("indicator_code") == "co2_total_t")
    )["value"][0]
    assert separated(co2 / (1e4 if lang == "zh" else 1e6)) in by_city  # alt text has the data


def test_targets_as_on_the_overview_in_both_languages(correction_zh, correction_en, releases):
    rel = release(releases, "JS-2024-v2")
    total = (
        published(rel, "fct_target_progress")
        .filter(pl.col("region_code") == "320000")
        .filter(pl.col("indicator_code") == "energy_total_tce")
        .row(0, named=True)
    )
    zh, en = flat(correction_zh), flat(correction_en)
    assert "六、目标完成进度" in zh and "6. Progress against targets" in en
    # actual in tce -> 万吨标准煤 (/10^4) and Mtce (/10^6); the cap is in 万吨标准煤 (/1, /100)
    assert f"{separated(total['value'] / 1e4)} {separated(total['target'])} 万吨标准煤" in zh
    assert f"{separated(total['value'] / 1e6)} {separated(total['target'] / 100)} Mtce" in en


def test_barometer_grades_by_region_and_indicator(correction_zh, correction_en, releases):
    rel = release(releases, "JS-2024-v2")
    grades = published(rel, "fct_barometer").filter(pl.col("region_code") == "320000")
    zh, en = flat(correction_zh), flat(correction_en)
    assert "能耗双控晴雨表" in zh and "Early-warning barometer" in en
    for row in grades.iter_rows(named=True):
        assert GRADES_ZH[row["grade"] or "not_assessed"] in zh
        assert GRADES_EN[row["grade"] or "not_assessed"] in en
    card = published(rel, "fct_evaluation_scorecard")
    nanjing = card.filter(pl.col("region_code") == "320100").row(0, named=True)
    short = {"red": "▲ Red", "yellow": "◆ Yellow", "green": "● Green"}
    row = " ".join(
        short.get(nanjing[c], "○ Not assessed")
        for c in ("energy_intensity_grade", "energy_total_grade", "co2_intensity_grade")
    )
    assert f"Nanjing {row}" in en  # the scorecard's row of Nanjing, grade by grade


def test_sinks_and_sectors_with_the_cities_sum(correction_zh, correction_en, releases):
    rel = release(releases, "JS-2024-v2")
    net = published(rel, "fct_net_emissions")
    units = published(rel, "fct_key_energy_units")
    zh, en = flat(correction_zh), flat(correction_en)
    assert "七、碳汇与净排放" in zh and "8. Sectors" in en
    sink = province(net)["headline_sink_tco2"]
    assert separated(sink / 1e4) in zh and separated(sink / 1e6) in en
    key = province(units)["key_units_energy_tce"]
    assert separated(key / 1e4) in zh and separated(key / 1e6) in en
    # the province minus the cities' sum: the reconciling item of the key units' energy
    cities = units.filter(pl.col("region_code") != "320000")["key_units_energy_tce"].sum()
    item = (key - cities) / 1e4
    assert f"差额：全省减设区市合计 {formatting_number(item)}" in zh


def formatting_number(value: float) -> str:
    text = separated(value)
    return "0.00" if text == "-0.00" else text


def test_revisions_log_in_both_languages(correction_zh, correction_en, releases):
    zh, en = flat(correction_zh), flat(correction_en)
    assert "九、修订记录" in zh and "9. Revisions" in en
    assert CORRECTION["cause_zh"].replace(" ", "") in zh.replace(" ", "")
    assert CORRECTION["cause_en"] in en
    old = flat(report_pdf.render(release(releases, "JS-2024-v1"), releases, lang="en"))
    assert "No revision had been published by the time of this release." in old


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_missing_or_raw_figures_in_the_text(lang, correction_zh, correction_en):
    text = flat(correction_zh if lang == "zh" else correction_en)
    for word in ("None", "nan", "NaN", "null", "0.000000"):
        assert re.search(rf"(?<!\w){word}(?!\w)", text) is None, word
    raw = RAW_NUMBER.findall(text)
    assert not raw, raw[:10]


def test_no_city_name_is_cut_in_the_english_report(correction_en, releases):
    regions = pl.read_parquet(release(releases, "JS-2024-v2").path / "dim_region.parquet")
    text = flat(correction_en)
    for name in regions["name_en"]:
        assert name in text
        cuts = [f"{name[:k]} {name[k:]}" for k in range(1, len(name))]
        assert not [cut for cut in cuts if cut in text], name


def page(lang: str) -> report_pdf.ReportPDF:
    pdf = report_pdf.ReportPDF("stamp", lang)
    pdf.add_page()
    return pdf


def test_english_labels_wrap_between_words_and_chinese_keeps_every_character():
    long = "Non-fossil electricity generated (at the coal rate)"
    english = page("en").lines(long, 30)
    assert len(english) > 1  # it does wrap
    assert [w for line in english for w in line.split()] == long.split()
    chinese_label = "非化石能源发电（按火电煤耗折算）"
    chinese = page("zh").lines(chinese_label, 20)
    assert len(chinese) > 1 and "".join(chinese) == chinese_label
