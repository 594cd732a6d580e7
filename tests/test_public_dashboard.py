"""The public dashboard, rendered headless with Streamlit's AppTest over the real published
workspace (tests/release_fixtures.py: JS-2023-v1, JS-2024-v1, the correction JS-2024-v2, an
approved 2022 candidate still under embargo and a newer unpublished 2024 draft).

What must hold: every page renders in Chinese and English with the release stamp; a
superseded release carries a banner; the correction's "what changed" matches the hand-computed
effect of the resubmitted raw coal; no figure of the draft or of the embargoed candidate
appears on any page; the app runs with the warehouse deleted and never imports it.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
import streamlit as st
from openpyxl import load_workbook
from release_fixtures import CORRECTION, CORRECTION_T, DRAFT_T
from streamlit.testing.v1 import AppTest

from dashboards.public.downloads import BOM, Metadata, csv_bytes, xlsx_bytes
from dashboards.public.pages import PAGES, available
from dualcarbon import i18n as catalogue
from dualcarbon.paths import REPO_ROOT
from dualcarbon.release.store import list_releases
from dualcarbon.report import views

APP = REPO_ROOT / "dashboards" / "public" / "app.py"
APP_TIMEOUT = 60  # a cold first import takes longer than AppTest's default of 3 s
PAGE_SCRIPTS = [page.script for page in PAGES]
TITLES = {
    "overview.py": ("总览", "Overview"),
    "emissions.py": ("碳排放", "Emissions"),
    "energy.py": ("能源消费", "Energy"),
    "intensities.py": ("强度指标", "Intensities"),
    "regions.py": ("地区比较", "Comparison of regions"),
    "barometer.py": ("能耗双控晴雨表", "Early-warning barometer"),
    "sinks.py": ("碳汇", "Carbon sinks"),
    "sectors.py": ("重点领域", "Sectors"),
    "releases.py": ("发布与修订", "Releases and revisions"),
}
# Hand-computed effect of 10,000 t more raw coal (province, S01, combustion):
#   energy: 10,000 t × 0.7143 tce/t (factor_standard_coal, GB/T 2589)          = 7,143 tce
#   CO2: EF = 20.908 GJ/t × 26.18 tC/TJ ÷ 1000 × 0.93 × 44/12 = 1.866535 tCO2/t (factor_fuel_combustion)
#        10,000 t × 1.866535                                                   = 18,665.35 t CO2
RAW_COAL_TCE_PER_T = 0.7143
RAW_COAL_TCO2_PER_T = 20.908 * 26.18 / 1000 * 0.93 * 44 / 12


@pytest.fixture
def home(published_workspace, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = published_workspace.workspace.home
    monkeypatch.setenv("DUALCARBON_HOME", str(home))
    st.cache_data.clear()
    st.cache_resource.clear()
    return home


def run_page(script: str, lang: str = "zh", release: str | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=APP_TIMEOUT)
    at.query_params["lang"] = lang
    if release:
        at.query_params["release"] = release
    at.run()
    if script != "overview.py":
        at.switch_page(str(APP.parent / script)).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def page_text(at: AppTest) -> str:
    """Everything the page shows as text: headings, paragraphs, notices, metrics, tables."""
    parts: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error"):
        parts += [str(element.value) for element in getattr(at, kind)]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    parts += [frame.value.to_csv(index=False) for frame in at.dataframe]
    parts += [" ".join(map(str, box.options)) for box in at.selectbox]
    return "\n".join(parts)


NUMBER_TEXT = re.compile(r"^-?\d{1,3}(,\d{3})*(\.\d+)?$")


def as_numbers(frame):
    """A table as shown (numbers formatted as text: "42,989.28", "—") with its number
    columns read back as numbers, for arithmetic on what the reader sees."""
    import pandas as pd

    out = frame.copy()
    for column in out.columns:
        values = out[column]
        texts = [v for v in values if isinstance(v, str) and v != "—"]
        if (
            texts
            and all(NUMBER_TEXT.match(v) for v in texts)
            and all(isinstance(v, str) for v in values)
        ):
            out[column] = pd.to_numeric(values.str.replace(",", "").replace("—", None))
    return out


def shown_numbers(at: AppTest) -> set[float]:
    """Every number in every table on the page."""
    numbers: set[float] = set()
    for frame in at.dataframe:
        shown = as_numbers(frame.value)
        for column in shown.columns:
            for value in shown[column]:
                if isinstance(value, int | float) and value == value:
                    numbers.add(round(float(value), 2))
    return numbers


def province(ws_home: Path, release_id: str, code: str) -> float:
    table = pl.read_parquet(ws_home / "releases" / release_id / "fct_indicators.parquet")
    return table.filter(
        (pl.col("region_code") == "320000") & (pl.col("indicator_code") == code)
    ).item(0, "value")


def candidate_value(ws_home: Path, candidate_id: str, code: str) -> float:
    folder = ws_home / "releases" / "candidates" / candidate_id
    table = pl.read_parquet(folder / "fct_indicators.parquet")
    return table.filter(
        (pl.col("region_code") == "320000") & (pl.col("indicator_code") == code)
    ).item(0, "value")


@pytest.mark.parametrize("script", PAGE_SCRIPTS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_renders_in_both_languages_with_the_stamp(home: Path, script: str, lang: str):
    at = run_page(script, lang)
    zh, en = TITLES[script]
    assert [t.value for t in at.title] == [zh if lang == "zh" else en]
    text = page_text(at)
    stamp = (
        "数据来源：江苏省发展和改革委员会，发布版本 JS-2024-v2"
        if lang == "zh"
        else "Source: Jiangsu DRC, release JS-2024-v2"
    )
    assert stamp in text
    # the default is the current release of the latest period: the correction
    assert at.sidebar.selectbox[0].value == "JS-2024-v2"
    if lang == "en" and script != "releases.py":  # (that page quotes the bilingual NOTICE.md)
        assert "数据来源" not in text and "发布版本" not in text


def test_release_selector_offers_only_published_releases(home: Path, published_workspace):
    at = run_page("overview.py")
    options = at.sidebar.selectbox[0].options
    assert [o.split("（")[0] for o in options] == ["JS-2024-v2", "JS-2024-v1", "JS-2023-v1"]
    assert all("2022" not in o for o in options), "the embargoed 2022 release is listed"
    assert "已被 JS-2024-v2 取代" in options[1]


def test_superseded_release_carries_a_banner_and_the_correction_a_notice(home: Path):
    old = run_page("overview.py", "zh", release="JS-2024-v1")
    assert old.sidebar.selectbox[0].value == "JS-2024-v1"
    assert any("已被 JS-2024-v2" in e.value and "更正" in e.value for e in old.error)
    assert "发布版本 JS-2024-v1" in page_text(old)

    new = run_page("overview.py", "en", release="JS-2024-v2")
    assert not new.error
    notices = [w.value for w in new.warning]
    assert any("supersedes JS-2024-v1" in w and CORRECTION["cause_en"] in w for w in notices), (
        notices
    )

    current = run_page("overview.py", "zh", release="JS-2023-v1")
    assert not current.error and not current.warning


def test_what_changed_matches_the_hand_computed_correction(home: Path):
    releases = list_releases(home / "releases")
    v2 = next(r for r in releases if r.release_id == "JS-2024-v2")
    changes = views.what_changed(releases, v2)
    assert changes is not None and changes.previous.release_id == "JS-2024-v1"
    diff = changes.indicators.filter(pl.col("region_code") == "320000")
    energy = diff.filter(pl.col("indicator_code") == "energy_total_tce").row(0, named=True)
    co2 = diff.filter(pl.col("indicator_code") == "co2_total_t").row(0, named=True)
    assert energy["new"] - energy["old"] == pytest.approx(CORRECTION_T * RAW_COAL_TCE_PER_T)
    assert co2["new"] - co2["old"] == pytest.approx(CORRECTION_T * RAW_COAL_TCO2_PER_T, rel=1e-6)
    counts = {row["table"]: row for row in changes.counts.iter_rows(named=True)}
    assert counts["fct_energy_consumption"]["changed"] == 1  # the one resubmitted row
    assert counts["fct_indicators"]["changed"] >= 2

    at = run_page("releases.py", "zh", release="JS-2024-v2")
    table = as_numbers(
        next(f.value for f in at.dataframe if "原值（JS-2024-v1）" in f.value.columns)
    )
    row = table[(table["地区"] == "江苏省") & (table["指标"] == "能源消费总量")].iloc[0]
    # shown in 万吨标准煤 to four decimals: 7,143 tce = 0.7143
    assert row["单位"] == "万吨标准煤"
    assert row["新值（JS-2024-v2）"] - row["原值（JS-2024-v1）"] == pytest.approx(0.7143, abs=2e-4)

    first = run_page("releases.py", "en", release="JS-2023-v1")
    assert any("first release for 2023" in i.value for i in first.info)


def test_unreleased_figures_appear_on_no_public_page(home: Path, published_workspace):
    """The newer 2024 draft differs from JS-2024-v2 (10,000 t more raw coal): none of its
    changed headline figures may show; the published ones do."""
    draft = published_workspace.draft_candidate_id
    published_energy = province(home, "JS-2024-v2", "energy_total_tce")
    draft_energy = candidate_value(home, draft, "energy_total_tce")
    assert draft_energy - published_energy == pytest.approx(
        (DRAFT_T - CORRECTION_T) * RAW_COAL_TCE_PER_T
    )
    draft_co2 = candidate_value(home, draft, "co2_total_t")
    forbidden = {round(draft_energy / 1e4, 2), round(draft_co2 / 1e4, 2)}
    forbidden_text = {f"{v:,.2f}" for v in forbidden}
    seen_published = False
    for script in PAGE_SCRIPTS:
        for lang in ("zh", "en"):
            at = run_page(script, lang)
            assert not forbidden & shown_numbers(at), (script, lang)
            text = page_text(at)
            assert not any(v in text for v in forbidden_text), (script, lang)
            assert draft not in text
            seen_published |= round(published_energy / 1e4, 2) in shown_numbers(at)
    assert seen_published, "the published total energy consumption is shown nowhere"

    # the embargoed 2022 figures: no 2022 row in the series of the overview
    at = run_page("overview.py", "zh")
    years = [set(f.value["年份"]) for f in at.dataframe if "年份" in f.value.columns]
    assert {"2023", "2024"} in years  # the series (other tables list figures by year)
    assert all("2022" not in shown for shown in years)


def test_app_works_without_the_warehouse_and_never_imports_it(workspace_copy, tmp_path: Path):
    """In a fresh interpreter: the warehouse file deleted, every page rendered, and neither
    dualcarbon.warehouse nor duckdb ever imported."""
    workspace_copy.warehouse.unlink()
    for wal in workspace_copy.warehouse.parent.glob(workspace_copy.warehouse.name + "*"):
        wal.unlink()
    shutil.rmtree(workspace_copy.releases / "candidates")  # nothing may depend on them
    script = tmp_path / "render_all.py"
    script.write_text(
        f"""
