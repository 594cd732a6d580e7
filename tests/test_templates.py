"""The departments' templates and the submissions catalogue, generated from the contracts.

A template filled in with valid rows must pass intake; an empty one must be rejected as empty;
the committed docs (docs/submissions.md, docs/templates/) must match what the contracts give.
Rows are built from each contract generically, so a new contract is covered without new code.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import datetime
from itertools import islice, product
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from dualcarbon.contracts import (
    PROVINCE_CODE,
    Column,
    Contract,
    all_contracts,
    code_list,
    code_values,
)
from dualcarbon.intake import check_file
from dualcarbon.paths import REPO_ROOT
from dualcarbon.templates import (
    CODES_SHEET,
    ENTRY_SHEET,
    FIXED_TIMESTAMP,
    NOTES_SHEET,
    write_catalogue,
    write_templates,
)

DATASETS = sorted(all_contracts())
PERIOD = "2023"
N_ROWS = 6
DOCS = REPO_ROOT / "docs"


# --------------------------------------------------------------------------------------------
# Valid rows from a contract


def _candidates(contract: Contract, col: Column) -> list[object]:
    """The values a key or code column may take in this contract."""
    if col.name == "region_code" and contract.regions == "province":
        return [PROVINCE_CODE]
    if col.allowed:
        return list(col.allowed)
    if col.pattern:  # unified social credit codes: 91, a region, 9 digits, a check character
        return [f"91320100{i:09d}X" for i in range(N_ROWS)]
    if col.type == "integer":  # e.g. month
        return list(range(int(col.min), int(col.max) + 1))
    if col.code_list is None:  # a free-text key (e.g. a credit code): distinct values
        return [f"{col.name}-{i}" for i in range(N_ROWS)]
    return code_values(col.code_list)


def _key_combinations(contract: Contract, n: int) -> list[tuple[str, ...]]:
    """n distinct key combinations, varying every key column at once where possible."""
    choices = [_candidates(contract, contract.column(k)) for k in contract.keys]
    diagonal = [tuple(c[i % len(c)] for c in choices) for i in range(n)]
    if len(set(diagonal)) == n:
        return diagonal
    return list(islice(product(*choices), n))


def _attribute(col: Column, row: dict[str, object]) -> str:
    """The looked-up value a must_equal_attribute column must hold (e.g. the fuel's unit)."""
    rule = col.must_equal_attribute
    frame = code_list(rule.code_list)
    match = frame.filter(pl.col(frame.columns[0]) == row[rule.key_column])
    return match.get_column(rule.attribute).item()


def valid_rows(contract: Contract, n: int = N_ROWS) -> list[dict[str, object]]:
    """Rows that satisfy the contract: codes as text, numbers in range, keys unique."""
    keys = _key_combinations(contract, n)
    integer_columns = [c.name for c in contract.columns if c.type == "integer"]
    rows: list[dict[str, object]] = []
    for i, key in enumerate(keys):
        row: dict[str, object] = dict(zip(contract.keys, key, strict=True))
        for col in contract.columns:
            if col.name in row or col.must_equal_attribute:
                continue
            if col.type == "code":
                row[col.name] = _candidates(contract, col)[0]
            elif col.type == "decimal":
                low = col.min if col.min is not None else 0.0
                high = col.max if col.max is not None else low + 1000
                row[col.name] = round(low + (high - low) * (i + 1) / (n + 2), 2)
            elif col.type == "integer":
                # Later integer columns get later values (e.g. target_year after base_year).
                low = int(col.min) if col.min is not None else 2000
                value = low + 10 + 5 * integer_columns.index(col.name)
                row[col.name] = min(value, int(col.max)) if col.max is not None else value
            else:
                row[col.name] = f"text {i}"
        for col in contract.columns:
            if col.must_equal_attribute:
                row[col.name] = _attribute(col, row)
        rows.append({c.name: row[c.name] for c in contract.columns})
    frame = pl.DataFrame(rows)
    for rule in contract.row_rules:  # a safety net for the generic values above
        assert frame.select(pl.sql_expr(rule.rule).all()).item(), (contract.dataset, rule.rule)
    assert frame.select(contract.keys).is_unique().all(), contract.dataset
    return rows


# --------------------------------------------------------------------------------------------
# Filling in the templates


@pytest.fixture(scope="module")
def templates_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("templates")
    written = write_templates(out)
    assert sorted(p.name for p in written) == sorted(
        f"{d}.{ext}" for d in DATASETS for ext in ("xlsx", "csv")
    )
    return out


def _header_row(sheet, contract: Contract) -> int:
    labels = [c.label_zh for c in contract.columns]
    for row in sheet.iter_rows(min_row=1, max_row=20):
        if [cell.value for cell in row[: len(labels)]] == labels:
            return row[0].row
    raise AssertionError("header row not found")


def fill_xlsx(
    template: Path, contract: Contract, rows: list[dict], dest: Path, title: str | None = None
) -> Path:
    workbook = openpyxl.load_workbook(template)
    sheet = workbook.worksheets[0]
    header = _header_row(sheet, contract)
    for offset, row in enumerate(rows, start=1):
        for index, col in enumerate(contract.columns, start=1):
            sheet.cell(header + offset, index, row[col.name])
    if title is not None:
        sheet.cell(1, 1, title)
    workbook.save(dest)
    return dest


def fill_csv(template: Path, contract: Contract, rows: list[dict], dest: Path) -> Path:
    text = template.read_bytes().decode("utf-8-sig")
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(
        [[row[c.name] for c in contract.columns] for row in rows]
    )
    dest.write_bytes((text + buffer.getvalue()).encode("utf-8-sig"))
    return dest


def _assert_accepted(path: Path, contract: Contract, rows: list[dict]) -> None:
    check = check_file(path)
    assert check.accepted, [(i.code, i.row, i.column, i.value, i.message_en) for i in check.issues]
    assert check.contract.dataset == contract.dataset
    assert check.period.key == PERIOD
    assert check.data.height == len(rows)
    for col in contract.columns:  # codes stay text (320100, not 320100.0) and come back as given
        if col.type == "code":
            assert check.data.get_column(col.name).to_list() == [r[col.name] for r in rows]


def _filled(dataset: str, fill, suffix: str, templates_dir: Path, tmp_path: Path):
    """The dataset's template of type ``suffix`` filled in with valid rows."""
    contract = all_contracts()[dataset]
    rows = valid_rows(contract)
    name = f"{dataset}.{suffix}"
    path = fill(templates_dir / name, contract, rows, tmp_path / f"{dataset}_{PERIOD}.{suffix}")
    return path, contract, rows


@pytest.mark.parametrize("dataset", DATASETS)
def test_filled_xlsx_template_is_accepted(dataset: str, templates_dir: Path, tmp_path: Path):
    _assert_accepted(*_filled(dataset, fill_xlsx, "xlsx", templates_dir, tmp_path))


@pytest.mark.parametrize("dataset", DATASETS)
def test_filled_csv_template_is_accepted(dataset: str, templates_dir: Path, tmp_path: Path):
    path, contract, rows = _filled(dataset, fill_csv, "csv", templates_dir, tmp_path)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    _assert_accepted(path, contract, rows)
    assert check_file(path).encoding == "utf-8-sig"


@pytest.mark.parametrize("dataset", DATASETS)
def test_period_written_in_the_title_row(dataset: str, templates_dir: Path, tmp_path: Path):
    """With no period in the file name, the year written in the title row is the period."""
    contract = all_contracts()[dataset]
    rows = valid_rows(contract)
    template = openpyxl.load_workbook(templates_dir / f"{dataset}.xlsx").worksheets[0]
    title = template.cell(1, 1).value
    assert "报告期：____ 年" in title and not re.search(r"\d{4}\s*年", title)
    path = fill_xlsx(
        templates_dir / f"{dataset}.xlsx",
        contract,
        rows,
        tmp_path / f"{dataset}.xlsx",
        title=title.replace("____", PERIOD),
    )
    _assert_accepted(path, contract, rows)


def _bad_first_row(
    dataset: str, templates_dir: Path, dest: Path, clear_title: bool = False
) -> Path:
    """A filled template whose first data row (Excel row 3) has an unknown region code."""
    contract = all_contracts()[dataset]
    rows = valid_rows(contract)
    rows[0]["region_code"] = "999999"
    path = fill_xlsx(templates_dir / f"{dataset}.xlsx", contract, rows, dest)
    if clear_title:  # a department blanks the title cell but keeps the row
        workbook = openpyxl.load_workbook(path)
        sheet = workbook.worksheets[0]
        sheet.unmerge_cells(
            start_row=1, start_column=1, end_row=1, end_column=len(contract.columns)
        )
        sheet["A1"] = None
        workbook.save(path)
    return path


def test_feedback_rows_are_the_rows_excel_shows(templates_dir: Path, tmp_path: Path):
    path = _bad_first_row(
        "gdp_population", templates_dir, tmp_path / f"gdp_population_{PERIOD}.xlsx"
    )
    assert [(i.code, i.row) for i in check_file(path).issues] == [("unknown_code", 3)]


def test_feedback_rows_with_the_title_cell_blanked(templates_dir: Path, tmp_path: Path):
    path = _bad_first_row(
        "gdp_population",
        templates_dir,
        tmp_path / f"gdp_population_{PERIOD}.xlsx",
        clear_title=True,
    )
    assert [(i.code, i.row) for i in check_file(path).issues] == [("unknown_code", 3)]


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
@pytest.mark.parametrize("dataset", DATASETS)
def test_empty_template_is_rejected_as_empty(
    dataset: str, suffix: str, templates_dir: Path, tmp_path: Path
):
    path = tmp_path / f"{dataset}_{PERIOD}.{suffix}"
    path.write_bytes((templates_dir / f"{dataset}.{suffix}").read_bytes())
    check = check_file(path)
    assert not check.accepted
    assert [i.code for i in check.issues] == ["empty_file"]


# --------------------------------------------------------------------------------------------
# The workbook's structure


def _code_sheet_blocks(sheet) -> dict[str, list[str]]:
    """Code list name -> its codes (title "...（ref_x）" in row 1, codes from row 3 down)."""
    blocks: dict[str, list[str]] = {}
    for cell in sheet[1]:
        match = re.search(r"（(ref_\w+)）$", str(cell.value or ""))
        if match:
            codes = []
            for row in range(3, sheet.max_row + 1):
                value = sheet.cell(row, cell.column).value
                if value in (None, ""):
                    break
                codes.append(value)
            blocks[match.group(1)] = codes
    return blocks


def _used_code_lists(contract: Contract) -> set[str]:
    names = {c.code_list for c in contract.columns if c.code_list}
    names |= {c.must_equal_attribute.code_list for c in contract.columns if c.must_equal_attribute}
    return names


@pytest.mark.parametrize("dataset", DATASETS)
def test_code_sheet_has_every_code(dataset: str, templates_dir: Path):
    contract = all_contracts()[dataset]
    workbook = openpyxl.load_workbook(templates_dir / f"{dataset}.xlsx")
    assert workbook.sheetnames == [ENTRY_SHEET, CODES_SHEET, NOTES_SHEET]
    blocks = _code_sheet_blocks(workbook[CODES_SHEET])
    assert set(blocks) == _used_code_lists(contract)
    for name, codes in blocks.items():
        assert codes == code_values(name), name
        assert all(isinstance(code, str) for code in codes), name  # 320000 stays text


def _range_values(workbook, formula: str) -> list[str]:
    match = re.fullmatch(r"'(.+)'!\$([A-Z]+)\$(\d+):\$([A-Z]+)\$(\d+)", formula)
    assert match, formula
    sheet = workbook[match.group(1)]
    cells = sheet[f"{match.group(2)}{match.group(3)}:{match.group(4)}{match.group(5)}"]
    return [row[0].value for row in cells]


@pytest.mark.parametrize("dataset", DATASETS)
def test_entry_sheet_layout(dataset: str, templates_dir: Path):
    contract = all_contracts()[dataset]
    workbook = openpyxl.load_workbook(templates_dir / f"{dataset}.xlsx")
    sheet = workbook[ENTRY_SHEET]
    assert workbook.properties.created == FIXED_TIMESTAMP == datetime(2025, 1, 1)
    assert workbook.properties.modified == FIXED_TIMESTAMP
    assert contract.title_zh in sheet.cell(1, 1).value
    assert contract.title_en in sheet.cell(1, 1).value
    assert sheet.freeze_panes == "A3"
    assert sheet.max_row == 2  # no data rows, no stray cells
    validations = {}
    for dv in sheet.data_validations.dataValidation:
        for cell_range in dv.sqref.ranges:
            validations[cell_range.min_col] = dv
    for index, col in enumerate(contract.columns, start=1):
        header = sheet.cell(2, index)
        assert header.value == col.label_zh
        assert header.font.b
        assert col.label_en in header.comment.text
        if col.type != "code":
            continue
        letter = openpyxl.utils.get_column_letter(index)
        assert sheet.column_dimensions[letter].number_format == "@"
        dv = validations[index]
        assert dv.type == "list"
        if dv.formula1.startswith('"'):
            allowed = dv.formula1.strip('"').split(",")
            assert set(allowed) <= set(code_values(col.code_list))
        else:
            assert _range_values(workbook, dv.formula1) == code_values(col.code_list)
    notes = "\n".join(str(c.value) for c in workbook[NOTES_SHEET]["A"] if c.value)
    for needle in (f"{dataset}_2024.xlsx", "UTF-8", "GBK", "0"):
        assert needle in notes


# --------------------------------------------------------------------------------------------
# The committed outputs are up to date


def test_submissions_catalogue_is_up_to_date(tmp_path: Path):
    fresh = write_catalogue(tmp_path / "submissions.md").read_text(encoding="utf-8")
    committed = (DOCS / "submissions.md").read_text(encoding="utf-8")
    assert committed == fresh, "docs/submissions.md is stale: run `dualcarbon templates`"


def test_catalogue_lists_every_issue_kind_and_dataset():
    from dualcarbon.intake.messages import CATALOGUE

    text = (DOCS / "submissions.md").read_text(encoding="utf-8")
    for code in CATALOGUE:
        assert f"| `{code}` |" in text, code
    for dataset in DATASETS:
        assert f"## {dataset}\n" in text
        assert f"(templates/{dataset}.xlsx)" in text


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_committed_templates_are_up_to_date(templates_dir: Path):
    committed = DOCS / "templates"
    assert sorted(p.name for p in committed.iterdir()) == sorted(
        p.name for p in templates_dir.iterdir()
    )
    for fresh in sorted(templates_dir.iterdir()):
        old = committed / fresh.name
        if fresh.suffix == ".xlsx":  # compare the content, not zlib's compressed bytes
            assert _members(old) == _members(fresh), f"{old} is stale: run `dualcarbon templates`"
        else:
            assert old.read_bytes() == fresh.read_bytes(), f"{old} is stale"
