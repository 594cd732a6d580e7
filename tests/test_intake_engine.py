"""One checking engine for every file size (dualcarbon/intake/engine.py): a file staged from
the sheet the reader made and the same file staged straight from disk (the large-file route)
get the same verdict and the same issues, word for word."""

from __future__ import annotations

from pathlib import Path

from conftest import ENERGY_HEADER, energy_csv, put, sample_files

from dualcarbon.intake import check_file
from dualcarbon.intake.service import check_in_memory

ENTERPRISE = "enterprise_energy_monthly_2019.csv"


def _enterprise(dest: Path, edits: dict[int, tuple[int, str]], repeat: int | None = None) -> Path:
    """The 2019 sample of the key units' monthly data with cells of some lines changed
    (line -> (column, text)) and, if ``repeat``, that line appended again at the end."""
    [source] = [p for p in sample_files("2019") if p.name == ENTERPRISE]
    lines = source.read_text(encoding="utf-8").splitlines()
    for line, (column, value) in edits.items():
        cells = lines[line - 1].split(",")
        cells[column] = value
        lines[line - 1] = ",".join(cells)
    if repeat is not None:
        lines.append(lines[repeat - 1])
    return put(dest, ENTERPRISE, "\n".join(lines) + "\n")


def _said(issues) -> list[tuple]:
    return [(i.code, i.row, i.column, i.value, i.message_zh, i.message_en) for i in issues]


def test_both_routes_into_the_engine_say_the_same_thing(tmp_path):
    # line 4: a digit separator; 6: a month of 13; 8: an unknown city; 10: a negative
    # quantity; line 3 repeated at the end (its month "1" quoted as written, not "1.0").
    edits = {4: (5, "1_000"), 6: (3, "13"), 8: (1, "329999"), 10: (5, "-3")}
    path = _enterprise(tmp_path, edits, repeat=3)
    total = len(path.read_text(encoding="utf-8").splitlines())
    from_disk, from_sheet = check_file(path), check_in_memory(path)
    assert not from_disk.accepted and not from_sheet.accepted
    assert _said(from_disk.issues) == _said(from_sheet.issues)
    assert [(i.code, i.row, i.value) for i in from_disk.issues] == [
        ("not_a_number", 4, "1_000"),
        ("above_maximum", 6, "13"),
        ("unknown_code", 8, "329999"),
        ("below_minimum", 10, "-3"),
        ("duplicate_key", total, from_disk.issues[-1].value),
    ]
    first = path.read_text(encoding="utf-8").splitlines()[2].split(",")
    assert from_disk.issues[-1].value == f"{first[0]} / {first[3]} / {first[4]}"
    assert from_disk.issues[0].message_en == "'1_000' is not a number."
    assert from_disk.issues[0].message_zh == "“1_000”不是数值。"


def test_a_clean_file_gives_the_same_typed_rows_either_way(tmp_path):
    path = _enterprise(tmp_path, {})
    from_disk, from_sheet = check_file(path), check_in_memory(path)
    assert from_disk.accepted and from_sheet.accepted
    assert from_disk.data.equals(from_sheet.data)
    assert from_disk.data.get_column("source_row").to_list()[:2] == [2, 3]


def test_a_digit_separator_is_not_a_number_in_a_small_file_either(tmp_path):
    path = put(
        tmp_path,
        "energy_consumption_2019.csv",
        energy_csv(["320000,S01,raw_coal,combustion,1_000,t"]),
    )
    [issue] = check_file(path).issues
    assert (issue.code, issue.row, issue.column, issue.value) == (
        "not_a_number",
        2,
        "消费量",
        "1_000",
    )


def test_a_column_without_a_header_is_named_in_each_language(tmp_path):
    rows = ["320000,S01,raw_coal,combustion,1,t,x"]
    path = put(
        tmp_path, "energy_consumption_2019.csv", energy_csv(rows, header=f"{ENERGY_HEADER},")
    )
    [issue] = check_file(path).issues
    assert issue.code == "unexpected_column" and issue.column == "#7"
    assert issue.message_zh == "多余的列“（第 7 列，无表头）”，该报表没有此项。"
    assert (
        issue.message_en
        == "Unexpected column '(column 7, no header)': this dataset has no such item."
    )
