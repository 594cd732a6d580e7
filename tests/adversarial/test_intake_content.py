"""Attacks through a file's content that intake used to load silently changed: non-finite
numbers (on the in-memory and the DuckDB paths), hidden or extra sheets, long codes typed as
numbers, mixed encodings, a title contradicting the file name, an XLSX zip bomb. Each is
rejected with a located bilingual message, nothing is loaded, the original is archived."""

from __future__ import annotations

import io
import subprocess
import sys
import time
import zipfile

import openpyxl
from conftest import ENERGY_HEADER, ENERGY_ROWS, energy_csv, put, sample_files
from intake_attacks import archived_files, assert_archived_unchanged, data_rows

from dualcarbon.intake import process_inbox, xlsx_guard

ENERGY = "energy_consumption_2019"


def _rejected(workspace, name: str, content: bytes):
    """Process one file; it must be rejected, with nothing loaded and the original archived."""
    put(workspace.inbox, name, content)
    [result] = process_inbox(workspace)
    assert result.status == "rejected", result
    assert data_rows(workspace) == 0
    assert_archived_unchanged(workspace, content, name)
    for issue in result.issues:  # every message exists in both languages
        assert issue.message_zh and issue.message_en and issue.fix_zh and issue.fix_en
    return result.issues


def _xlsx(sheets: list[tuple[str, list[list], str]]) -> bytes:
    """Workbook bytes from (title, rows, state) per sheet."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows, state in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        sheet.sheet_state = state
    book.active = next(i for i, s in enumerate(sheets) if s[2] == "visible")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _energy_rows() -> list[list]:
    return [ENERGY_HEADER.split(",")] + [r.split(",") for r in ENERGY_ROWS]


NON_FINITE = ["inf", "-inf", "1e400", "Infinity", "NaN"]


def test_non_finite_numbers_are_not_numbers(workspace):
    rows = [f"320100,S0{i + 1},raw_coal,combustion,{v},t" for i, v in enumerate(NON_FINITE)]
    issues = _rejected(workspace, f"{ENERGY}.csv", energy_csv(rows).encode())
    found = {(i.row, i.value) for i in issues if i.code == "not_a_number"}
    assert found == {(2, "inf"), (3, "-inf"), (4, "1e400"), (5, "Infinity"), (6, "NaN")}
    assert all(i.column == "消费量" for i in issues if i.code == "not_a_number")


def test_non_finite_numbers_are_refused_on_the_large_file_path(workspace):
    """enterprise_energy_monthly takes the DuckDB path (fast load, then staged check)."""
    [path] = [p for p in sample_files("2019") if p.name.startswith("enterprise_energy_monthly")]
    lines = path.read_text(encoding="utf-8").splitlines()
    header, rows = lines[0], lines[1:]
    assert header.split(",")[5] == "消费量"
    for offset, value in enumerate(NON_FINITE):  # file rows 11..15
        cells = rows[9 + offset].split(",")
        cells[5] = value
        rows[9 + offset] = ",".join(cells)
    content = ("\n".join([header, *rows]) + "\n").encode()
    issues = _rejected(workspace, path.name, content)
    assert {(i.row, i.value) for i in issues if i.code == "not_a_number"} == {
        (11, "inf"),
        (12, "-inf"),
        (13, "1e400"),
        (14, "Infinity"),
        (15, "NaN"),
    }


def test_a_hidden_sheet_beside_the_visible_one_is_refused(workspace):
    hidden_rows = [ENERGY_HEADER.split(","), ["320100", "S01", "raw_coal", "combustion", "9", "t"]]
    content = _xlsx([("旧数据", hidden_rows, "hidden"), ("填报", _energy_rows(), "visible")])
    [issue] = _rejected(workspace, f"{ENERGY}.xlsx", content)
    assert issue.code == "extra_sheet"
    assert "旧数据（隐藏 hidden）" in issue.message_en and "填报" in issue.message_en


def test_rows_on_a_second_sheet_are_not_dropped_silently(workspace):
    more = [ENERGY_HEADER.split(","), ["320200", "S01", "raw_coal", "combustion", "5", "t"]]
    content = _xlsx([("填报", _energy_rows(), "visible"), ("续表", more, "visible")])
    [issue] = _rejected(workspace, f"{ENERGY}.xlsx", content)
    assert issue.code == "extra_sheet" and "续表" in issue.message_zh


def test_data_only_on_a_hidden_sheet_are_refused(workspace):
    content = _xlsx([("封面", [], "visible"), ("填报", _energy_rows(), "hidden")])
    [issue] = _rejected(workspace, f"{ENERGY}.xlsx", content)
    assert issue.code == "hidden_sheet" and "填报" in issue.message_en


def test_an_18_digit_code_typed_as_a_number_is_refused(workspace):
    """913201000000000101 as a number is stored as 9.13201000000000128E17: the text a parser
    renders (…128) is a valid-looking code with the wrong last digits."""
    [path] = [p for p in sample_files("2019") if p.name.startswith("key_energy_units")]
    lines = path.read_text(encoding="utf-8").splitlines()[:4]
    rows = [line.split(",") for line in lines]
    rows[2][0] = 913201000000000101  # sheet row 3, typed as a number
    content = _xlsx([("填报", rows, "visible")])
    issues = _rejected(workspace, "key_energy_units_2019.xlsx", content)
    [issue] = [i for i in issues if i.code == "code_as_number"]
    assert issue.row == 3 and issue.column == "统一社会信用代码"
    assert "文本" in issue.fix_zh and "Text" in issue.fix_en


def test_a_gbk_file_with_one_utf8_row_is_refused_not_stored_as_mojibake(workspace):
    [path] = [p for p in sample_files("2019") if p.name.startswith("key_energy_units")]
    lines = path.read_text(encoding="utf-8").splitlines()[:6]
    gbk = [line.encode("gbk") for line in lines]
    gbk[4] = lines[4].encode("utf-8")  # file row 5 pasted from a UTF-8 file
    issues = _rejected(workspace, "key_energy_units_2019.csv", b"\n".join(gbk) + b"\n")
    assert [(i.code, i.row) for i in issues] == [("mixed_encoding", 5)]


def test_a_utf8_row_deep_in_a_large_gbk_file_is_refused(workspace):
    """Past the first 64 KiB, the large-file path transcodes in steps: the check holds there."""
    [path] = [p for p in sample_files("2019") if p.name.startswith("enterprise_energy_monthly")]
    lines = path.read_text(encoding="utf-8").splitlines()
    rows = lines[1:] * 3  # over 64 KiB (repeated keys do not matter: the file is unreadable)
    assert len("\n".join(rows)) > 64 * 1024
    pasted = "91320100100000000G,320100,S16,1,gasoline,17.9,吨"
    content = (
        lines[0].encode("gbk")
        + b"\n"
        + "\n".join(rows).encode("gbk")
        + b"\n"
        + pasted.encode("utf-8")
        + b"\n"
    )
    issues = _rejected(workspace, path.name, content)
    assert [(i.code, i.row) for i in issues] == [("mixed_encoding", len(rows) + 2)]


def test_a_title_naming_another_year_than_the_file_name_is_refused(workspace):
    content = ("江苏省能源消费情况 2018年\n" + energy_csv()).encode()
    [issue] = _rejected(workspace, f"{ENERGY}.csv", content)
    assert issue.code == "title_period_mismatch"
    assert "2018" in issue.message_en and "2019" in issue.message_en


def test_a_title_naming_the_year_and_a_base_year_is_accepted(workspace):
    put(workspace.inbox, f"{ENERGY}.csv", "2019年能源消费（2015年价）\n" + energy_csv())
    [result] = process_inbox(workspace)
    assert result.status == "accepted"


def _zip_bomb(unpacked: int) -> bytes:
    """A workbook whose sheet unpacks to ``unpacked`` bytes of blanks (compresses ~1000:1)."""
    valid = _xlsx([("填报", _energy_rows(), "visible")])
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(valid)) as source,
        zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as bomb,
    ):
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == "xl/worksheets/sheet1.xml":
                head, tail = data.split(b"<sheetData>")
                with bomb.open(entry.filename, "w", force_zip64=True) as handle:
                    handle.write(head + b"<sheetData>")
                    blank = b" " * (1 << 20)
                    for _ in range(unpacked >> 20):
                        handle.write(blank)
                    handle.write(tail)
            else:
                bomb.writestr(entry, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def test_an_xlsx_zip_bomb_is_refused_before_it_is_parsed(workspace, tmp_path):
    content = _zip_bomb(300 << 20)  # 300 MiB once unpacked, three times the limit
    assert len(content) < 1024 * 1024
    # In a child process, to measure its peak memory (parsing took 3.5 GB before).
    script = (
        "import resource, sys\n"
        "from pathlib import Path\n"
        "from dualcarbon.intake import process_inbox\n"
        "from dualcarbon.paths import Workspace\n"
        "[r] = process_inbox(Workspace(Path(sys.argv[1])))\n"
        "print(r.status, r.issues[0].code, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    )
    put(workspace.inbox, f"{ENERGY}.xlsx", content)
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", script, str(workspace.home)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    seconds = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    status, code, peak_kib = done.stdout.split()
    assert (status, code) == ("rejected", "xlsx_too_large")
    # The child's peak includes the interpreter and its libraries (about 730 MiB seen under the
    # full suite); parsing the bomb took 3.5 GB before the bound.
    assert int(peak_kib) < 1024 * 1024, f"peak {int(peak_kib) >> 10} MiB"
    assert seconds < 30
    assert data_rows(workspace) == 0
    assert_archived_unchanged(workspace, content, f"{ENERGY}.xlsx")


def test_an_xlsx_over_the_row_limit_is_refused(workspace, monkeypatch):
    monkeypatch.setattr(xlsx_guard, "MAX_ROWS", 3)
    [issue] = _rejected(workspace, f"{ENERGY}.xlsx", _xlsx([("填报", _energy_rows(), "visible")]))
    assert issue.code == "xlsx_too_large" and "3 rows" in issue.message_en


def test_the_same_workbook_within_the_limits_is_accepted(workspace):
    """The refusals above are about the attack, not about XLSX or these rows."""
    put(workspace.inbox, f"{ENERGY}.xlsx", _xlsx([("填报", _energy_rows(), "visible")]))
    [result] = process_inbox(workspace)
    assert result.status == "accepted" and data_rows(workspace) == 4
    assert len(archived_files(workspace)) == 1