import json, sys
from streamlit.testing.v1 import AppTest
failures = {{}}
for page in {PAGE_SCRIPTS!r}:
    for lang in ("zh", "en"):
        at = AppTest.from_file({str(APP)!r}, default_timeout=60)
        at.query_params["lang"] = lang
        at.run()
        if page != "overview.py":
            at.switch_page({str(APP.parent)!r} + "/" + page).run()
        if at.exception or not at.title:
            failures[page + ":" + lang] = [e.value for e in at.exception]
loaded = [m for m in sys.modules if m == "duckdb" or m.startswith(("duckdb.", "dualcarbon.warehouse"))]
print(json.dumps({{"failures": failures, "loaded": loaded}}))
""",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=REPO_ROOT,
        env={**__import__("os").environ, "DUALCARBON_HOME": str(workspace_copy.home)},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {"failures": {}, "loaded": []}
    assert not workspace_copy.warehouse.exists()


def test_downloads_carry_the_stamp_metadata_and_chinese(tmp_path: Path):
    frame = pl.DataFrame(
        {"地区": ["南京市", "无锡市"], "数值（万吨二氧化碳）": [14939.41, 8249.09]}
    )
    meta = Metadata(
        title="分设区市二氧化碳排放",
        stamp="数据来源：江苏省发展和改革委员会，发布版本 JS-2024-v2",
        release_id="JS-2024-v2",
        rows=(("单位", "万吨二氧化碳"), ("使用条款", "须注明来源\n及发布版本号")),
        data_sheet="数据",
        about_sheet="说明",
    )
    raw = csv_bytes(frame, meta, "发布版本")
    assert raw.startswith(BOM.encode("utf-8"))  # Excel reads it as UTF-8
    text = raw.decode("utf-8-sig")
    header = [line for line in text.splitlines() if line.startswith("#")]
    assert header[:2] == ["# 分设区市二氧化碳排放", f"# {meta.stamp}"]
    assert "# 使用条款: 须注明来源 及发布版本号" in header  # one physical line per entry
    back = pl.read_csv(io.BytesIO(raw), comment_prefix="#")
    assert back.columns == ["地区", "数值（万吨二氧化碳）", "发布版本"]
    assert back["地区"].to_list() == ["南京市", "无锡市"]
    assert back["发布版本"].unique().to_list() == ["JS-2024-v2"]

    book = load_workbook(io.BytesIO(xlsx_bytes(frame, meta, "发布版本")))
    assert book.sheetnames == ["数据", "说明"]
    data = list(book["数据"].values)
    assert data[0] == ("地区", "数值（万吨二氧化碳）", "发布版本")
    assert data[1] == ("南京市", 14939.41, "JS-2024-v2")
    about = [row for row in book["说明"].values]
    assert about[1] == (meta.stamp, None)
    assert ("单位", "万吨二氧化碳") in about
    assert book["数据"].oddFooter.center.text == meta.stamp


def test_pages_need_their_tables():
    names = [p.script for p in available(PAGES, ["fct_indicators", "dim_region"])]
    assert names == ["overview.py", "intensities.py", "regions.py", "releases.py"]
    assert [p.script for p in available(PAGES, [])] == ["releases.py"]


def test_public_strings_are_complete():
    public = [k for k in catalogue.message_ids() if k.startswith("public.")]
    assert len(public) > 100
    assert [k for k in public if not catalogue.has(k, "en")] == []
    assert all(catalogue.text(k, lang).strip() for k in public for lang in ("zh", "en"))


def test_whole_release_download_matches_its_manifest(home: Path):
    import hashlib
    import zipfile

    from dashboards.public.history import release_zip

    v2 = next(r for r in list_releases(home / "releases") if r.release_id == "JS-2024-v2")
    archive = zipfile.ZipFile(io.BytesIO(release_zip(v2)))
    manifest = json.loads(archive.read("JS-2024-v2/manifest.json"))
    assert manifest["release_id"] == "JS-2024-v2"
    assert set(archive.namelist()) == {
        f"JS-2024-v2/{n}" for n in [*manifest["files"], "manifest.json"]
    }
    for name, digest in manifest["files"].items():
        assert hashlib.sha256(archive.read(f"JS-2024-v2/{name}")).hexdigest() == digest


# --- the view in the URL, time series, compared regions, chart images (issue 16) -------------

REGIONS_PAGE = APP.parent / "regions.py"
NANJING, SUZHOU, XUZHOU = "320100", "320500", "320300"


def open_link(script: str, **params: str) -> AppTest:
    """A page opened from a link with these query parameters (as a copied URL would)."""
    at = AppTest.from_file(str(APP), default_timeout=APP_TIMEOUT)
    for name, value in {"lang": "zh", **params}.items():
        at.query_params[name] = value
    at.run()
    at.switch_page(str(APP.parent / script)).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def indicator_values(home: Path, release_id: str, code: str) -> dict[str, float]:
    table = pl.read_parquet(home / "releases" / release_id / "fct_indicators.parquet")
    rows = table.filter(pl.col("indicator_code") == code)
    return dict(zip(rows["region_code"], rows["value"], strict=True))


def shown_table(at: AppTest, *columns: str):
    return as_numbers(next(f.value for f in at.dataframe if set(columns) <= set(f.value.columns)))


def test_a_link_reopens_the_same_view(home: Path):
    at = open_link(
        "regions.py", indicator="energy_total_tce", regions=f"{NANJING},{SUZHOU}", year="2023"
    )
    assert at.selectbox(key="public.regions_indicator.zh").value == "energy_total_tce"
    assert at.multiselect(key="public.compare.zh").value == [NANJING, SUZHOU]
    assert at.select_slider(key="public.year.zh").value == "2023"
    # the cities in 2023 are JS-2023-v1's (the release current then), in 万吨标准煤 (tce / 10⁴)
    in_2023 = indicator_values(home, "JS-2023-v1", "energy_total_tce")
    cities = shown_table(at, "地区代码", "数值（万吨标准煤）")
    shown = dict(zip(cities["地区代码"], cities["数值（万吨标准煤）"], strict=True))
    assert shown[NANJING] == round(in_2023[NANJING] / 1e4, 2)
    assert shown[SUZHOU] == round(in_2023[SUZHOU] / 1e4, 2)
    assert "发布版本 JS-2023-v1" in page_text(at)
    # the compared regions over the years: 2023 from JS-2023-v1, 2024 from the correction
    in_2024 = indicator_values(home, "JS-2024-v2", "energy_total_tce")
    series = shown_table(at, "年份", "地区", "数值（万吨标准煤）")
    got = {
        (p, r): v
        for p, r, v in zip(
            series["年份"], series["地区"], series["数值（万吨标准煤）"], strict=True
        )
    }
    assert got == {
        ("2023", "南京市"): round(in_2023[NANJING] / 1e4, 2),
        ("2023", "苏州市"): round(in_2023[SUZHOU] / 1e4, 2),
        ("2024", "南京市"): round(in_2024[NANJING] / 1e4, 2),
        ("2024", "苏州市"): round(in_2024[SUZHOU] / 1e4, 2),
    }


def test_choices_are_written_into_the_url(home: Path):
    at = open_link("regions.py")
    at.selectbox(key="public.regions_indicator.zh").set_value("co2_total_t").run()
    at.multiselect(key="public.compare.zh").set_value([XUZHOU, "320000"]).run()
    at.select_slider(key="public.year.zh").set_value("2023").run()
    assert not at.exception
    assert at.query_params["indicator"] == "co2_total_t"
    assert at.query_params["regions"] == f"{XUZHOU},320000"
    assert at.query_params["year"] == "2023"


@pytest.mark.parametrize(
    ("script", "name", "value", "shown"),
    [
        ("regions.py", "indicator", "co2_totl_t", "co2_totl_t"),
        ("regions.py", "regions", f"{NANJING},329999", "329999"),
        ("regions.py", "year", "1999", "1999"),
        ("barometer.py", "barometer_indicator", "gdp", "gdp"),
    ],
)
def test_an_unknown_value_in_the_url_is_refused_not_replaced(
    home: Path, script: str, name: str, value: str, shown: str
):
    at = open_link(script, **{name: value})
    assert len(at.error) == 1
    message = at.error[0].value
    assert f"{name}={shown}" in message and "不存在" in message
    assert not at.get("vega_lite_chart"), "another view was drawn instead"
    english = open_link(script, lang="en", **{name: value})
    assert "does not exist on this page" in english.error[0].value


def test_fuels_and_sectors_over_time_are_the_releases_breakdowns(home: Path):
    at = run_page("energy.py")
    fuels = shown_table(at, "年份", "名称", "数值（万吨标准煤）")
    assert sorted(set(fuels["年份"])) == ["2023", "2024"]
    # the 2024 parts are the year's own breakdown's parts (the table above the series)
    parts = shown_table(at, "名称", "项目类别", "数值（万吨标准煤）")
    parts = parts[parts["项目类别"] == "构成项"]
    latest = fuels[fuels["年份"] == "2024"]
    assert dict(zip(latest["名称"], latest["数值（万吨标准煤）"], strict=True)) == dict(
        zip(parts["名称"], parts["数值（万吨标准煤）"], strict=True)
    )


def test_every_chart_can_be_downloaded_as_png_and_svg(home: Path):
    from dashboards.public import export

    at = run_page("emissions.py", "en")
    charts = at.get("vega_lite_chart")
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels.count("Download chart (PNG)") == len(charts) > 0
    assert labels.count("Download chart (SVG)") == len(charts)
    # the image is the chart itself, its title and the release stamp included
    import altair as alt

    chart = (
        alt.Chart(
            alt.Data(values=[{"x": "2023", "y": 1.5}, {"x": "2024", "y": 2.0}]),
            title=alt.TitleParams(
                "CO2 emissions", subtitle="Source: Jiangsu DRC, release JS-2024-v2"
            ),
        )
        .mark_line()
        .encode(x="x:O", y="y:Q")
    )
    svg = export.svg_bytes(chart).decode("utf-8")
    assert svg.startswith("<svg") and "CO2 emissions" in svg and "release JS-2024-v2" in svg
    png = export.png_bytes(chart)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
