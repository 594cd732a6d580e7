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
    value: str


GOOD = [
    Good(
        "forest_inventory",
        f"{FOREST_HEADER}\n320000,poplar,850000,3900.5\n320900,poplar,160000,700.25\n",
        2,
    ),
    Good("wetland_inventory", f"{WETLAND_HEADER}\n320000,salt_marsh,42300\n320100,seagrass,0\n", 2),
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
    assert (issue.row, issue.column, issue.value) == (case.row, case.column, case.value)
    assert issue.message_zh and issue.message_en and issue.fix_zh and issue.fix_en
    assert "{" not in issue.message_zh + issue.message_en
    with connect(workspace.warehouse) as con:
        (loaded,) = con.execute(f"select count(*) from raw.{case.dataset}").fetchone()
    assert loaded == 0
