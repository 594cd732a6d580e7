"""The barometer, carbon-sinks and sectors pages of the public dashboard, rendered headless with
AppTest over the real published workspace (tests/release_fixtures.py; the session fixture is
shared, nothing is rebuilt here).

What must hold: the tile map has the 13 cities, each with the grade fct_barometer of the
current release gives it (by symbol and name, not colour alone); the figures behind a grade
are the release's, and the time-proportional requirement is the one computed by hand from the
published target; the sinks and sector tables add up by hand; "what changed" covers the new
tables and does not read a null (not assessed) figure as a new row.
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pyarrow as pa
import pytest
import streamlit as st
from test_public_dashboard import as_numbers, page_text, run_page

from dashboards.public import evaluation
from dashboards.public.pages import PAGES, available
from dualcarbon.paths import REFERENCE_SEEDS_DIR
from dualcarbon.release.store import current_releases, list_releases
from dualcarbon.report import views

CURRENT = "JS-2024-v2"
NEW_PAGES = {
    "barometer.py": ("能耗双控晴雨表", "Early-warning barometer"),
    "sinks.py": ("碳汇", "Carbon sinks"),
    "sectors.py": ("重点领域", "Sectors"),
}
# The grade labels typed out (not read from the code): shape, then name.
GRADE_ZH = {
    "red": "▲ 红色（一级预警）",
    "yellow": "◆ 黄色（二级预警）",
    "green": "● 绿色（进展顺利）",
    "not_assessed": "○ 未评估",
}


@pytest.fixture
def home(published_workspace, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shared published workspace, Streamlit's caches emptied."""
    monkeypatch.setenv("DUALCARBON_HOME", str(published_workspace.workspace.home))
    st.cache_data.clear()
    st.cache_resource.clear()
    return published_workspace.workspace.home


def mart(home: Path, table: str, release: str = CURRENT) -> pl.DataFrame:
    return pl.read_parquet(home / "releases" / release / f"{table}.parquet")


SUMMARY_DIFF = "Difference: province minus the cities"


def frame_with(at, *columns: str):
    """The first table with these columns, its formatted numbers read back as numbers."""
    return as_numbers(next(f.value for f in at.dataframe if set(columns) <= set(f.value.columns)))


def prefectures() -> dict[str, str]:
    regions = pl.read_csv(REFERENCE_SEEDS_DIR / "ref_regions.csv", infer_schema=False)
    cities = regions.filter(pl.col("level") == "prefecture")
    return dict(zip(cities["region_code"], cities["name_zh"], strict=True))


@pytest.mark.parametrize("script", list(NEW_PAGES))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_new_pages_render_in_both_languages_with_the_stamp(home: Path, script: str, lang: str):
    at = run_page(script, lang)
    zh, en = NEW_PAGES[script]
    assert [t.value for t in at.title] == [zh if lang == "zh" else en]
    text = page_text(at)
    if lang == "zh":
        assert "数据来源：江苏省发展和改革委员会，发布版本 JS-2024-v2" in text
    else:
        assert "Source: Jiangsu DRC, release JS-2024-v2" in text
        assert "数据来源" not in text and "发布版本" not in text
    # every chart carries the stamp in its own subtitle (a saved image keeps it)
    charts = at.get("vega_lite_chart")
    assert charts
    for chart in charts:
        title = json.loads(chart.proto.spec)["title"]
        assert "JS-2024-v2" in title["subtitle"], title


