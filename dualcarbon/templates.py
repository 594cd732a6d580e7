"""Departments' submission templates (XLSX, CSV) and the submissions catalogue, from the contracts.

Everything here is generated from ``dualcarbon/contracts/*.yaml``, the reference code lists
(``dbt_project/seeds/reference``) and the intake's message catalogue, so that what departments
are given and what intake checks cannot drift apart. ``dualcarbon templates`` writes
``docs/templates/<dataset>.xlsx``, ``docs/templates/<dataset>.csv`` and ``docs/submissions.md``.

The XLSX template's first sheet ("填报") has a title row (which may carry the period, e.g.
"报告期：2024 年"), the header of Chinese labels in row 2, and data from row 3: intake finds
the header under the title by scoring rows against the known labels.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import polars as pl
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from dualcarbon.contracts import (
    PROVINCE_CODE,
    Column,
    Contract,
    all_contracts,
    code_list,
    department_names,
)
from dualcarbon.intake.messages import CATALOGUE

ENTRY_SHEET = "填报"
CODES_SHEET = "代码表"
NOTES_SHEET = "说明"
TITLE_ROW, HEADER_ROW, FIRST_DATA_ROW = 1, 2, 3
LAST_VALIDATED_ROW = 1_048_576  # drop-downs and checks cover the whole column below the header
CODE_TITLE_ROW, CODE_HEADER_ROW, CODE_FIRST_ROW = 1, 2, 3
FIXED_TIMESTAMP = datetime(2025, 1, 1)  # workbook properties, so regenerating changes nothing
ZIP_TIMESTAMP = (2025, 1, 1, 0, 0, 0)
SHORT_LIST = 20  # code lists up to this length are written inline in the catalogue
AUTHOR = "dualcarbon"

HEADER_FILL = PatternFill("solid", start_color="DDEBF7", end_color="DDEBF7")
TITLE_FONT = Font(bold=True, size=14)
BOLD = Font(bold=True)

FREQUENCY = {  # frequency -> (Chinese, example period key, title-row period blank)
    "annual": ("年度", "2024", "____ 年"),
    "quarterly": ("季度", "2024Q1", "____ 年第 __ 季度"),
    "monthly": ("月度", "2024-01", "____ 年 __ 月"),
}
TYPE_ZH = {"code": "代码", "decimal": "数值", "integer": "整数", "text": "文本"}
TYPE_EN = {"code": "code", "decimal": "decimal", "integer": "integer", "text": "text"}
CSV_ENCODINGS_ZH = "UTF-8、带 BOM 的 UTF-8（UTF-8 with BOM）或 GBK（GB18030）"
CSV_ENCODINGS_EN = "UTF-8, UTF-8 with BOM, or GBK (GB18030)"


# --------------------------------------------------------------------------------------------
# What a contract says, in words (shared by the templates and the catalogue)


def _one_line(text: str) -> str:
    """Folded YAML text on one line, without the space folding leaves after Chinese punctuation."""
    return re.sub(r"(?<=[。，；：！？、）])\s+", "", " ".join(text.split()))


def _plain(text: str) -> str:
    """Text for a spreadsheet: the Markdown code marks (backticks) shared with the catalogue go."""
    return text.replace("`", "")


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _code_rows(name: str) -> list[dict[str, str]]:
    return code_list(name).rows(named=True)


def _code_key(name: str) -> str:
    return code_list(name).columns[0]


def _code_name(name: str, code: str) -> tuple[str, str]:
    frame = code_list(name)
    row = frame.filter(pl.col(frame.columns[0]) == code).row(0, named=True)
    return row["name_zh"], row["name_en"]


def _unit_words(unit: str) -> tuple[str, str]:
    zh, en = _code_name("ref_units", unit)
    return f"{zh}（{unit}）", f"{en} ({unit})"


def _unit_column(contract: Contract) -> Column | None:
    return next((c for c in contract.columns if c.code_list == "ref_units"), None)


def column_unit(contract: Contract, col: Column) -> tuple[str, str] | None:
    """The unit a column is reported in, in Chinese and English, or None for codes and text."""
    if col.unit:
        return _unit_words(col.unit)
    if col.code_list == "ref_units":
        if col.allowed:
            words = [_unit_words(u) for u in col.allowed]
            return "、".join(w[0] for w in words), " or ".join(w[1] for w in words)
        if col.must_equal_attribute:
            key = contract.column(col.must_equal_attribute.key_column)
            return (
                f"与“{key.label_zh}”对应的计量单位（见“{CODES_SHEET}”）",
                f"the unit of the {key.label_en.lower()} (see the code list)",
            )
        return "计量单位代码", "a unit code"
    if col.type == "decimal":  # integers are years and counts; measured values are decimals
        unit_col = _unit_column(contract)
        if unit_col is not None:
            return (
                f"按“{unit_col.label_zh}”列",
                f"in the unit given in the {unit_col.label_en} column",
            )
    return None


def column_rules(contract: Contract, col: Column) -> tuple[list[str], list[str]]:
    """The checks on a column beyond its type and code list, in Chinese and English."""
    zh: list[str] = []
    en: list[str] = []
    if col.min is not None and col.max is not None:
        zh.append(f"{_number(col.min)} 至 {_number(col.max)}")
        en.append(f"{_number(col.min)} to {_number(col.max)}")
    elif col.min is not None:
        zh.append(f"不小于 {_number(col.min)}")
        en.append(f"≥ {_number(col.min)}")
    elif col.max is not None:
        zh.append(f"不大于 {_number(col.max)}")
        en.append(f"≤ {_number(col.max)}")
    if col.allowed:
        zh.append("只能填 " + " / ".join(col.allowed))
        en.append("only " + " / ".join(f"`{a}`" for a in col.allowed))
    if col.must_equal_attribute:
        rule = col.must_equal_attribute
        key = contract.column(rule.key_column)
        zh.append(f"须等于“{key.label_zh}”在 {rule.code_list} 中的 {rule.attribute}")
        en.append(
            f"must equal the `{rule.attribute}` of the `{rule.key_column}` in `{rule.code_list}`"
        )
    if col.name == "region_code" and contract.regions == "province":
        zh.append(f"只能填 {PROVINCE_CODE}")
        en.append(f"only `{PROVINCE_CODE}` (province)")
    for row_rule in contract.row_rules:
        if col.name in row_rule.columns:
            zh.append(row_rule.message_zh)
            en.append(row_rule.message_en)
    if not col.required:
        zh.append("可不填")
        en.append("optional")
    return zh, en


def regions_words(contract: Contract) -> tuple[str, str]:
    regions = code_list("ref_regions")
    if contract.regions == "province":
        zh, en = _code_name("ref_regions", PROVINCE_CODE)
        return (
            f"只填报全省（{zh}，地区代码 {PROVINCE_CODE}），不填报设区市",
            f"the province only ({en}, region code {PROVINCE_CODE}); no city rows",
        )
    cities = regions.filter(pl.col("level") == "prefecture").height
    return (
        f"全省（{PROVINCE_CODE}）及 {cities} 个设区市，地区代码见“{CODES_SHEET}”",
        f"the province ({PROVINCE_CODE}) and its {cities} prefecture-level cities "
        "(codes in `ref_regions`)",
    )


def keys_words(contract: Contract) -> tuple[str, str]:
    cols = [contract.column(k) for k in contract.keys]
    return " × ".join(c.label_zh for c in cols), " × ".join(c.label_en.lower() for c in cols)


def file_pattern(contract: Contract, suffix: str = ".xlsx") -> tuple[str, str]:
    """The file name pattern and an example (e.g. energy_consumption_2024.xlsx)."""
    example = FREQUENCY[contract.frequency][1]
    return f"{contract.dataset}_<period>{suffix}", f"{contract.dataset}_{example}{suffix}"


@dataclass(frozen=True)
class CodeBlock:
    """One code list on the code-list sheet: its codes, names and any attribute to show."""

    code_list: str
    label_zh: str
    label_en: str
    attributes: tuple[tuple[str, str, str], ...]  # (attribute, header zh, header en)


def code_blocks(contract: Contract) -> list[CodeBlock]:
    """The code lists a contract uses, in column order, each once."""
    blocks: dict[str, CodeBlock] = {}
    attributes: dict[str, list[tuple[str, str, str]]] = {}
    for col in contract.columns:
        rule = col.must_equal_attribute
        if rule:
            attributes.setdefault(rule.code_list, []).append(
                (rule.attribute, f"应填{col.label_zh}", f"{col.label_en} to report")
            )
    for col in contract.columns:
        names = [col.code_list] if col.code_list else []
        if col.must_equal_attribute:
            names.append(col.must_equal_attribute.code_list)
        for name in names:
            if name not in blocks:
                blocks[name] = CodeBlock(
                    name, col.label_zh, col.label_en, tuple(attributes.get(name, ()))
                )
    return list(blocks.values())


# --------------------------------------------------------------------------------------------
# XLSX and CSV templates


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(text))


def _fit(
    sheet: Worksheet, column: int, texts: list[str], minimum: int = 8, maximum: int = 60
) -> None:
    width = max([_display_width(t) for t in texts] + [minimum]) + 2
    sheet.column_dimensions[get_column_letter(column)].width = min(width, maximum)


def _write_code_sheet(sheet: Worksheet, blocks: list[CodeBlock]) -> dict[str, str]:
    """Write the code lists side by side; return each list's range of codes (for drop-downs)."""
    ranges: dict[str, str] = {}
    column = 1
    for block in blocks:
        rows = _code_rows(block.code_list)
        key = _code_key(block.code_list)
        headers = ["代码 Code", "中文名称 Chinese name", "英文名称 English name"]
        headers += [f"{zh} {en}" for _, zh, en in block.attributes]
        title = sheet.cell(
            CODE_TITLE_ROW, column, f"{block.label_zh} {block.label_en}（{block.code_list}）"
        )
        title.font = BOLD
        for offset, header in enumerate(headers):
            cell = sheet.cell(CODE_HEADER_ROW, column + offset, header)
            cell.font = BOLD
            cell.fill = HEADER_FILL
        fields = [key, "name_zh", "name_en", *(attribute for attribute, _, _ in block.attributes)]
        for index, row in enumerate(rows):
            for offset, name in enumerate(fields):
                cell = sheet.cell(CODE_FIRST_ROW + index, column + offset, row[name] or "")
                cell.number_format = "@"
        for offset, (header, name) in enumerate(zip(headers, fields, strict=True)):
            _fit(sheet, column + offset, [header, *(str(r[name] or "") for r in rows)])
        letter = get_column_letter(column)
        last = CODE_FIRST_ROW + len(rows) - 1
        ranges[block.code_list] = f"'{CODES_SHEET}'!${letter}${CODE_FIRST_ROW}:${letter}${last}"
        column += len(headers) + 1  # a blank column between lists
    sheet.freeze_panes = f"A{CODE_FIRST_ROW}"
    return ranges


