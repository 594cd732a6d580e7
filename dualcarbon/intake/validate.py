"""Check a submission's cells against its contract, column by column, with Polars expressions.

Structural problems (headers) stop the check, because rows cannot be read reliably without
them; row problems are all collected, so a department can fix everything in one pass. The
result is a typed table ready to load, or the list of issues that reject the file.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from dualcarbon.contracts import PROVINCE_CODE, Column, Contract, code_list, normalise_header
from dualcarbon.intake.messages import Issue
from dualcarbon.intake.reader import ROW, RawSheet

MAX_LISTED_ROWS = 50  # per kind of issue and column; the rest are counted, not listed
_THOUSANDS = r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$"


@dataclass
class Validation:
    data: pl.DataFrame | None  # typed rows (contract columns + source row), when valid
    issues: list[Issue]

    @property
    def accepted(self) -> bool:
        return not self.issues


def map_headers(contract: Contract, headers: list[str]) -> tuple[dict[str, str], list[Issue]]:
    """Map contract column names to sheet columns (c0..cN); report unknown, duplicate, missing."""
    aliases = contract.header_aliases()
    mapping: dict[str, str] = {}
    issues: list[Issue] = []
    for index, header in enumerate(headers):
        name = aliases.get(normalise_header(header))
        if name is None:
            issues.append(
                Issue(
                    "unexpected_column",
                    column=header or f"#{index + 1}",
                    details={"header": header or f"（第 {index + 1} 列，无表头）"},
                )
            )
        elif name in mapping:
            issues.append(Issue("duplicate_column", column=header, details={"header": header}))
        else:
            mapping[name] = f"c{index}"
    for col in contract.columns:
        if col.required and col.name not in mapping:
            issues.append(
                Issue(
                    "missing_column",
                    column=col.label_zh,
                    details={
                        "column": col.name,
                        "label_zh": col.label_zh,
                        "label_en": col.label_en,
                    },
                )
            )
    return mapping, issues


def _issues(
    failing: pl.DataFrame,
    code: str,
    column: Column,
    details: dict | None = None,
    detail_columns: tuple[str, ...] = (),
) -> list[Issue]:
    """Issues for the failing rows (ROW, value and any per-row detail columns)."""
    listed = [
        Issue(
            code,
            row=int(rec[ROW]),
            column=column.label_zh,
            value=None if rec["value"] is None else str(rec["value"]),
            details={**(details or {}), **{k: rec[k] for k in detail_columns}},
        )
        for rec in failing.head(MAX_LISTED_ROWS).iter_rows(named=True)
    ]
    if failing.height > MAX_LISTED_ROWS:
        listed.append(
            Issue(
                "more_rows",
                column=column.label_zh,
                details={"count": failing.height - MAX_LISTED_ROWS},
            )
        )
    return listed


def _typed(col: Column, text: pl.Expr) -> pl.Expr:
    if col.type in ("decimal", "integer"):
        plain = (
            pl.when(text.str.contains(_THOUSANDS))
            .then(text.str.replace_all(",", ""))
            .otherwise(text)
        )
        return plain.cast(pl.Float64, strict=False)
    if col.type == "code":
        # Spreadsheets turn code 320100 into 320100.0; the code is the integer part.
        return text.str.replace(r"^(\d+)\.0+$", "${1}")
    return text


def _check_column(frame: pl.DataFrame, col: Column) -> list[Issue]:
    raw, value = pl.col(f"{col.name}__raw"), pl.col(col.name)
    view = frame.select(ROW, raw.alias("raw"), value.alias("value"))
    issues: list[Issue] = []
    if col.required:
        issues += _issues(view.filter(pl.col("raw").is_null()), "missing_value", col)
    present = view.filter(pl.col("raw").is_not_null())
    if col.type in ("decimal", "integer"):
        # inf, -inf, Infinity, NaN and overflowing 1e400 parse as floats, but no quantity is
        # infinite: they are not numbers here (as in bulk.py's isfinite).
        issues += _issues(
            present.filter(pl.col("value").is_null() | ~pl.col("value").is_finite()).with_columns(
                value=pl.col("raw")
            ),
            "not_a_number",
            col,
        )
        # Range issues quote the cell as written, not the parsed number.
        numbers = present.filter(pl.col("value").is_not_null() & pl.col("value").is_finite())
        numbers = numbers.with_columns(number=pl.col("value"), value=pl.col("raw"))
        if col.type == "integer":
            issues += _issues(
                numbers.filter(pl.col("number") != pl.col("number").round(0)), "not_an_integer", col
            )
        if col.min is not None:
            issues += _issues(
                numbers.filter(pl.col("number") < col.min), "below_minimum", col, {"limit": col.min}
            )
        if col.max is not None:
            issues += _issues(
                numbers.filter(pl.col("number") > col.max), "above_maximum", col, {"limit": col.max}
            )
    if col.code_list:
        codes = code_list(col.code_list)
        known = codes.get_column(codes.columns[0])
        issues += _issues(
            present.filter(~pl.col("value").is_in(known.implode())),
            "unknown_code",
            col,
            {"label_zh": col.label_zh, "label_en": col.label_en},
        )
    if col.pattern:
        issues += _issues(
            present.filter(~pl.col("value").str.contains(col.pattern)),
            "pattern_mismatch",
            col,
            {"label_zh": col.label_zh, "label_en": col.label_en},
        )
    if col.allowed:
        # A unit column says "unit"; any other code column (e.g. cities only) says "code".
        code = "unit_not_allowed" if col.code_list == "ref_units" else "code_not_allowed"
        issues += _issues(
            present.filter(~pl.col("value").is_in(list(col.allowed))),
            code,
            col,
            {
                "expected": " / ".join(col.allowed),
                "label_zh": col.label_zh,
                "label_en": col.label_en,
            },
        )
    return issues


def _check_long_numbers(
    sheet: RawSheet, mapping: dict[str, str], contract: Contract
) -> list[Issue]:
    """A code or text typed as a number in XLSX, too long to be exact (an 18-digit credit
    code): its last digits are already lost, whatever the text now reads."""
    if sheet.long_numbers is None or sheet.long_numbers.height == 0:
        return []
    issues: list[Issue] = []
    for col in contract.columns:
        if col.type in ("decimal", "integer") or col.name not in mapping:
            continue
        index = int(mapping[col.name][1:])
        failing = sheet.long_numbers.filter(pl.col("column") == index)
        issues += _issues(failing.rename({"ROW": ROW}), "code_as_number", col)
    return issues


def _check_attribute(frame: pl.DataFrame, col: Column) -> list[Issue]:
    """E.g. the unit must be the fuel's reporting unit."""
    rule = col.must_equal_attribute
    reference = code_list(rule.code_list)
    lookup = reference.select(
        pl.col(reference.columns[0]).alias(rule.key_column),
        pl.col(rule.attribute).alias("expected"),
    )
    joined = frame.select(ROW, rule.key_column, pl.col(col.name).alias("value")).join(
        lookup, on=rule.key_column, how="inner"
    )
    failing = joined.filter(pl.col("value").is_not_null() & (pl.col("value") != pl.col("expected")))
    return _issues(failing, "unit_not_allowed", col, detail_columns=("expected",))


