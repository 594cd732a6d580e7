"""A batch of defective submissions: one folder per defect, each file otherwise valid.

Every file is a small valid submission (Nanjing's 2019 energy rows, the 2019 GDP table, the
2019 exchange table) with exactly one thing broken. ``README.md`` lists the defect and the
error intake should report (issue codes of ``dualcarbon/intake/messages.py``).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl

from dualcarbon.sample.writers import csv_bytes, to_labels, xlsx_bytes

_ENERGY_SECTORS = ["S21", "S22", "S28", "S39", "S43", "S46"]


def _text(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(pl.all().cast(pl.String))


def _set(frame: pl.DataFrame, row: int, column: str, value: str | None) -> pl.DataFrame:
    values = frame[column].to_list()
    values[row] = value
    return frame.with_columns(pl.Series(column, values, dtype=pl.String))


def _gdp_xlsx(frame: pl.DataFrame) -> bytes:
    return xlsx_bytes(
        to_labels(frame, "gdp_population"),
        "江苏省分地区生产总值和人口 2019年",
        text_columns=("地区代码",),
    )


def _defects(frames: dict[str, pl.DataFrame]) -> list[tuple[str, str, bytes, str, str]]:
    """(folder, file name, content, defect, expected error) for each defect."""
    e = frames["energy_consumption"].filter(
        pl.col("region_code") == "320100", pl.col("sector_code").is_in(_ENERGY_SECTORS)
    )
    energy = _text(to_labels(e, "energy_consumption"))
    ok = csv_bytes(energy)
    raw_coal = e["fuel_code"].to_list().index("raw_coal")
    lines = ok.decode().splitlines()
    q, fuel, unit = "消费量", "能源品种代码", "计量单位"
    gdp = frames["gdp_population"]
    right = gdp.filter(pl.col("region_code") == "320100")["real_growth_index"].item()
    wrong = round(right * 10)
    exchange = frames["electricity_exchange"]
    city_exchange = exchange.with_columns(region_code=pl.lit("320100"))
    good_xlsx = _gdp_xlsx(gdp)
    dup_header = lines[0].replace(q, f"{q},{q}")
    dup_rows = [",".join([*r[:5], r[4], *r[5:]]) for r in (ln.split(",") for ln in lines[1:])]
    unknown = "序号,项目,数值,备注\n1,本年完成情况,123.4,\n2,上年同期,118.9,\n"
    utf16 = ok.decode().encode("utf-16-le")
    ragged = [*lines[:3], lines[3] + ",多余字段", *lines[4:]]
    return [
        (
            "01_empty_file",
            "energy_consumption_2019.csv",
            b"",
            "The file has zero bytes.",
            "`empty_file`",
        ),
        (
            "02_unsupported_file_type",
            "energy_consumption_2019.txt",
            ok,
            "Valid CSV content saved with a .txt extension.",
            "`unsupported_file_type` (suffix .txt)",
        ),
        (
            "03_mis_encoded",
            "energy_consumption_2019.csv",
            utf16,
            "Saved as UTF-16 (little-endian) without a BOM: not UTF-8 and not GBK/GB18030.",
            "`undecodable`",
        ),
        (
            "04_unknown_dataset",
            "报表_2019.csv",
            unknown.encode(),
            "Neither the file name nor the headers (序号, 项目, 数值, 备注) match a dataset.",
            "`unknown_dataset`",
        ),
        (
            "05_invalid_period_future",
            "energy_consumption_2099.csv",
            ok,
            "The period in the file name is 2099, a year that has not ended.",
            "`invalid_period` (period has not ended)",
        ),
        (
            "06_invalid_period_malformed",
            "energy_consumption_20x9.csv",
            ok,
            "The period in the file name is '20x9', not a period key.",
            "`invalid_period` (not a period key)",
        ),
        (
            "07_missing_column",
            "energy_consumption_2019.csv",
            csv_bytes(energy.drop(fuel)),
            f"The required column {fuel} (fuel_code) was deleted.",
            f"`missing_column` ({fuel} / fuel_code)",
        ),
        (
            "08_unexpected_column",
            "energy_consumption_2019.csv",
            csv_bytes(energy.with_columns(备注=pl.lit("已核对"))),
            "An extra column 备注 (remarks) was added.",
            "`unexpected_column` (备注)",
        ),
        (
            "09_duplicate_column",
            "energy_consumption_2019.csv",
            "\n".join([dup_header, *dup_rows, ""]).encode(),
            f"The header {q} appears twice (the quantity column was copied).",
            f"`duplicate_column` ({q})",
        ),
        (
            "10_not_a_number",
            "energy_consumption_2019.csv",
            csv_bytes(_set(energy, 2, q, "约12万")),
            f"One {q} cell holds the text '约12万' (about 120,000) instead of a number.",
            "`not_a_number` on data row 3 (file line 4)",
        ),
        (
            "11_missing_value",
            "energy_consumption_2019.csv",
            csv_bytes(_set(energy, 4, fuel, None)),
            f"One row has an empty {fuel} (a key column).",
            "`missing_value` on data row 5 (file line 6)",
        ),
        (
            "12_unknown_region",
            "energy_consumption_2019.csv",
            csv_bytes(_set(energy, 1, "地区代码", "329900")),
            "One row has region code 329900, which is not in ref_regions.",
            "`unknown_code` (329900, ref_regions)",
        ),
        (
            "13_unknown_sector",
            "energy_consumption_2019.csv",
            csv_bytes(_set(energy, 1, "行业代码", "S99")),
            "One row has sector code S99 (codes run S01-S47).",
            "`unknown_code` (S99, ref_sectors)",
        ),
        (
            "14_unknown_fuel",
            "energy_consumption_2019.csv",
            csv_bytes(_set(energy, 1, fuel, "lignite")),
            "One row has fuel code 'lignite', which is not in ref_fuels.",
            "`unknown_code` (lignite, ref_fuels)",
        ),
        (
            "15_unit_mismatch",
            "energy_consumption_2019.csv",
            csv_bytes(_set(energy, raw_coal, unit, "10k_nm3")),
            "A raw_coal row is reported in 10k_nm3 (raw coal is reported in t).",
            f"`unit_not_allowed` (10k_nm3, expected t) on data row {raw_coal + 1} "
            f"(file line {raw_coal + 2})",
        ),
        (
            "16_negative_quantity",
            "energy_consumption_2019.csv",
            csv_bytes(_set(energy, 3, q, "-1234.5")),
            f"One {q} is negative (-1234.5).",
            "`below_minimum` (-1234.5 < 0)",
        ),
        (
            "17_duplicate_key",
            "energy_consumption_2019.csv",
            csv_bytes(
                pl.concat([energy, energy.slice(2, 1).with_columns(pl.lit("99.9").alias(q))])
            ),
            "The last row repeats the region/sector/fuel/use key of data row 3 with another quantity.",
            f"`duplicate_key` on the last line ({energy.height + 2}), duplicating file line 4",
        ),
        (
            "18_implausible_growth_index",
            "gdp_population_2019.xlsx",
            _gdp_xlsx(
                gdp.with_columns(
                    pl.when(pl.col("region_code") == "320100")
                    .then(wrong)
                    .otherwise(pl.col("real_growth_index"))
                    .alias("real_growth_index")
                )
            ),
            f"Nanjing's real growth index is {wrong:g} instead of {right:g} (misplaced decimal "
            "point).",
            f"`above_maximum` ({wrong:g} > 130)",
        ),
        (
            "19_zero_population",
            "gdp_population_2019.xlsx",
            _gdp_xlsx(
                gdp.with_columns(
                    pl.when(pl.col("region_code") == "321300")
                    .then(0.0)
                    .otherwise(pl.col("population"))
                    .alias("population")
                )
            ),
            "Suqian's year-end population is 0.",
            "`below_minimum` (0 < 1)",
        ),
        (
            "20_region_not_allowed",
            "electricity_exchange_2019.csv",
            csv_bytes(to_labels(city_exchange, "electricity_exchange")),
            "The exchange table is reported for Nanjing (320100); it is province-only (320000).",
            "`region_not_allowed` (320100), on every row",
        ),
        (
            "21_corrupt_xlsx",
            "gdp_population_2019.xlsx",
            good_xlsx[: len(good_xlsx) // 2],
            "A valid workbook truncated to half its bytes (broken zip).",
            "`corrupt_xlsx`",
        ),
        (
            "22_ragged_csv_row",
            "energy_consumption_2019.csv",
            "\n".join([*ragged, ""]).encode(),
            "Data row 3 has one field more than the header.",
            "`malformed_csv` (line 4: wrong number of fields)",
        ),
        (
            "23_dataset_mismatch",
            "process_activity_2019.csv",
            ok,
            "Energy consumption content saved under the process_activity name.",
            "`dataset_mismatch` (name says process_activity, headers are energy_consumption)",
        ),
    ]


def write_defective(out_dir: Path, frames: dict[str, pl.DataFrame]) -> list[Path]:
    root = Path(out_dir) / "defective"
    if root.exists():
        shutil.rmtree(root)
    paths = []
    table = ["| folder | file | defect | the platform should report |", "|---|---|---|---|"]
    defects = _defects(frames)
    for folder, name, content, defect, error in defects:
        path = root / folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        paths.append(path)
        table.append(f"| `{folder}/` | `{name}` | {defect} | {error} |")
    _check_mis_encoded(root / "03_mis_encoded" / "energy_consumption_2019.csv")
    readme = root / "README.md"
    readme.write_text(_README.format(n=len(defects), table="\n".join(table)), encoding="utf-8")
    return [*paths, readme]


def _check_mis_encoded(path: Path) -> None:
    raw = path.read_bytes()
    for encoding in ("utf-8", "gb18030"):
        try:
            raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        raise AssertionError(f"{path} decodes as {encoding}; it should not")


_README = """# Defective submissions

{n} files, one per folder, each a small valid submission with exactly one defect, for testing
intake (`dualcarbon intake` should reject or flag every one of them, with the error named
below; the issue codes are those of `dualcarbon/intake/messages.py`). The base files are
Nanjing's (320100) 2019 energy rows for sectors S21, S22, S28, S39, S43 and S46, the 2019
`gdp_population` workbook and the 2019 `electricity_exchange` table from the sample
generator. In CSV files line 1 is the header, so data row *n* is file line *n* + 1; in the
workbooks the title is row 1 and the header row 2.

Each defect sits in its own folder so that the file name can stay a valid
`<dataset>_<period>` name where the defect is not in the name itself.

{table}

Generated by `dualcarbon.sample.write_defective` (deterministic).

## 中文说明

本目录每个子文件夹含一个报送文件，每个文件只有一处错误（空文件、文件类型不支持、编码错误、
无法识别报表、报告期无效、缺列、多列、重复列名、非数值、必填项为空、未知代码、计量单位不符、
负数、重复记录、数值不合理、地区不允许、Excel 损坏、CSV 列数不一致、文件名与内容不符），
用于检验数据接收环节能否逐一识别并给出上表所列的错误提示。
"""