def _comment(contract: Contract, col: Column) -> Comment:
    lines = [
        col.label_en,
        f"列名 Column: {col.name}",
        f"类型 Type: {TYPE_ZH[col.type]} {TYPE_EN[col.type]}",
    ]
    unit = column_unit(contract, col)
    if unit:
        lines.append(f"单位 Unit: {unit[0]} / {unit[1]}")
    if col.code_list:
        lines.append(f"代码表 Code list: {col.code_list}（见“{CODES_SHEET}”）")
    rules_zh, rules_en = column_rules(contract, col)
    if rules_zh:
        lines.append(f"规则 Rules: {'；'.join(rules_zh)} / {'; '.join(rules_en)}")
    if col.description_en:
        lines.append(col.description_en)
    return Comment(_plain("\n".join(lines)), AUTHOR, height=180, width=320)


def _validation(contract: Contract, col: Column, ranges: dict[str, str]) -> DataValidation | None:
    if col.code_list:
        # A short inline list for the allowed values, else the list's range on the code sheet.
        formula = f'"{",".join(col.allowed)}"' if col.allowed else ranges[col.code_list]
        if col.name == "region_code" and contract.regions == "province":
            formula = f'"{PROVINCE_CODE}"'
        dv = DataValidation(type="list", formula1=formula, allow_blank=True)
        dv.error = f"请从“{CODES_SHEET}”中选择有效代码。Pick a valid code from the code list."
        dv.prompt = "从下拉列表选择代码 · Pick a code from the list"
    elif col.type in ("decimal", "integer") and (col.min is not None or col.max is not None):
        kind = "whole" if col.type == "integer" else "decimal"
        if col.min is not None and col.max is not None:
            dv = DataValidation(
                type=kind,
                operator="between",
                formula1=_number(col.min),
                formula2=_number(col.max),
                allow_blank=True,
            )
        elif col.min is not None:
            dv = DataValidation(
                type=kind,
                operator="greaterThanOrEqual",
                formula1=_number(col.min),
                allow_blank=True,
            )
        else:
            dv = DataValidation(
                type=kind, operator="lessThanOrEqual", formula1=_number(col.max), allow_blank=True
            )
        rules_zh, rules_en = column_rules(contract, col)
        dv.error = _plain(f"{'；'.join(rules_zh)}。{'; '.join(rules_en)}.")
        dv.prompt = dv.error
    else:
        return None
    # Excel refuses (as "unreadable content") titles over 32 and messages over 255 characters.
    dv.errorTitle = dv.promptTitle = col.label_zh[:32]
    dv.error, dv.prompt = dv.error[:255], dv.prompt[:255]
    dv.errorStyle = "stop"
    dv.showErrorMessage = True
    dv.showInputMessage = True
    return dv


