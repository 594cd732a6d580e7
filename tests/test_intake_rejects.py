"""Every kind of bad input is rejected with a precise message, and nothing of it is loaded.

Each case is one otherwise valid file with one thing wrong. For each we check the issue
code, the row and column it points at, that the messages exist in Chinese and English, that
no data row reached the raw layer, that the original was archived byte for byte, and that
the department's feedback report names the file.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass

import openpyxl
import pytest
from conftest import ENERGY_HEADER, energy_csv, put

from dualcarbon.intake import process_inbox
from dualcarbon.warehouse import connect

GDP_HEADER = (
    "地区代码,地区生产总值（当年价格，亿元）,地区生产总值指数（上年=100）,年末常住人口（万人）"
)
EXCHANGE_HEADER = "地区代码,方向,对方省份代码,电量,计量单位"


@dataclass
class Case:
    name: str
    file_name: str
    content: bytes
    code: str
    row: int | None = None
    column: str | None = None
    value: str | None = None


def _xlsx_bytes(rows: list[list]) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _truncated_xlsx() -> bytes:
    good = _xlsx_bytes([["地区代码"], ["320000"]])
    assert zipfile.is_zipfile(io.BytesIO(good))
    return good[: len(good) // 2]


def _energy(*rows: str) -> bytes:
    return energy_csv(list(rows)).encode()


CASES = [
    Case("empty file", "energy_consumption_2019.csv", b"", "empty_file"),
    Case(
        "header only, no data rows",
        "energy_consumption_2019.csv",
        (ENERGY_HEADER + "\n").encode(),
        "empty_file",
    ),
    Case(
        "unsupported file type",
        "energy_consumption_2019.txt",
        _energy("320000,S01,raw_coal,combustion,1,t"),
        "unsupported_file_type",
    ),
    Case(
        "bytes that are neither UTF-8 nor GBK",
        "energy_consumption_2019.csv",
        b"\xff\xfe\x00\x00\x81\x30\xff\xff" * 8,
        "undecodable",
    ),
    Case(
        "UTF-16 text (NUL bytes)",
        "energy_consumption_2019.csv",
        energy_csv().encode("utf-16-le"),
        "undecodable",
    ),
    Case("corrupt (truncated) XLSX", "gdp_population_2019.xlsx", _truncated_xlsx(), "corrupt_xlsx"),
    Case(
        "ragged CSV row (too few fields)",
        "energy_consumption_2019.csv",
        _energy("320000,S01,raw_coal,combustion,1,t", "320000,S02,diesel,combustion"),
        "malformed_csv",
        row=3,
    ),
    Case("unidentifiable dataset", "data_2019.csv", b"a,b,c\n1,2,3\n", "unknown_dataset"),
    Case(
        "malformed period in file name",
        "energy_consumption_20x9.csv",
        _energy("320000,S01,raw_coal,combustion,1,t"),
        "invalid_period",
    ),
    Case(
        "period not yet ended",
        "energy_consumption_2099.csv",
        _energy("320000,S01,raw_coal,combustion,1,t"),
        "invalid_period",
    ),
    Case(
        "no period anywhere",
        "energy_consumption.csv",
        _energy("320000,S01,raw_coal,combustion,1,t"),
        "missing_period",
    ),
    Case(
        "quarterly period for an annual dataset",
        "energy_consumption_2019Q2.csv",
        _energy("320000,S01,raw_coal,combustion,1,t"),
        "wrong_frequency",
    ),
    Case(
        "mislabelled: GDP data named as energy",
        "energy_consumption_2019.csv",
        f"{GDP_HEADER}\n320000,99631.5,106.1,8469.1\n".encode(),
        "dataset_mismatch",
    ),
    Case(
        "missing required column",
        "energy_consumption_2019.csv",
        b"\xe5\x9c\xb0\xe5\x8c\xba\xe4\xbb\xa3\xe7\xa0\x81,\xe8\xa1\x8c\xe4\xb8\x9a\xe4\xbb\xa3\xe7\xa0\x81,"
        + "能源品种代码,用途,消费量\n320000,S01,raw_coal,combustion,1\n".encode(),
        "missing_column",
        column="计量单位",
    ),
    Case(
        "unexpected extra column",
        "energy_consumption_2019.csv",
        (ENERGY_HEADER + ",备注\n320000,S01,raw_coal,combustion,1,t,无\n").encode(),
        "unexpected_column",
        column="备注",
    ),
    Case(
        "duplicate column header",
        "energy_consumption_2019.csv",
        (ENERGY_HEADER + ",消费量\n320000,S01,raw_coal,combustion,1,t,2\n").encode(),
        "duplicate_column",
        column="消费量",
    ),
    Case(
        "non-numeric quantity",
        "energy_consumption_2019.csv",
        _energy("320000,S01,raw_coal,combustion,1,t", "320000,S01,diesel,combustion,约12万,t"),
        "not_a_number",
        row=3,
        column="消费量",
        value="约12万",
    ),
    Case(
        "missing required value",
        "energy_consumption_2019.csv",
        _energy("320000,S01,raw_coal,combustion,,t"),
        "missing_value",
        row=2,
        column="消费量",
    ),
    Case(
        "unknown region code",
        "energy_consumption_2019.csv",
        _energy("329900,S01,raw_coal,combustion,1,t"),
        "unknown_code",
        row=2,
        column="地区代码",
        value="329900",
    ),
    Case(
        "unknown sector code",
        "energy_consumption_2019.csv",
        _energy("320000,S48,raw_coal,combustion,1,t"),
        "unknown_code",
        row=2,
        column="行业代码",
        value="S48",
    ),
    Case(
        "unknown fuel code",
        "energy_consumption_2019.csv",
        _energy("320000,S01,coal,combustion,1,t"),
        "unknown_code",
        row=2,
        column="能源品种代码",
        value="coal",
    ),
    Case(
        "unit that does not fit the fuel",
        "energy_consumption_2019.csv",
        _energy("320000,S01,raw_coal,combustion,1,t", "320000,S01,diesel,combustion,1,10k_nm3"),
        "unit_not_allowed",
        row=3,
        column="计量单位",
        value="10k_nm3",
    ),
    Case(
        "negative quantity",
        "energy_consumption_2019.csv",
        _energy("320000,S01,raw_coal,combustion,-5,t"),
        "below_minimum",
        row=2,
        column="消费量",
        value="-5",
    ),
    Case(
        "duplicate key rows",
        "energy_consumption_2019.csv",
        _energy(
            "320000,S01,raw_coal,combustion,1,t",
            "320000,S01,diesel,combustion,2,t",
            "320000,S01,raw_coal,combustion,3,t",
        ),
        "duplicate_key",
        row=4,
        column="地区代码",
    ),
    Case(
        "implausible growth index (decimal point lost)",
        "gdp_population_2019.csv",
        f"{GDP_HEADER}\n320000,99631.5,1061,8469.1\n".encode(),
        "above_maximum",
        row=2,
        column="地区生产总值指数（上年=100）",
        value="1061",
    ),
    Case(
        "implausible population of zero",
        "gdp_population_2019.csv",
        f"{GDP_HEADER}\n320000,99631.5,106.1,0\n".encode(),
        "below_minimum",
        row=2,
        column="年末常住人口（万人）",
        value="0",
    ),
    Case(
        "city row in a province-only dataset",
        "electricity_exchange_2019.csv",
        f"{EXCHANGE_HEADER}\n320000,import,510000,3500000,10k_kwh\n320500,import,140000,100,10k_kwh\n".encode(),
        "region_not_allowed",
        row=3,
        column="地区代码",
        value="320500",
    ),
    Case(
        "target year before base year",
        "targets_2019.csv",
        "地区代码,指标代码,目标类型,基期年份,目标年份,目标值,计量单位\n"
        "320000,energy_intensity_decline,five_year,2020,2015,14,percent\n".encode(),
        "row_rule",
        row=2,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_is_rejected_precisely_and_nothing_is_loaded(workspace, case: Case):
    original = put(workspace.inbox, case.file_name, case.content)
    sha = hashlib.sha256(case.content).hexdigest()

    [result] = process_inbox(workspace)

    assert result.status == "rejected"
    matching = [i for i in result.issues if i.code == case.code]
    assert matching, f"expected {case.code}, got {[i.code for i in result.issues]}"
    issue = matching[0]
    if case.row is not None:
        assert issue.row == case.row
    if case.column is not None:
        assert issue.column == case.column
    if case.value is not None:
        assert issue.value == case.value
    assert issue.message_zh and issue.message_en and issue.fix_zh and issue.fix_en
    assert "{" not in issue.message_zh + issue.message_en  # every placeholder was filled

    with connect(workspace.warehouse) as con:
        status, rows, issues = con.execute(
            "select status, row_count, issue_count from raw.submissions where file_sha256 = ?",
            [sha],
        ).fetchone()
        loaded = sum(
            con.execute(f"select count(*) from raw.{t}").fetchone()[0]
            for t in ("energy_consumption", "gdp_population", "electricity_exchange", "targets")
        )
    assert (status, rows, loaded) == ("rejected", 0, 0)
    assert issues == len(result.issues)
    assert not original.exists(), "the inbox copy is removed once the rejection is recorded"
    archived = list(workspace.archive.rglob(case.file_name))
    assert len(archived) == 1 and archived[0].read_bytes() == case.content
    report_zh = (result.report.parent / "feedback.zh.md").read_text(encoding="utf-8")
    report_en = (result.report.parent / "feedback.en.md").read_text(encoding="utf-8")
    assert case.file_name in report_zh and "退回" in report_zh
    assert case.file_name in report_en and "Rejected" in report_en
    assert issue.message_zh.replace("|", "\\|") in report_zh


def test_all_problems_of_a_file_are_reported_at_once(workspace):
    put(
        workspace.inbox,
        "energy_consumption_2019.csv",
        _energy(
            "329900,S01,raw_coal,combustion,1,t",
            "320000,S01,diesel,combustion,abc,t",
            "320000,S01,natural_gas,combustion,-1,t",
        ),
    )
    [result] = process_inbox(workspace)
    found = {(i.code, i.row) for i in result.issues}
    assert {
        ("unknown_code", 2),
        ("not_a_number", 3),
        ("below_minimum", 4),
        ("unit_not_allowed", 4),
    } <= found
    # Listed in row order, as the department reads the file.
    rows = [i.row for i in result.issues if i.row is not None]
    assert rows == sorted(rows)


def test_many_bad_rows_are_counted_not_all_listed(workspace):
    rows = [f"320000,S01,raw_coal,combustion,x{i},t" for i in range(120)]
    # Distinct keys so only the numbers are wrong.
    rows = [
        r.replace("S01", f"S{1 + i % 47:02d}").replace(
            "raw_coal", ["raw_coal", "diesel", "coke"][i // 47]
        )
        for i, r in enumerate(rows)
    ]
    put(workspace.inbox, "energy_consumption_2019.csv", _energy(*rows))
    [result] = process_inbox(workspace)
    listed = [i for i in result.issues if i.code == "not_a_number"]
    more = [i for i in result.issues if i.code == "more_rows"]
    assert len(listed) == 50 and more and more[0].details["count"] == 70


def test_shipped_defective_batch_is_all_rejected(workspace):
    from dualcarbon.paths import SAMPLE_DIR

    folders = sorted(p for p in (SAMPLE_DIR / "defective").iterdir() if p.is_dir())
    assert len(folders) >= 15
    for folder in folders:
        for path in folder.iterdir():
            put(workspace.inbox, path.name, path.read_bytes())
        results = process_inbox(workspace)
        assert results and all(r.status == "rejected" for r in results), (folder.name, results)
