"""Intake of the sector, sink and evaluation datasets (issue 6): one good file per contract is
accepted and loaded; one bad file per contract is rejected with the row, the column and a
bilingual message, and nothing of it is loaded."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from conftest import put

from dualcarbon.intake import process_inbox
from dualcarbon.warehouse import connect

FOREST_HEADER = "地区代码,林分类型代码,乔木林面积（公顷）,活立木蓄积量（万立方米）"
WETLAND_HEADER = "地区代码,湿地类型代码,湿地面积（公顷）"
UNITS_HEADER = "统一社会信用代码,单位名称,地区代码,行业代码,综合能源消费量（吨标准煤）,工业总产值（当年价格，万元）"
PROJECTS_HEADER = (
    "项目代码,项目名称,地区代码,行业代码,项目状态,设计年综合能源消费量（吨标准煤）,节能审查状态"
)
BUILDINGS_HEADER = (
    "地区代码,建筑类型代码,建筑面积（万平方米）,绿色建筑面积（万平方米）,超低能耗建筑面积（万平方米）,"
    "近零能耗建筑面积（万平方米）,可再生能源建筑应用面积（万平方米）"
)
FREIGHT_HEADER = "地区代码,运输方式代码,货物周转量（亿吨公里）"
VEHICLES_HEADER = "地区代码,动力类型代码,保有量（辆）"
BUSES_HEADER = "地区代码,城市公交车（辆）,其中：新能源公交车（辆）,公共充电桩（个）"
MARKET_HEADER = (
    "统一社会信用代码,单位名称,地区代码,行业代码,核查排放量（吨二氧化碳）,分配配额（吨二氧化碳）,"
    "清缴配额（吨二氧化碳）"
)
UNIT_ID = "913201000000000017"


@dataclass
class Good:
    dataset: str
    text: str
    rows: int


@dataclass
class Bad:
    name: str
    dataset: str
    text: str
    code: str
    row: int
    column: str
    value: str | None  # None for row rules, whose value joins the rule's columns


GOOD = [
    Good(
        "forest_inventory",
        f"{FOREST_HEADER}\n320000,poplar,850000,3900.5\n320900,poplar,160000,700.25\n",
        2,
    ),
    Good("wetland_inventory", f"{WETLAND_HEADER}\n320000,salt_marsh,42300\n320100,seagrass,0\n", 2),
    Good(
        "key_energy_units",
        f"{UNITS_HEADER}\n{UNIT_ID},样例钢铁有限公司,320100,S28,250000,300000\n",
        1,
    ),
    Good(
        "two_high_projects",
        f"{PROJECTS_HEADER}\n2021-320100-31-03-100001,样例项目,320100,S28,planned,600000,pending\n",
        1,
    ),
    Good("building_stock", f"{BUILDINGS_HEADER}\n320000,public,90000,20000,150,20,22000\n", 1),
    Good("freight_turnover", f"{FREIGHT_HEADER}\n320000,rail,420.5\n320000,waterway,7300\n", 2),
    Good("vehicle_stock", f"{VEHICLES_HEADER}\n320000,bev,1800000\n320000,gasoline,19000000\n", 2),
    Good("transport_electrification", f"{BUSES_HEADER}\n320000,50000,45000,250000\n", 1),
    Good(
        "carbon_market",
        f"{MARKET_HEADER}\n{UNIT_ID},样例发电有限公司,320100,S39,5000000,4900000,5000000\n",
        1,
    ),
]

BAD = [
    Bad(
        "forest stock in m3 instead of 10^4 m3",
        "forest_inventory",
        f"{FOREST_HEADER}\n320000,poplar,850000,3900.5\n320900,pine,2000,39005000\n",
        "above_maximum",
        row=3,
        column="活立木蓄积量（万立方米）",
        value="39005000",
    ),
    Bad(
        "unknown forest type",
        "forest_inventory",
        f"{FOREST_HEADER}\n320000,bamboo,1000,10\n",
        "unknown_code",
        row=2,
        column="林分类型代码",
        value="bamboo",
    ),
    Bad(
        "negative wetland area",
        "wetland_inventory",
        f"{WETLAND_HEADER}\n320000,salt_marsh,-5\n",
        "below_minimum",
        row=2,
        column="湿地面积（公顷）",
        value="-5",
    ),
    Bad(
        "key unit under the province code",
        "key_energy_units",
        f"{UNITS_HEADER}\n{UNIT_ID},样例钢铁有限公司,320000,S28,250000,300000\n",
        "code_not_allowed",
        row=2,
        column="地区代码",
        value="320000",
    ),
    Bad(
        "unknown project status",
        "two_high_projects",
        f"{PROJECTS_HEADER}\n2021-320100-31-03-100001,样例项目,320100,S28,approved,600000,pending\n",
        "unknown_code",
        row=2,
        column="项目状态",
        value="approved",
    ),
    Bad(
        "green area above the floor area",
        "building_stock",
        f"{BUILDINGS_HEADER}\n320000,public,90000,20000,150,20,22000\n"
        "320100,public,9000,12000,15,2,2200\n",
        "row_rule",
        row=3,
        column="绿色建筑面积（万平方米）",
        value=None,
    ),
    Bad(
        "freight turnover in t-km",
        "freight_turnover",
        f"{FREIGHT_HEADER}\n320000,rail,42050000000\n",
        "above_maximum",
        row=2,
        column="货物周转量（亿吨公里）",
        value="42050000000",
    ),
    Bad(
        "vehicles as a decimal",
        "vehicle_stock",
        f"{VEHICLES_HEADER}\n320000,bev,180.5\n",
        "not_an_integer",
        row=2,
        column="保有量（辆）",
        value="180.5",
    ),
    Bad(
        "more new-energy buses than buses",
        "transport_electrification",
        f"{BUSES_HEADER}\n320000,50000,55000,250000\n",
        "row_rule",
        row=2,
        column="其中：新能源公交车（辆）",
        value=None,
    ),
    Bad(
        "negative verified emissions",
        "carbon_market",
        f"{MARKET_HEADER}\n{UNIT_ID},样例发电有限公司,320100,S39,-5000000,4900000,5000000\n",
        "below_minimum",
        row=2,
        column="核查排放量（吨二氧化碳）",
        value="-5000000",
    ),
]


@pytest.mark.parametrize("case", GOOD, ids=[c.dataset for c in GOOD])
def test_good_file_is_accepted_and_loaded(workspace, case: Good):
    put(workspace.inbox, f"{case.dataset}_2022.csv", case.text)
    [result] = process_inbox(workspace)
    assert (result.status, result.dataset, result.row_count) == (
        "accepted",
        case.dataset,
        case.rows,
    )
    with connect(workspace.warehouse) as con:
        (loaded,) = con.execute(f"select count(*) from raw.{case.dataset}").fetchone()
    assert loaded == case.rows


@pytest.mark.parametrize("case", BAD, ids=[c.name for c in BAD])
def test_bad_file_is_rejected_with_row_column_and_bilingual_message(workspace, case: Bad):
    put(workspace.inbox, f"{case.dataset}_2022.csv", case.text)
    [result] = process_inbox(workspace)
    assert result.status == "rejected"
    issue = next(i for i in result.issues if i.code == case.code)
    assert (issue.row, issue.column) == (case.row, case.column)
    if case.value is not None:
        assert issue.value == case.value
    assert issue.message_zh and issue.message_en and issue.fix_zh and issue.fix_en
    assert "{" not in issue.message_zh + issue.message_en
    with connect(workspace.warehouse) as con:
        (loaded,) = con.execute(f"select count(*) from raw.{case.dataset}").fetchone()
    assert loaded == 0