def _write_entry_sheet(sheet: Worksheet, contract: Contract, ranges: dict[str, str]) -> None:
    n = len(contract.columns)
    period_blank = FREQUENCY[contract.frequency][2]
    text = f"{contract.title_zh}（{contract.title_en}）· 报告期：{period_blank}"
    title = sheet.cell(TITLE_ROW, 1, text)
    title.font = TITLE_FONT
    title.alignment = Alignment(horizontal="left", vertical="center")
    if n > 1:
        sheet.merge_cells(start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=n)
    sheet.row_dimensions[TITLE_ROW].height = 24
    for index, col in enumerate(contract.columns, start=1):
        cell = sheet.cell(HEADER_ROW, index, col.label_zh)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.comment = _comment(contract, col)
        letter = get_column_letter(index)
        texts = [col.label_zh, col.label_en]
        if col.code_list:
            texts += [str(code) for code in code_list(col.code_list).to_series(0).to_list()]
            # Codes are text: typed into a text-formatted column, 320100 stays "320100".
            sheet.column_dimensions[letter].number_format = "@"
        _fit(sheet, index, texts, minimum=10, maximum=40)
        dv = _validation(contract, col, ranges)
        if dv is not None:
            sheet.add_data_validation(dv)
            dv.add(f"{letter}{FIRST_DATA_ROW}:{letter}{LAST_VALIDATED_ROW}")
    sheet.freeze_panes = f"A{FIRST_DATA_ROW}"


