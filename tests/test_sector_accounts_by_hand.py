"""The sector marts (industry, buildings, transport, carbon market) against hand computations.

A small, fully known set of 2022 submissions (the province 320000 and Nanjing 320100) goes
through the real pipeline once for the module; every indicator is worked out here by hand
from the rows below (methods in docs/methods.md, "Sector accounts").
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from conftest import pipeline_query

PROVINCE, CITY = "320000", "320100"
YEAR = "2022"
TCE_PER_T_RAW_COAL = 0.7143  # GB/T 2589, methods.md §1b row "Raw coal"
RAW_COAL_T = {PROVINCE: 100_000.0, CITY: 10_000.0}  # the only energy rows: 71,430 / 7,143 tce

# Key energy-using units, all in Nanjing: (credit code, sector, tce, output 10^4 yuan).
UNITS = [
    ("913201000000000017", "S28", 3_000.0, 2_400.0),
    ("913201000000000025", "S22", 2_000.0, 2_600.0),
]
# Two-high projects in Nanjing: (code, sector, status, designed tce, review state).
PROJECTS = [
    ("2019-320100-31-03-100001", "S28", "existing", 600_000.0, "approved"),
    ("2019-320100-26-03-100002", "S22", "existing", 100_000.0, "not_submitted"),
    ("2022-320100-30-03-100003", "S27", "planned", 200_000.0, "pending"),
]
# Province buildings, 10^4 m2: type -> (floor, green, ultra-low, near-zero, renewable).
BUILDINGS = {
    "public": (100.0, 30.0, 2.0, 1.0, 40.0),
    "urban_residential": (200.0, 40.0, 1.0, 0.0, 50.0),
    "rural_residential": (100.0, 1.0, 0.0, 0.0, 10.0),
}
FREIGHT = {"rail": 300.0, "road": 200.0, "waterway": 480.0, "pipeline": 20.0}  # 10^8 t-km
VEHICLES = {"gasoline": 900, "bev": 80, "phev": 19, "fcev": 1}
BUSES, NEW_ENERGY_BUSES, CHARGING_POINTS = 200, 150, 50
# Covered enterprises in Nanjing: (code, sector, verified, allocated, surrendered), t CO2.
MARKET = [
    ("913201000000000033", "S39", 1_000_000.0, 980_000.0, 1_000_000.0),  # complied
    ("913201000000000041", "S39", 500_000.0, 510_000.0, 400_000.0),  # 100,000 t short
    ("913201000000000058", "S28", 2_000_000.0, 2_100_000.0, 2_000_000.0),  # complied
]


def csv_text(header: str, rows: list[tuple]) -> str:
    return "\n".join([header, *(",".join(str(v) for v in row) for row in rows)]) + "\n"


def submission_files() -> dict[str, str]:
    return {
        f"energy_consumption_{YEAR}.csv": csv_text(
            "地区代码,行业代码,能源品种代码,用途,消费量,计量单位",
            [(r, "S39", "raw_coal", "combustion", q, "t") for r, q in RAW_COAL_T.items()],
        ),
        f"key_energy_units_{YEAR}.csv": csv_text(
            "统一社会信用代码,单位名称,地区代码,行业代码,综合能源消费量（吨标准煤）,"
            "工业总产值（当年价格，万元）",
            [(code, "样例单位", CITY, s, e, o) for code, s, e, o in UNITS],
        ),
        f"two_high_projects_{YEAR}.csv": csv_text(
            "项目代码,项目名称,地区代码,行业代码,项目状态,设计年综合能源消费量（吨标准煤）,节能审查状态",
            [(code, "样例项目", CITY, s, st, e, a) for code, s, st, e, a in PROJECTS],
        ),
        f"building_stock_{YEAR}.csv": csv_text(
            "地区代码,建筑类型代码,建筑面积（万平方米）,绿色建筑面积（万平方米）,"
            "超低能耗建筑面积（万平方米）,近零能耗建筑面积（万平方米）,"
            "可再生能源建筑应用面积（万平方米）",
            [(PROVINCE, t, *v) for t, v in BUILDINGS.items()],
        ),
        f"freight_turnover_{YEAR}.csv": csv_text(
            "地区代码,运输方式代码,货物周转量（亿吨公里）",
            [(PROVINCE, m, v) for m, v in FREIGHT.items()],
        ),
        f"vehicle_stock_{YEAR}.csv": csv_text(
            "地区代码,动力类型代码,保有量（辆）", [(PROVINCE, p, v) for p, v in VEHICLES.items()]
        ),
        f"transport_electrification_{YEAR}.csv": csv_text(
            "地区代码,城市公交车（辆）,其中：新能源公交车（辆）,公共充电桩（个）",
            [(PROVINCE, BUSES, NEW_ENERGY_BUSES, CHARGING_POINTS)],
        ),
        f"carbon_market_{YEAR}.csv": csv_text(
            "统一社会信用代码,单位名称,地区代码,行业代码,核查排放量（吨二氧化碳）,"
            "分配配额（吨二氧化碳）,清缴配额（吨二氧化碳）",
            [(code, "样例单位", CITY, s, v, a, su) for code, s, v, a, su in MARKET],
        ),
    }


Query = Callable[[str], list[tuple]]


@pytest.fixture(scope="module")
def query(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Query]:
    # Eight datasets, one year, all accepted.
    with pipeline_query(tmp_path_factory, "sectors", submission_files(), (YEAR, YEAR), 8) as q:
        yield q


def by_region_and(query: Query, sql: str) -> dict[tuple, tuple]:
    """The rows of ``sql`` by (region, the second column), the other columns as a tuple."""
    return {(r, s): tuple(rest) for r, s, *rest in query(sql)}


def test_key_units_share_of_energy(query):
    rows = query(
        "select region_code, unit_count, key_units_energy_tce, energy_total_tce, "
        "key_units_share_pct, output_value_10k_yuan, energy_per_output_tce_per_10k_yuan "
        "from marts.fct_key_energy_units"
    )
    found = {r: rest for r, *rest in rows}
    # Nanjing: 3,000 + 2,000 = 5,000 tce of 10,000 t x 0.7143 = 7,143 tce -> 69.999 %;
    # output 2,400 + 2,600 = 5,000 -> 1.0 tce per 10^4 yuan.
    assert found[CITY][:3] == [2, 5_000.0, pytest.approx(7_143.0)]
    assert found[CITY][3] == pytest.approx(100 * 5_000 / 7_143)
    assert found[CITY][4:] == [5_000.0, pytest.approx(1.0)]
    # Province: the same units (all cities) against 71,430 tce -> 7.0 %.
    assert found[PROVINCE][3] == pytest.approx(100 * 5_000 / 71_430)


def test_two_high_projects_by_status(query):
    found = by_region_and(
        query,
        "select region_code, project_status, project_count, designed_energy_tce, "
        "approved_count, pending_count, not_submitted_count, designed_energy_not_approved_tce "
        "from marts.fct_two_high_projects",
    )
    # Existing: 600,000 + 100,000 tce, one approved, one never reviewed (100,000 tce).
    assert found[CITY, "existing"] == (2, 700_000.0, 1, 0, 1, 100_000.0)
    assert found[CITY, "planned"] == (1, 200_000.0, 0, 1, 0, 200_000.0)
    assert found[PROVINCE, "existing"] == found[CITY, "existing"]
    assert len(found) == 4


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        # Floor 100 + 200 + 100 = 400; green 30 + 40 + 1 = 71 -> 17.75 %; urban 70 / 300 =
        # 23.33 %; low-energy 2 + 1 + 1 = 4; renewable 40 + 50 + 10 = 100 / 400 = 25 %.
        pytest.param(
            "select floor_area, green_share_pct, urban_green_share_pct, low_energy_area, "
            "renewable_share_pct from marts.fct_building_summary",
            (400.0, 17.75, 100 * 70 / 300, 4.0, 25.0),
            id="building_shares",
        ),
        # Rail 300 + waterway 480 = 780 of 1,000 -> 78 %; NEVs 80 + 19 + 1 = 100 of 1,000 ->
        # 10 %; buses 150 / 200 = 75 %; 100 NEVs / 50 points = 2.
        pytest.param(
            "select freight_turnover, rail_water_share_pct, vehicles, new_energy_share_pct, "
            "bus_electrification_pct, new_energy_vehicles_per_charging_point "
            "from marts.fct_transport_summary",
            (1_000.0, 78.0, 1_000, 10.0, 75.0, 2.0),
            id="transport_shares",
        ),
    ],
)
def test_single_row_shares(query, sql: str, expected: tuple):
    [row] = query(sql)
    assert row == pytest.approx(expected)


def test_carbon_market_compliance(query):
    found = by_region_and(
        query,
        "select region_code, sector_code, enterprise_count, complied_count, "
        "compliance_rate_pct, surrendered_share_pct, allocation_surplus_t "
        "from marts.fct_carbon_market",
    )
    # Power: 2 enterprises, 1 complied -> 50 %; surrendered (1,000,000 + 400,000) /
    # 1,500,000 = 93.33 %; allocated 1,490,000 − 1,500,000 = −10,000 t.
    assert found[CITY, "S39"] == pytest.approx((2, 1, 50.0, 100 * 1.4 / 1.5, -10_000.0))
    assert found[CITY, "S28"] == pytest.approx((1, 1, 100.0, 100.0, 100_000.0))
    assert found[PROVINCE, "S39"] == found[CITY, "S39"]


def test_quality_checks_list_the_violations(query):
    rows = query(
        "select check_id, source_row from quality.failing_rows where check_id in ("
        "'two_high_projects.consistency.built_only_after_review', "
        "'carbon_market.consistency.surrendered_covers_emissions')"
    )
    # File row 3 (the second data row) in both: the existing project never submitted for
    # review, and the power enterprise 100,000 t short.
    assert sorted(rows) == [
        ("carbon_market.consistency.surrendered_covers_emissions", 3),
        ("two_high_projects.consistency.built_only_after_review", 3),
    ]