def _check_keys(frame: pl.DataFrame, contract: Contract) -> list[Issue]:
    keys = list(contract.keys)
    dupes = (
        frame.filter(pl.all_horizontal(pl.col(keys).is_not_null()))
        .with_columns(first_row=pl.col(ROW).min().over(keys))
        .filter(pl.col(ROW) != pl.col("first_row"))
        .with_columns(value=pl.concat_str(pl.col(keys), separator=" / "))
    )
    labels = {
        "key_zh": " + ".join(contract.column(k).label_zh for k in keys),
        "key_en": " + ".join(contract.column(k).label_en for k in keys),
    }
    return _issues(
        dupes, "duplicate_key", contract.column(keys[0]), labels, detail_columns=("first_row",)
    )


def _check_row_rules(frame: pl.DataFrame, contract: Contract) -> list[Issue]:
    issues: list[Issue] = []
    for rule in contract.row_rules:
        applicable = frame.filter(pl.all_horizontal(pl.col(list(rule.columns)).is_not_null()))
        failing = applicable.filter(~pl.sql_expr(rule.rule)).with_columns(
            value=pl.concat_str([pl.col(c).cast(pl.String) for c in rule.columns], separator=" / ")
        )
        issues += _issues(
            failing,
            "row_rule",
            contract.column(rule.columns[0]),
            {"detail_zh": rule.message_zh, "detail_en": rule.message_en},
        )
    return issues


def validate(contract: Contract, sheet: RawSheet) -> Validation:
    mapping, issues = map_headers(contract, sheet.headers)
    if issues:
        return Validation(None, issues)
    frame = sheet.data.select(
        ROW,
        *[
            (pl.col(mapping[c.name]) if c.name in mapping else pl.lit(None, pl.String)).alias(
                f"{c.name}__raw"
            )
            for c in contract.columns
        ],
    ).with_columns(_typed(c, pl.col(f"{c.name}__raw")).alias(c.name) for c in contract.columns)
    for col in contract.columns:
        issues += _check_column(frame, col)
    issues += _check_long_numbers(sheet, mapping, contract)
    if contract.regions == "province":
        region = contract.column("region_code")
        issues += _issues(
            frame.filter(
                pl.col("region_code").is_not_null() & (pl.col("region_code") != PROVINCE_CODE)
            ).select(ROW, pl.col("region_code").alias("value")),
            "region_not_allowed",
            region,
        )
    for col in contract.columns:
        if col.must_equal_attribute:
            issues += _check_attribute(frame, col)
    issues += _check_keys(frame, contract)
    issues += _check_row_rules(frame, contract)
    if issues:
        # Row order reads best for the department; counts of unlisted rows go last.
        return Validation(None, sorted(issues, key=lambda i: (i.row is None, i.row or 0)))
    typed = frame.select(
        pl.col(ROW).cast(pl.Int64).alias("source_row"),
        *[
            pl.col(c.name).cast(pl.Int32) if c.type == "integer" else pl.col(c.name)
            for c in contract.columns
        ],
    )
    return Validation(typed, [])