def test_tile_map_has_the_13_cities_with_their_grades(home: Path):
    cities = prefectures()
    assert len(cities) == 13
    # the grid: 13 distinct cells, one per city
    assert set(evaluation.TILE_GRID) == set(cities)
    assert len(set(evaluation.TILE_GRID.values())) == 13

    barometer = mart(home, "fct_barometer")
    at = run_page("barometer.py", "zh")
    for code in ("energy_intensity", "energy_total_tce", "co2_intensity"):
        at.selectbox(key="public.barometer_indicator.zh").set_value(code).run()
        expected = {
            row["region_code"]: GRADE_ZH[row["grade"]]
            for row in barometer.filter(
                (pl.col("indicator_code") == code) & (pl.col("region_code") != "320000")
            ).iter_rows(named=True)
        }
        assert len(expected) == 13
        # the table behind the map
        table = frame_with(at, "地区代码", "评价")
        assert dict(zip(table["地区代码"], table["评价"], strict=True)) == expected
        # the map itself: 13 tiles, the city's name and the grade's symbol written in each
        spec_chart = at.get("vega_lite_chart")[0].proto
        spec = json.loads(spec_chart.spec)
        assert [layer["mark"]["type"] for layer in spec["layer"]] == ["rect", "text", "text"]
        name = barometer.filter(pl.col("indicator_code") == code)["indicator_name_zh"][0]
        assert spec["title"]["text"] == f"晴雨表：{name}"
        tiles = pa.ipc.open_stream(spec_chart.datasets[0].data.data).read_all().to_pylist()
        assert len(tiles) == 13
        assert {tile["name"] for tile in tiles} == set(cities.values())
        for tile in tiles:
            assert tile["grade_label"] == expected[tile["region_code"]]
            assert tile["grade_short"].split()[0] == expected[tile["region_code"]][0]
    # in English the tiles' labels follow (they are made off Streamlit's thread, in Polars)
    english = run_page("barometer.py", "en")
    tiles = pa.ipc.open_stream(
        english.get("vega_lite_chart")[0].proto.datasets[0].data.data
    ).read_all()
    en_grade = {
        "red": "▲ Red (level-1 warning)",
        "yellow": "◆ Yellow (level-2 warning)",
        "green": "● Green (on track)",
        "not_assessed": "○ Not assessed",
    }
    first = barometer.filter(pl.col("indicator_code") == "energy_intensity")
    expected_en = {r["region_code"]: en_grade[r["grade"]] for r in first.iter_rows(named=True)}
    for tile in tiles.to_pylist():
        assert tile["grade_label"] == expected_en[tile["region_code"]]
        assert "未" not in tile["grade_short"]
    # the province is shown apart, one card per indicator
    assert [m.value for m in at.metric] == [
        GRADE_ZH[g]
        for g in barometer.filter(pl.col("region_code") == "320000")
        .sort("indicator_order")["grade"]
        .to_list()
    ]


def test_the_palette_is_colour_safe_and_never_colour_alone():
    colours = evaluation.GRADE_COLOURS
    assert len(set(colours.values())) == 4
    assert "#2e8b57" not in colours.values() and "#d7263d" not in colours.values()
    assert len(set(evaluation.GRADE_SYMBOLS.values())) == 4


def behind(home: Path, lang: str, region: str, code: str) -> tuple[dict, dict]:
    """The figures-behind table as {item: detail}, and the release's fct_barometer row."""
    at = run_page("barometer.py", lang)
    at.selectbox(key=f"public.barometer_indicator.{lang}").set_value(code).run()
    at.selectbox(key=f"public.barometer_region.{lang}").set_value(region).run()
    item, detail = ("项目", "内容") if lang == "zh" else ("Item", "Detail")
    table = frame_with(at, item, detail)
    row = (
        mart(home, "fct_barometer")
        .filter((pl.col("region_code") == region) & (pl.col("indicator_code") == code))
        .row(0, named=True)
    )
    return dict(zip(table[item], table[detail], strict=True)), row


def test_figures_behind_a_grade_are_the_releases(home: Path):
    """Province, energy intensity, 2024: target 14 % over 2020–2025, 4 years elapsed.
    Required decline to date = 100 × (1 − (1 − 0.14)^(4/5))
      ln 0.86 = −0.150823; × 0.8 = −0.120659; e^… = 0.886340; 1 − … = 0.113660 → 11.37 %."""
    facts, row = behind(home, "en", "320000", "energy_intensity")
    assert facts["Five-year target (to 2025)"].startswith("14.00 ")
    assert facts["Years of the plan elapsed"] == "4"
    assert facts["Required progress (%)"] == "11.37"
    assert facts["Value in 2024"].startswith(f"{row['value']:,.4f} ")
    assert facts["Previous year"].startswith(f"{row['previous_value']:,.4f} ")
    assert facts["Change on previous year (%)"] == f"{row['yoy_change_pct']:,.2f}"
    assert facts["Grade"] == "○ Not assessed"
    assert facts["Reason"] == row["reason_en"]
    assert "Growth from the base year to the five-year cap (%)" not in facts

    # Nanjing, total energy: the cap row appears only for the total-cap rule; in Chinese
    facts, nanjing = behind(home, "zh", "320100", "energy_total_tce")
    assert "基期至五年控制目标的增幅（%）" in facts
    assert facts["原因"] == nanjing["reason_zh"]
    assert facts["五年目标（至 2025 年）"] == f"{nanjing['five_year_target']:,.2f} 万吨标准煤"


def test_scorecard_ranking_and_off_track_follow_the_release(home: Path):
    card = mart(home, "fct_evaluation_scorecard")
    off = mart(home, "fct_regions_off_track")
    at = run_page("barometer.py", "zh")
    scorecard = frame_with(at, "综合评价", "进度落后")
    assert len(scorecard) == 14 and scorecard["地区"].iloc[0] == "江苏省"
    expected_off = card.filter(pl.col("off_track")).height
    assert (scorecard["进度落后"] == "是").sum() == expected_off
    ranking = frame_with(at, "排名", "红色项数")
    assert len(ranking) == 13
    if off.height:
        listed = frame_with(at, "原因")
        assert len(listed) == off.height
    else:
        assert any("没有红色或黄色预警" in s.value for s in at.success)


