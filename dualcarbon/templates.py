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
from dualcarbon.i18n import Labels, Message, Pair, text
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

EXAMPLE_PERIOD = {"annual": "2024", "quarterly": "2024Q1", "monthly": "2024-01"}
# The title row's blank for the period: part of the file format (intake reads the title row).
PERIOD_BLANK = {"annual": "____ 年", "quarterly": "____ 年第 __ 季度", "monthly": "____ 年 __ 月"}
FREQUENCIES = Labels("templates.frequency", ("annual", "quarterly", "monthly"))
TYPES = Labels("templates.type", ("code", "decimal", "integer", "text"))


def _both(message: str, **values: object) -> tuple[str, str]:
    """A catalogue message in Chinese and in English (the templates carry both)."""
    return text(message, "zh", **values), text(message, "en", **values)


def _joined(key: str, items: list[str], lang: str) -> str:
    """``items`` joined with the language's separator ``key`` (；or ; , 、or or)."""
    return text(key, lang).join(items)


def _label(key: str) -> str:
    """A label in both languages, as the templates' cell comments give it: 列名 Column."""
    return " ".join(_both(key))


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
    return _both("templates.named_code", name=Pair(*_code_name("ref_units", unit)), code=unit)


def _unit_column(contract: Contract) -> Column | None:
    return next((c for c in contract.columns if c.code_list == "ref_units"), None)


def column_unit(contract: Contract, col: Column) -> tuple[str, str] | None:
    """The unit a column is reported in, in Chinese and English, or None for codes and text."""
    if col.unit:
        return _unit_words(col.unit)
    if col.code_list == "ref_units":
        if col.allowed:
            words = [_unit_words(u) for u in col.allowed]
            return tuple(
                _joined("templates.unit_alternatives", [w[i] for w in words], lang)
                for i, lang in enumerate(("zh", "en"))
            )
        if col.must_equal_attribute:
            key = contract.column(col.must_equal_attribute.key_column)
            label = Pair(key.label_zh, key.label_en.lower())
            sheet = Pair(CODES_SHEET, "the code list")
            return _both("templates.unit.of_key", key_column=label, sheet=sheet)
        return _both("templates.unit.code")
    if col.type == "decimal":  # integers are years and counts; measured values are decimals
        unit_col = _unit_column(contract)
        if unit_col is not None:
            label = Pair(unit_col.label_zh, unit_col.label_en)
            return _both("templates.unit.in_column", column=label)
    return None


def column_rules(contract: Contract, col: Column) -> tuple[list[str], list[str]]:
    """The checks on a column beyond its type and code list, in Chinese and English."""
    rules: list[tuple[str, str]] = []
    low, high = col.min, col.max
    if low is not None and high is not None:
        rules.append(_both("templates.rule.between", low=_number(low), high=_number(high)))
    elif low is not None:
        rules.append(_both("templates.rule.at_least", low=_number(low)))
    elif high is not None:
        rules.append(_both("templates.rule.at_most", high=_number(high)))
    if col.allowed:
        allowed = Pair(" / ".join(col.allowed), " / ".join(f"`{a}`" for a in col.allowed))
        rules.append(_both("templates.rule.only", allowed=allowed))
    if col.must_equal_attribute:
        rule = col.must_equal_attribute
        key = contract.column(rule.key_column)
        rules.append(
            _both(
                "templates.rule.must_equal_attribute",
                key_column=Pair(key.label_zh, rule.key_column),
                code_list=rule.code_list,
                attribute=rule.attribute,
            )
        )
    if col.name == "region_code" and contract.regions == "province":
        rules.append(_both("templates.rule.province_only", code=PROVINCE_CODE))
    for row_rule in contract.row_rules:
        if col.name in row_rule.columns:
            rules.append((row_rule.message_zh, row_rule.message_en))
    if not col.required:
        rules.append(_both("templates.rule.optional"))
    return [zh for zh, _ in rules], [en for _, en in rules]


def _rules_said(contract: Contract, col: Column) -> tuple[str, str]:
    """A column's rules as one phrase per language ("" if none)."""
    zh, en = column_rules(contract, col)
    return _joined("templates.rule_separator", zh, "zh"), _joined(
        "templates.rule_separator", en, "en"
    )


def regions_words(contract: Contract) -> tuple[str, str]:
    regions = code_list("ref_regions")
    if contract.regions == "province":
        name = Pair(*_code_name("ref_regions", PROVINCE_CODE))
        return _both("templates.regions.province", name=name, code=PROVINCE_CODE)
    cities = regions.filter(pl.col("level") == "prefecture").height
    sheet = Pair(CODES_SHEET, "`ref_regions`")
    return _both("templates.regions.cities", code=PROVINCE_CODE, cities=cities, sheet=sheet)