def instructions(contract: Contract) -> tuple[list[str], list[str]]:
    """The instructions sheet's lines: Chinese, then English."""
    dept_zh, dept_en = department_names(contract.department)
    freq_zh, example_period, _ = FREQUENCY[contract.frequency]
    pattern, example = file_pattern(contract)
    csv_example = file_pattern(contract, ".csv")[1]
    keys_zh, keys_en = keys_words(contract)
    regions_zh, regions_en = regions_words(contract)
    units_zh, units_en, rules_zh, rules_en = [], [], [], []
    for col in contract.columns:
        unit = column_unit(contract, col)
        if unit:
            units_zh.append(f"    · {col.label_zh}：{unit[0]}")
            units_en.append(f"    · {col.label_en}: {unit[1]}")
        col_zh, col_en = column_rules(contract, col)
        if col_zh:
            rules_zh.append(f"    · {col.label_zh}：{'；'.join(col_zh)}")
            rules_en.append(f"    · {col.label_en}: {'; '.join(col_en)}")
    zh = [
        f"填报说明 · {contract.title_zh}",
        _one_line(contract.description_zh),
        f"1. 报送单位：{dept_zh}。",
        f"2. 报送频率：{freq_zh}。报告期写法：年报 2024，季报 2024Q1，月报 2024-01。",
        f"3. 文件命名：{pattern.replace('<period>', '<报告期>')}（或 .csv），例如 {example}；"
        f"也可用报表名称代替数据集名，如 {contract.title_zh}_{example_period}.xlsx。"
        "文件名中没有报告期时，可在第 1 行标题的“报告期”处填写年份。",
        f"4. 填报范围：{regions_zh}。",
        f"5. 每个“{keys_zh}”组合只填一行，不得重复。",
        "6. 计量单位：",
        *units_zh,
        "7. 取值规则：",
        *(rules_zh or ["    · 无"]),
        f"8. 代码列（地区、品种等）须填写“{CODES_SHEET}”工作表中的代码（可从下拉列表选择），"
        "不要填写名称；代码按文本填写，如 320100。",
        "9. 每个单元格都必须填写；确实为零的请填 0，不要留空。数值只填阿拉伯数字，不带单位或文字。",
        f"10. 请勿修改、删除或调换第 {HEADER_ROW} 行的表头；"
        f"数据从第 {FIRST_DATA_ROW} 行起逐行填写，只使用第一个工作表“{ENTRY_SHEET}”。",
        f"11. 以 CSV 报送时，第一行为表头，编码可为 {CSV_ENCODINGS_ZH}，例如 {csv_example}。",
        "12. 报送后系统自动校验，发现问题会整份退回并给出逐行反馈；"
        "全部校验规则见 docs/submissions.md。",
    ]
    en = [
        f"Instructions · {contract.title_en}",
        _one_line(contract.description_en),
        f"1. Submitted by: {dept_en}.",
        f"2. Frequency: {contract.frequency}. Periods are written 2024 (annual), 2024Q1 "
        "(quarterly) or 2024-01 (monthly).",
        f"3. File name: {pattern} (or .csv), e.g. {example}; the Chinese title may replace the "
        f"dataset name, e.g. {contract.title_zh}_{example_period}.xlsx. If the file name has no "
        "period, write the year in the title row (报告期).",
        f"4. Regions: {regions_en}.",
        f"5. One row per {keys_en}; no duplicates.",
        "6. Units:",
        *units_en,
        "7. Rules:",
        *(rules_en or ["    · none"]),
        f"8. Code columns take the codes on the '{CODES_SHEET}' (code lists) sheet (drop-down "
        "lists), not names; codes are text, e.g. 320100.",
        "9. Every cell must be filled; write 0 for a true zero, never leave it blank. Numbers are "
        "digits only, with no units or words.",
        f"10. Do not change, delete or reorder the header (row {HEADER_ROW}); enter data from row "
        f"{FIRST_DATA_ROW}, one record per row, on the first sheet ('{ENTRY_SHEET}') only.",
        f"11. CSV files: the header in the first line, encoded as {CSV_ENCODINGS_EN}, "
        f"e.g. {csv_example}.",
        "12. Files are checked on arrival; a file with any problem is returned whole, with a "
        "row-by-row report. All checks are listed in docs/submissions.md.",
    ]
    return zh, en


