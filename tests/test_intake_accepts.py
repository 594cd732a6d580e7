"""Valid submissions are accepted in every encoding and layout departments actually use."""

from __future__ import annotations

import openpyxl
import pytest
from conftest import ENERGY_ROWS, energy_csv, put, sample_files

from dualcarbon.intake import check_file, process_inbox
from dualcarbon.warehouse import connect


@pytest.mark.parametrize("path", sample_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_bundled_sample_submission_is_accepted(path):
    result = check_file(path)
    assert result.accepted, [(i.row, i.column, i.message_en) for i in result.issues[:5]]
    assert result.period.key == path.parent.name
    assert result.contract.dataset == path.stem.rsplit("_", 1)[0]
    assert result.data.height > 0


def test_samples_cover_every_dataset_for_every_year_2015_2024():
    from dualcarbon.contracts import all_contracts

    found = {(p.parent.name, p.stem.rsplit("_", 1)[0]) for p in sample_files()}
    expected = {
        (str(y), d)
        for y in range(2015, 2025)
        for d, contract in all_contracts().items()
        if contract.expected_in(y)
    }
    assert found == expected


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig", "utf-8"])
def test_csv_in_each_accepted_encoding_is_accepted(workspace, encoding):
    put(workspace.inbox, "energy_consumption_2019.csv", energy_csv(), encoding=encoding)
    [result] = process_inbox(workspace)
    assert (result.status, result.row_count) == ("accepted", len(ENERGY_ROWS))
    with connect(workspace.warehouse) as con:
        (codes,) = con.execute(
            "select string_agg(distinct region_code, ',' order by region_code) "
            "from raw.energy_consumption"
        ).fetchone()
        (encoding_seen,) = con.execute("select encoding from raw.submissions").fetchone()
    assert codes == "320000,320100"
    assert encoding_seen == {"gbk": "gb18030", "gb18030": "gb18030"}.get(encoding, encoding)


def test_gbk_file_keeps_chinese_text_intact(workspace):
    # The Chinese header only matches the contract if GBK was decoded correctly.
    raw = energy_csv().encode("gbk")
    assert raw != energy_csv().encode("utf-8")
    put(workspace.inbox, "能源消费_2019.csv", raw)  # the Chinese title in place of the name
    path = workspace.inbox / "能源消费_2019.csv"
    path.rename(workspace.inbox / "分地区分行业分品种能源消费量_2019.csv")
    [result] = process_inbox(workspace)
    assert result.status == "accepted" and result.dataset == "energy_consumption"


def test_xlsx_with_title_rows_above_the_header_is_accepted(workspace):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["江苏省分地区生产总值和常住人口（2019年）"])
    sheet.append(["填报单位：江苏省统计局"])
    sheet.append(
        [
            "地区代码",
            "地区生产总值（当年价格，亿元）",
            "地区生产总值指数（上年=100）",
            "年末常住人口（万人）",
        ]
    )
    sheet.append([320000, 99631.52, 106.1, 8469.09])  # codes typed as numbers, as Excel does
    sheet.append(["320100", 14030.15, 107.8, 850.0])
    workbook.save(workspace.inbox / "gdp_population_2019.xlsx")
    [result] = process_inbox(workspace)
    assert result.status == "accepted", [i.message_en for i in result.issues]
    with connect(workspace.warehouse) as con:
        rows = con.execute(
            "select region_code, gdp_current, source_row from raw.gdp_population order by 1"
        ).fetchall()
    assert rows == [("320000", 99631.52, 4), ("320100", 14030.15, 5)]


def test_period_read_from_the_title_row_when_the_name_has_none(workspace):
    workbook = openpyxl.Workbook()
    workbook.active.append(["分地区生产总值和常住人口 2018年"])
    workbook.active.append(
        [
            "地区代码",
            "地区生产总值（当年价格，亿元）",
            "地区生产总值指数（上年=100）",
            "年末常住人口（万人）",
        ]
    )
    workbook.active.append(["320000", 93207.55, 106.7, 8446.0])
    workbook.save(workspace.inbox / "gdp_population.xlsx")
    [result] = process_inbox(workspace)
    assert (result.status, result.period) == ("accepted", "2018")


def test_english_headers_and_thousands_separators_are_understood(workspace):
    put(
        workspace.inbox,
        "energy_consumption_2019.csv",
        "Region code,Sector code,Fuel code,Use,Quantity,Unit\n"
        '320000,S01,raw_coal,combustion,"1,234,567.5",t\n',
    )
    [result] = process_inbox(workspace)
    assert result.status == "accepted"
    with connect(workspace.warehouse) as con:
        assert con.execute("select quantity from raw.energy_consumption").fetchone() == (1234567.5,)


def test_accepted_submission_carries_its_provenance(workspace):
    put(workspace.inbox, "energy_consumption_2019.csv", energy_csv())
    [result] = process_inbox(workspace, run_id="run-123")
    with connect(workspace.warehouse) as con:
        row = con.execute(
            "select dataset, department, period, version, status, row_count, run_id, file_name, "
            "length(file_sha256), received_at is not null from raw.submissions"
        ).fetchone()
        linked = con.execute(
            "select count(*) from raw.energy_consumption where submission_id = ?",
            [result.submission_id],
        ).fetchone()[0]
    assert row == (
        "energy_consumption",
        "stats",
        "2019",
        1,
        "accepted",
        4,
        "run-123",
        "energy_consumption_2019.csv",
        64,
        True,
    )
    assert linked == 4
    receipt = (result.report.parent / "feedback.zh.md").read_text(encoding="utf-8")
    assert "已接收" in receipt and "第 1 版" in receipt
