"""Attack: a correction note or a text cell opening with ``=`` became a live formula in the
public XLSX/CSV downloads (issue 15, item 6). Every download escapes it; numbers stay numbers."""

from __future__ import annotations

import io

import polars as pl
from openpyxl import load_workbook

from dashboards.public.downloads import Metadata, csv_bytes, xlsx_bytes

FORMULA = '=HYPERLINK("http://evil.example","点此")'
META = Metadata(
    title="分设区市二氧化碳排放",
    stamp="数据来源：江苏省发展和改革委员会，发布版本 JS-2024-v2",
    release_id="JS-2024-v2",
    rows=(("更正说明", "=1+1"), ("单位", "万吨二氧化碳")),
)
FRAME = pl.DataFrame(
    {"地区": [FORMULA, "@SUM(A1)", "南京市"], "数值": [-5.0, 1.5, 2.0]},
)


def test_a_formula_in_a_cell_or_a_note_is_text_in_the_xlsx():
    book = load_workbook(io.BytesIO(xlsx_bytes(FRAME, META, "发布版本")))
    data = list(book["数据"].iter_rows(min_row=2))
    assert [row[0].value for row in data] == [f"'{FORMULA}", "'@SUM(A1)", "南京市"]
    assert all(row[0].data_type == "s" for row in data)  # "f" would be a formula
    assert [row[1].value for row in data] == [-5.0, 1.5, 2.0]  # a negative number stays one
    about = {row[0].value: row[1] for row in book["说明"].iter_rows(min_row=3)}
    assert about["更正说明"].value == "'=1+1"
    assert about["更正说明"].data_type == "s"
    assert about["单位"].value == "万吨二氧化碳"


def test_a_formula_in_a_cell_is_text_in_the_csv():
    back = pl.read_csv(io.BytesIO(csv_bytes(FRAME, META, "发布版本")), comment_prefix="#")
    assert back["地区"].to_list() == [f"'{FORMULA}", "'@SUM(A1)", "南京市"]
    assert back["数值"].to_list() == [-5.0, 1.5, 2.0]