def _write_notes_sheet(sheet: Worksheet, contract: Contract) -> None:
    zh, en = instructions(contract)
    row = 1
    for block in (zh, en):
        for index, line in enumerate(block):
            cell = sheet.cell(row, 1, _plain(line))
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if index == 0:
                cell.font = TITLE_FONT
            row += 1
        row += 1  # a blank line between the Chinese and the English version
    sheet.column_dimensions["A"].width = 120


def _save_deterministic(workbook: Workbook, path: Path) -> None:
    """Save with fixed document properties and zip timestamps: same contracts, same bytes."""
    workbook.properties.created = FIXED_TIMESTAMP
    workbook.properties.modified = FIXED_TIMESTAMP
    workbook.properties.creator = AUTHOR
    workbook.properties.lastModifiedBy = AUTHOR
    buffer = io.BytesIO()
    # openpyxl's save_workbook() stamps "modified" with the current time; ExcelWriter does not.
    ExcelWriter(workbook, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dest:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIMESTAMP)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dest.writestr(fixed, source.read(info.filename))
    path.write_bytes(out.getvalue())


def write_xlsx_template(contract: Contract, path: Path) -> Path:
    workbook = Workbook()
    entry = workbook.active
    entry.title = ENTRY_SHEET
    codes = workbook.create_sheet(CODES_SHEET)
    notes = workbook.create_sheet(NOTES_SHEET)
    ranges = _write_code_sheet(codes, code_blocks(contract))
    _write_entry_sheet(entry, contract, ranges)
    _write_notes_sheet(notes, contract)
    workbook.active = 0
    _save_deterministic(workbook, path)
    return path