def test_sinks_add_up(home: Path):
    """Net = CO2 − forest sink, and the forest working: biomass = V × D × BEF × (1 + R),
    stock = biomass × CF, removal = (C − C_prev) × 44/12, all from the figures shown."""
    at = run_page("sinks.py", "zh")
    net = frame_with(at, "净排放（万吨二氧化碳）")
    province = net[net["地区"] == "江苏省"].iloc[0]
    assert province["净排放（万吨二氧化碳）"] == pytest.approx(
        province["二氧化碳排放（万吨二氧化碳）"] - province["森林碳汇（万吨二氧化碳）"], abs=0.02
    )
    working = frame_with(at, "林分类型", "生物量扩展因子")
    for _, row in working.iterrows():
        biomass = (
            row["活立木蓄积量（立方米）"]
            * row["基本木材密度（吨/立方米）"]
            * row["生物量扩展因子"]
            * (1 + row["根茎比"])
        )
        assert row["生物量（吨干物质）"] == pytest.approx(biomass, rel=1e-4)
        assert row["年末碳储量（吨碳）"] == pytest.approx(biomass * row["含碳率"], rel=1e-4)
        removal = (row["年末碳储量（吨碳）"] - row["上年末碳储量（吨碳）"]) * 44 / 12
        assert row["碳汇量（吨二氧化碳）"] == pytest.approx(removal, abs=5)
    by_city = frame_with(at, "碳汇类型")
    assert set(by_city["碳汇类型"]) <= {"森林碳汇", "滨海湿地碳汇"}


def test_sector_tables_add_up(home: Path):
    at = run_page("sectors.py", "en")
    units = frame_with(at, "Key units' share (%)")
    regions = units[~units["Region"].isin(["Sum of the cities", SUMMARY_DIFF])]
    for _, row in regions.iterrows():
        share = row["Key units' energy (Mtce)"] / row["Total energy consumption (Mtce)"]
        assert row["Key units' share (%)"] == pytest.approx(share * 100, abs=0.05)
    # the summary rows: the cities' sum and the province minus it, shares left empty
    by_name = units.set_index("Region")
    cities = regions[regions["Region"] != "Jiangsu"]
    for column in ("Key units", "Total energy consumption (Mtce)"):
        assert by_name.loc["Sum of the cities", column] == pytest.approx(
            cities[column].sum(), abs=0.02
        )
        assert by_name.loc["Jiangsu", column] - by_name.loc["Sum of the cities", column] == (
            pytest.approx(by_name.loc[SUMMARY_DIFF, column], abs=0.02)
        )
    assert (
        by_name.loc["Sum of the cities", "Key units' share (%)"]
        != by_name.loc["Sum of the cities", "Key units' share (%)"]
    )  # NaN: a share does not add up
    market = frame_with(at, "Allocation surplus (Mt CO2)")
    for _, row in market.iterrows():
        assert row["Allocation surplus (Mt CO2)"] == pytest.approx(
            row["Allowances allocated (Mt CO2)"] - row["Verified emissions (Mt CO2)"],
            abs=0.015,  # three figures each rounded to 0.01 Mt
        )
    projects = frame_with(at, "Projects", "Status")
    province = mart(home, "fct_two_high_projects").filter(pl.col("region_code") == "320000")
    shown = projects[projects["Region"] == "Jiangsu"]
    assert shown["Projects"].sum() == province["project_count"].sum()


def test_new_pages_need_their_tables():
    old_release = ["fct_indicators", "dim_region", "fct_co2_emissions", "dim_fuel", "dim_sector"]
    scripts = [p.script for p in available(PAGES, old_release)]
    assert not {"barometer.py", "sinks.py", "sectors.py"} & set(scripts)
    with_barometer = [*old_release, "fct_barometer", "fct_evaluation_scorecard"]
    assert "barometer.py" not in [p.script for p in available(PAGES, with_barometer)]
    complete = [*with_barometer, "fct_regions_off_track"]
    assert "barometer.py" in [p.script for p in available(PAGES, complete)]


def test_what_changed_covers_the_new_tables(home: Path):
    releases = list_releases(home / "releases")
    v2 = next(r for r in releases if r.release_id == CURRENT)
    changes = views.what_changed(releases, v2)
    counts = {row["table"]: row for row in changes.counts.iter_rows(named=True)}
    for table in ("fct_barometer", "fct_target_progress", "fct_net_emissions", "fct_carbon_market"):
        assert table in counts
        # progress is null (not assessed) in both releases: no row may count as added
        assert counts[table]["added"] == 0 and counts[table]["removed"] == 0
    # the correction added raw coal to the province only: its three graded indicators move
    diff = views.compare(
        mart(home, "fct_target_progress", "JS-2024-v1"),
        mart(home, "fct_target_progress"),
        "fct_target_progress",
    )
    assert set(diff["region_code"]) == {"320000"}
    assert set(diff["indicator_code"]) == {"energy_intensity", "energy_total_tce", "co2_intensity"}
    assert counts["fct_carbon_market"]["changed"] == 0  # untouched by the correction