def keys_words(contract: Contract) -> tuple[str, str]:
    cols = [contract.column(k) for k in contract.keys]
    return " × ".join(c.label_zh for c in cols), " × ".join(c.label_en.lower() for c in cols)


def file_pattern(contract: Contract, suffix: str = ".xlsx") -> tuple[str, str]:
    """The file name pattern and an example (e.g. energy_consumption_2024.xlsx)."""
    example = EXAMPLE_PERIOD[contract.frequency]
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
                (
                    rule.attribute,
                    *_both(
                        "templates.attribute_to_report", column=Pair(col.label_zh, col.label_en)
                    ),
                )
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


CODE_SHEET_HEADERS = (
    "templates.code_sheet.code",
    "templates.code_sheet.name_zh",
    "templates.code_sheet.name_en",
)


def _write_code_sheet(sheet: Worksheet, blocks: list[CodeBlock]) -> dict[str, str]:
    """Write the code lists side by side; return each list's range of codes (for drop-downs)."""
    ranges: dict[str, str] = {}
    column = 1
    for block in blocks:
        rows = _code_rows(block.code_list)
        key = _code_key(block.code_list)
        headers = [" ".join(_both(key)) for key in CODE_SHEET_HEADERS]
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
        f"{_label('templates.comment.column')}: {col.name}",
        f"{_label('templates.comment.type')}: {' '.join(TYPES[col.type])}",
    ]
    unit = column_unit(contract, col)
    if unit:
        lines.append(f"{_label('templates.comment.unit')}: {unit[0]} / {unit[1]}")
    if col.code_list:
        see = text("templates.comment.see_sheet", "zh", sheet=CODES_SHEET)
        lines.append(f"{_label('templates.comment.code_list')}: {col.code_list}{see}")
    zh, en = _rules_said(contract, col)
    if zh:
        lines.append(f"{_label('templates.comment.rules')}: {zh} / {en}")
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
        sheet = Pair(CODES_SHEET, "the code list")
        dv.error = "".join(_both("templates.validation.pick_valid_code", sheet=sheet))
        dv.prompt = " · ".join(_both("templates.validation.pick_code"))
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
        said = _rules_said(contract, col)
        end = _both("templates.sentence_end")
        dv.error = _plain("".join(rules + stop for rules, stop in zip(said, end, strict=True)))
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
    period_blank = PERIOD_BLANK[contract.frequency]
    title_text = f"{contract.title_zh}（{contract.title_en}）· 报告期：{period_blank}"
    title = sheet.cell(TITLE_ROW, 1, title_text)
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
    example_period = EXAMPLE_PERIOD[contract.frequency]
    pattern, example = file_pattern(contract)
    units, rules = [], []
    for col in contract.columns:
        label = Pair(col.label_zh, col.label_en)
        if unit := column_unit(contract, col):
            units.append(_both("templates.notes.item", label=label, value=Pair(*unit)))
        said = _rules_said(contract, col)
        if said[0]:
            rules.append(_both("templates.notes.item", label=label, value=Pair(*said)))
    lines = [
        _both("templates.notes.title", title=Pair(contract.title_zh, contract.title_en)),
        (_one_line(contract.description_zh), _one_line(contract.description_en)),
        _both(
            "templates.notes.department", department=Pair(*department_names(contract.department))
        ),
        _both(
            "templates.notes.frequency",
            frequency=Pair(FREQUENCIES[contract.frequency][0], contract.frequency),
        ),
        _both(
            "templates.notes.file_name",
            pattern=Pair(
                pattern.replace("<period>", text("templates.period_placeholder")), pattern
            ),
            example=example,
            title_example=f"{contract.title_zh}_{example_period}.xlsx",
        ),
        _both("templates.notes.regions", regions=Pair(*regions_words(contract))),
        _both("templates.notes.keys", keys=Pair(*keys_words(contract))),
        _both("templates.notes.units"),
        *units,
        _both("templates.notes.rules"),
        *(rules or [_both("templates.notes.no_rules")]),
        _both("templates.notes.codes", sheet=CODES_SHEET),
        _both("templates.notes.every_cell"),
        _both(
            "templates.notes.header",
            header_row=HEADER_ROW,
            first_row=FIRST_DATA_ROW,
            sheet=ENTRY_SHEET,
        ),
        _both(
            "templates.notes.csv",
            encodings=Message("templates.csv_encodings"),
            example=file_pattern(contract, ".csv")[1],
        ),
        _both("templates.notes.checked"),
    ]
    return [zh for zh, _ in lines], [en for _, en in lines]


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
        f"CSV encodings accepted: {text('templates.csv_encodings', 'en')}; every cell must be filled (write 0 for a "
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