def write_csv_template(contract: Contract, path: Path) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow([c.label_zh for c in contract.columns])
    path.write_bytes(buffer.getvalue().encode("utf-8-sig"))  # the BOM lets Excel read Chinese
    return path


def write_templates(out_dir: Path) -> list[Path]:
    """For every contract, ``<dataset>.xlsx`` and ``<dataset>.csv`` in ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for dataset, contract in all_contracts().items():
        written.append(write_xlsx_template(contract, out_dir / f"{dataset}.xlsx"))
        written.append(write_csv_template(contract, out_dir / f"{dataset}.csv"))
    return written


# --------------------------------------------------------------------------------------------
# The submissions catalogue (docs/submissions.md)


def _md(text: object) -> str:
    """Markdown text on one line: pipes escaped, and "<" outside code spans (not HTML)."""
    parts = " ".join(str(text).split()).replace("|", "\\|").split("`")
    return "`".join(p if i % 2 else p.replace("<", "&lt;") for i, p in enumerate(parts))


def _table(headers: list[str], rows: list[list[object]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(_md(c) for c in row) + " |" for row in rows]
    return lines


def _used_code_lists() -> dict[str, list[str]]:
    """Every code list the contracts use -> the dataset.column that use it, in contract order."""
    used: dict[str, list[str]] = {}
    for contract in all_contracts().values():
        for block in code_blocks(contract):
            users = [
                f"{contract.dataset}.{c.name}"
                for c in contract.columns
                if c.code_list == block.code_list
            ]
            used.setdefault(block.code_list, []).extend(users)
    return used


def _attributes_shown() -> dict[str, list[str]]:
    """Code list -> attributes that contracts check a column against (shown with the codes)."""
    shown: dict[str, list[str]] = {}
    for contract in all_contracts().values():
        for col in contract.columns:
            rule = col.must_equal_attribute
            if rule and rule.attribute not in shown.setdefault(rule.code_list, []):
                shown[rule.code_list].append(rule.attribute)
    return shown


def _index(contracts: list[Contract]) -> list[str]:
    rows = []
    for c in contracts:
        dept_zh, dept_en = department_names(c.department)
        pattern = f"`{c.dataset}_<period>.xlsx` / `.csv`"
        links = f"[xlsx](templates/{c.dataset}.xlsx) · [csv](templates/{c.dataset}.csv)"
        rows.append(
            [
                f"[`{c.dataset}`](#{c.dataset})",
                c.title_zh,
                f"{dept_zh} ({dept_en})",
                c.frequency,
                " × ".join(f"`{k}`" for k in c.keys),
                pattern,
                links,
            ]
        )
    return _table(
        [
            "Dataset",
            "Chinese title",
            "Department",
            "Frequency",
            "One row per",
            "File name",
            "Templates",
        ],
        rows,
    )


def _contract_section(contract: Contract) -> list[str]:
    dept_zh, dept_en = department_names(contract.department)
    pattern, example = file_pattern(contract)
    regions_zh, regions_en = regions_words(contract)
    keys_zh, keys_en = keys_words(contract)
    lines = [
        f"## {contract.dataset}",
        "",
        f"**{contract.title_en}** · {contract.title_zh}",
        "",
        f"- Department: {dept_en} ({dept_zh}), code `{contract.department}`",
        f"- Frequency: {contract.frequency} · contract version {contract.version}",
        f"- File name: `{pattern}` or `.csv`, e.g. `{example}`",
        f"- Templates: [templates/{contract.dataset}.xlsx](templates/{contract.dataset}.xlsx) · "
        f"[templates/{contract.dataset}.csv](templates/{contract.dataset}.csv)",
        "",
        _one_line(contract.description_en),
        "",
        _one_line(contract.description_zh),
        "",
        "### Columns",
        "",
    ]
    rows = []
    for col in contract.columns:
        unit = column_unit(contract, col)
        rules = column_rules(contract, col)[1]
        rows.append(
            [
                f"`{col.name}`",
                col.label_zh,
                col.label_en,
                col.type,
                unit[1] if unit else "",
                f"`{col.code_list}`" if col.code_list else "",
                "; ".join(rules),
                col.description_en,
            ]
        )
    lines += _table(
        [
            "Name",
            "Chinese label",
            "English label",
            "Type",
            "Unit",
            "Code list",
            "Allowed range / rules",
            "Description",
        ],
        rows,
    )
    lines += [
        "",
        f"**Keys:** one row per {' × '.join(f'`{k}`' for k in contract.keys)} "
        f"({keys_en}; {keys_zh}); a repeated key is rejected.",
        "",
        f"**Regions:** {regions_en} ({regions_zh}).",
        "",
    ]
    if contract.row_rules:
        lines.append("**Row rules:**")
        lines.append("")
        for rule in contract.row_rules:
            lines.append(f"- `{rule.rule}`: {rule.message_en} ({rule.message_zh})")
    else:
        lines.append("**Row rules:** none beyond the column checks.")
    lines.append("")
    return lines


def _code_list_section(name: str, users: list[str], attributes: list[str]) -> list[str]:
    frame = code_list(name)
    key = frame.columns[0]
    lines = [
        f"### {name}",
        "",
        f"{frame.height} code{'s' if frame.height != 1 else ''} · used by "
        + ", ".join(f"`{u}`" for u in users),
        "",
    ]
    if frame.height <= SHORT_LIST:
        items = []
        for row in frame.iter_rows(named=True):
            extra = "".join(f", {a} `{row[a]}`" for a in attributes if row[a])
            items.append(f"`{row[key]}` {row['name_zh']} ({row['name_en']}{extra})")
        lines.append(_md(" · ".join(items)))
    else:
        rows = [
            [
                f"`{row[key]}`",
                row["name_zh"],
                row["name_en"],
                *[f"`{row[a]}`" if row[a] else "" for a in attributes],
            ]
            for row in frame.iter_rows(named=True)
        ]
        lines += _table(["Code", "Chinese name", "English name", *attributes], rows)
    lines.append("")
    return lines


def _handing_in_section() -> list[str]:
    """What intake refuses before it reads a row, and why (docs/submissions.md)."""
    rules = [
        "**Copy, then rename.** Intake takes a file once it is complete. Copy it into the inbox "
        "under a temporary name ending in `.part` (`energy_consumption_2024.csv.part`) and "
        "rename it when the copy has finished; `dualcarbon submit` does this for you. Files "
        "ending in `.part` are never read, and a file that changes while intake reads it is "
        "left in the inbox for the next run. 先以 `.part` 结尾的临时文件名复制，复制完成后再改名。",
        "**Files only, no links.** A symbolic link, folder or device in the inbox is refused "
        "and removed unread (what a link points to is never read or archived). "
        "收件箱中只放数据文件本身，不放快捷方式或链接。",
        "**Your own department's datasets.** A submitter hands in only the datasets of the "
        "department in their account; the signed-in user and the server's time of receipt "
        "are recorded with every file. 填报人只能报送本部门的数据集。",
        "**XLSX: one sheet of data.** Besides the template's code-list (代码表) and notes (说明) "
        "sheets, exactly one sheet may hold data, and it must be visible; a hidden sheet or a "
        "second sheet with data is refused. XLSX files are limited to 100 MiB once unpacked "
        "and 1,000,000 rows (send larger data as CSV). 只保留一个填有数据的可见工作表。",
        "**Codes as text.** Format code columns as Text in Excel: a long code typed as a number "
        "(an 18-digit credit code) is stored as a rounded number and is refused. "
        "代码列请设为“文本”格式。",
        "**One encoding.** A CSV file is UTF-8 or GBK/GB18030 throughout; a file mixing the two "
        "(one row pasted from elsewhere) is refused with the row named. CSV 文件只用一种编码。",
        "**Numbers are finite.** `inf`, `Infinity`, `NaN` or numbers too large to hold "
        "(`1e400`) are not numbers. 数值须为有限的数字。",
        "**Title and name agree.** A title row naming a year must name the year of the file "
        "name's period. 标题行中的年份须与文件名的报告期一致。",
    ]
    return ["## Handing files in", "", *[f"- {rule}" for rule in rules], ""]


def _checks_section() -> list[str]:
    rows = [
        [f"`{code}`", msg_en, msg_zh, f"{fix_en} {fix_zh}"]
        for code, (msg_zh, msg_en, fix_zh, fix_en) in CATALOGUE.items()
    ]
    return [
        "## How files are checked",
        "",
        "Intake reads the file (CSV in UTF-8, UTF-8 with BOM or GBK/GB18030; XLSX: the one "
        "sheet holding data, title rows above the header allowed), tells the dataset and period from the "
        "file name (or the headers and the title row), maps the headers (Chinese label, English "
        "label or column name), then checks every row against the contract. A file with any "
        "problem is rejected whole, with every problem listed (row, column, value) in a "
        "feedback report, so all of them can be fixed in one pass. These are all the possible "
        "problems; `{...}` is filled in from the file.",
        "",
        *_table(["Issue code", "Message (English)", "Message (Chinese)", "Fix"], rows),
        "",
    ]


def catalogue_text() -> str:
    contracts = list(all_contracts().values())
    lines = [
        "# Submissions catalogue · 报送目录",
        "",
        "<!-- Generated by `dualcarbon templates` from dualcarbon/contracts/*.yaml, the code "
        "lists in dbt_project/seeds/reference and dualcarbon/intake/messages.py. "
        "Do not edit by hand: change the contracts and regenerate. -->",
        "",
        "> **Generated page — do not edit by hand.** It is written by `dualcarbon templates` "
        "from the submission contracts (`dualcarbon/contracts/*.yaml`), the reference code "
        "lists and the intake's message catalogue; change those and regenerate. "
        "本页由 `dualcarbon templates` 根据报送契约自动生成，请勿手工修改。",
        "",
        "What each department submits, in which form, and how the files are checked. Every "
        "dataset has an Excel template (data-entry sheet, code lists, instructions) and a CSV "
        "template (the header row only) under [templates/](templates/).",
        "",
        "## Datasets",
        "",
        *_index(contracts),
        "",
        "General rules: one file per dataset and period, named `<dataset>_<period>` (periods: "
        "`2024` annual, `2024Q1` quarterly, `2024-01` monthly; the Chinese title may replace "
        "`<dataset>`); headers may be the Chinese label, the English label or the column name; "
        f"CSV encodings accepted: {CSV_ENCODINGS_EN}; every cell must be filled (write 0 for a "
        "true zero).",
        "",
    ]
    for contract in contracts:
        lines += _contract_section(contract)
    lines += [
        "## Code lists",
        "",
        "The reference code lists (`dbt_project/seeds/reference/*.csv`) are the single "
        "source of truth; each template's code-list sheet (代码表) copies the lists it uses.",
        "",
    ]
    attributes = _attributes_shown()
    for name, users in _used_code_lists().items():
        lines += _code_list_section(name, users, attributes.get(name, []))
    lines += _handing_in_section()
    lines += _checks_section()
    return "\n".join(lines).rstrip("\n") + "\n"


def write_catalogue(path: Path) -> Path:
    """Write the submissions catalogue (``docs/submissions.md``) from the contracts."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(catalogue_text(), encoding="utf-8", newline="\n")
    return path