# --- the map of the cities (issue 16) ---------------------------------------------------------


def square(code: str, col: int, row: int) -> dict:
    """A 1°-square feature for a city, placed like the tile grid (west-east, north-south)."""
    x, y = 116.5 + col, 35.0 - row
    ring = [[x, y], [x + 1, y], [x + 1, y - 1], [x, y - 1], [x, y]]
    return {
        "type": "Feature",
        "properties": {"region_code": code},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


def squares(codes) -> tuple[dict, ...]:
    return tuple(square(c, *evaluation.TILE_GRID[c]) for c in codes)


def dim_region_cities(home: Path) -> list[str]:
    regions = mart(home, "dim_region")
    return sorted(regions.filter(pl.col("level") == "prefecture")["region_code"])


def test_map_join_takes_exactly_the_13_cities(home: Path):
    from dashboards.public.choropleth import JoinError, check_join

    cities = dim_region_cities(home)
    assert len(cities) == 13
    check_join(squares(cities), cities)  # one feature per city: joins
    with pytest.raises(JoinError, match="missing=\\['321300'\\]"):
        check_join(squares(cities[:-1]), cities)
    with pytest.raises(JoinError, match="extra=\\['320000'\\]"):
        check_join((*squares(cities), square("320000", 0, 0)), cities)
    with pytest.raises(JoinError, match="doubled=\\['320100'\\]"):
        check_join((*squares(cities), square("320100", 0, 0)), cities)


def test_vendored_boundaries_join_the_13_cities(home: Path):
    from dashboards.public import choropleth

    found = choropleth.features()
    if found is None:
        pytest.skip("no boundary file vendored (data/reference/boundaries/README.md)")
    assert choropleth.BOUNDARIES.stat().st_size < 300_000
    choropleth.check_join(found, dim_region_cities(home))
    assert choropleth.attribution(), "the licence's credit is missing"


def test_with_boundaries_the_barometer_and_city_views_are_maps(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from dashboards.public import choropleth

    cities = dim_region_cities(home)
    path = tmp_path / "jiangsu_prefectures.geojson"
    path.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "attribution": "Test boundaries",
                "features": squares(cities),
            }
        ),
        encoding="utf-8",
    )
    monkeypatch.setattr(choropleth, "BOUNDARIES", path)
    barometer = mart(home, "fct_barometer").filter(pl.col("indicator_code") == "energy_intensity")
    expected = {r["region_code"]: GRADE_ZH[r["grade"]] for r in barometer.iter_rows(named=True)}
    at = run_page("barometer.py", "zh")
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    assert spec["mark"]["type"] == "geoshape" and spec["projection"]["type"] == "mercator"
    shapes = spec["data"]["values"]
    assert len(shapes) == 13
    for shape in shapes:
        properties = shape["properties"]
        assert properties["grade_label"] == expected[properties["region_code"]]
    assert "Test boundaries" in page_text(at)
    # a city-level indicator: the chosen year's value of each city on its shape
    regions = run_page("regions.py", "zh")
    spec = json.loads(regions.get("vega_lite_chart")[0].proto.spec)
    values = {
        s["properties"]["region_code"]: s["properties"]["value"] for s in spec["data"]["values"]
    }
    indicators = mart(home, "fct_indicators").filter(pl.col("indicator_code") == "co2_total_t")
    tonnes = dict(zip(indicators["region_code"], indicators["value"], strict=True))
    assert values == {c: round(tonnes[c] / 1e4, 2) for c in cities}  # 万吨 = t / 10⁴


def test_sector_shares_over_time_follow_the_compared_regions(home: Path):
    share = "重点用能单位能耗占比（%）"
    at = run_page("sectors.py", "zh")
    at.multiselect(key="public.compare.zh").set_value(["320000", "320500"]).run()
    assert not at.exception
    assert at.query_params["regions"] == "320000,320500"
    series = frame_with(at, "年份", "地区", share)
    published = {
        release.period: mart(home, "fct_key_energy_units", release.release_id)
        for release in current_releases(list_releases(home / "releases"))
        if "fct_key_energy_units" in release.tables
    }
    expected = {
        (period, name): round(value, 2)
        for period, frame in published.items()
        for code, name in (("320000", "江苏省"), ("320500", "苏州市"))
        for value in frame.filter(pl.col("region_code") == code)["key_units_share_pct"]
    }
    got = dict(zip(zip(series["年份"], series["地区"], strict=True), series[share], strict=True))
    assert got == expected and len(expected) >= 2
