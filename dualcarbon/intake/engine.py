"""Check a submission against its contract: one engine, SQL in DuckDB, for every file size.

A file's rows are first staged (staging.py: from the sheet reader.py read, or straight from
a large CSV file). Structural problems (headers) stop the check, because rows cannot be read
reliably without them; row problems are all collected, so a department can fix everything in
one pass. One aggregate query counts the rows, the repeated keys (screened by hash) and the
failing rows of every check at once; only checks that fail are queried again for their first
rows (at most MAX_LISTED_ROWS per kind of issue and column, the rest counted). Issues name the
row a person sees, the column's label and the cell as written, in the catalogue's words.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import polars as pl

from dualcarbon import i18n
from dualcarbon.contracts import (
    PROVINCE_CODE,
    Column,
    Contract,
    code_list,
    code_values,
    normalise_header,
)
from dualcarbon.intake.messages import Issue
from dualcarbon.intake.reader import RawSheet
from dualcarbon.intake.staging import (
    Head,
    Staged,
    drop,
    lit,
    not_blank_sql,
    q,
    run,
    stage_csv,
    stage_sheet,
    typed_sql,
)

MAX_LISTED_ROWS = 50  # per kind of issue and column; the rest are counted, not listed


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
                    details={
                        "header": header
                        or i18n.Message("intake.headerless_column", {"index": index + 1})
                    },
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


@dataclass
class Rule:
    """One check as SQL over a staged row: the rows where ``fails`` is true are wrong."""

    code: str
    column: Column
    fails: str
    details: dict
    value: str  # SQL of the value quoted back (the cell as written, or the typed code)
    detail_sql: dict  # detail name -> SQL expression per row


def _labels(col: Column) -> dict:
    return {"label_zh": col.label_zh, "label_en": col.label_en}


def in_codes(value: str, name: str) -> str:
    """Membership in a code list, as a constant IN list: code lists are short, and constants
    keep the checking query a single parallel scan (no joins)."""
    return f"{value} in ({', '.join(lit(c) for c in code_values(name))})"


def attribute_table(con: duckdb.DuckDBPyConnection, name: str, attribute: str) -> str:
    """code -> attribute (e.g. fuel -> its unit) as a temporary table, with column names no
    staged column has; looked up by a scalar subquery that DuckDB turns into a hash join."""
    table = f"intake_attr_{name}_{attribute}"
    frame = code_list(name).select(attr_key=pl.nth(0), attr_value=pl.col(attribute))
    con.register("attribute_frame", frame)
    run(con, f"create or replace temp table {table} as select * from attribute_frame")
    con.unregister("attribute_frame")
    return table


def _number_rules(col: Column) -> list[Rule]:
    """Not a number (inf, NaN and overflowing 1e400 parse, but no quantity is infinite),
    not whole, out of range; each quoting the cell as written."""
    raw, number = q(col.name), f"({typed_sql(col)})"
    rules = [
        Rule("not_a_number", col, f"not coalesce(isfinite({number}), false)", {}, raw, {}),
    ]
    ok = f"isfinite({number})"
    if col.type == "integer":
        rules.append(
            Rule("not_an_integer", col, f"{ok} and {number} <> round({number})", {}, raw, {})
        )
    if col.min is not None:
        rules.append(
            Rule(
                "below_minimum", col, f"{ok} and {number} < {col.min}", {"limit": col.min}, raw, {}
            )
        )
    if col.max is not None:
        rules.append(
            Rule(
                "above_maximum", col, f"{ok} and {number} > {col.max}", {"limit": col.max}, raw, {}
            )
        )
    return rules


def _value_rules(col: Column) -> list[Rule]:
    """Codes of a list, a pattern, a closed set of values: on the (normalised) value."""
    value = typed_sql(col)
    rules = []
    if col.code_list:
        fails = f"not {in_codes(value, col.code_list)}"
        rules.append(Rule("unknown_code", col, fails, _labels(col), value, {}))
    if col.pattern:
        fails = f"not regexp_matches({value}, {lit(col.pattern)})"
        rules.append(Rule("pattern_mismatch", col, fails, _labels(col), value, {}))
    if col.allowed:
        # A unit column says "unit"; any other code column (e.g. cities only) says "code".
        code = "unit_not_allowed" if col.code_list == "ref_units" else "code_not_allowed"
        fails = f"{value} not in ({', '.join(lit(a) for a in col.allowed)})"
        details = {"expected": " / ".join(col.allowed), **_labels(col)}
        rules.append(Rule(code, col, fails, details, value, {}))
    return rules


def _column_rules(col: Column) -> list[Rule]:
    """Every check of one cell, each only on a cell that is not empty."""
    rules = []
    if col.required:
        rules.append(Rule("missing_value", col, f"{q(col.name)} is null", {}, "null", {}))
    present = _number_rules(col) if col.type in ("decimal", "integer") else []
    present += _value_rules(col)
    for rule in present:
        rule.fails = f"{q(col.name)} is not null and {rule.fails}"
    return rules + present


def _cross_rules(
    con: duckdb.DuckDBPyConnection, contract: Contract, present: set[str]
) -> list[Rule]:
    """Checks across cells: the province only, units by fuel, the contract's row rules."""
    rules = []
    if contract.regions == "province" and "region_code" in present:
        region = contract.column("region_code")
        value = typed_sql(region)
        fails = f"{value} is not null and {value} <> {lit(PROVINCE_CODE)}"
        rules.append(Rule("region_not_allowed", region, fails, {}, value, {}))
    for col in contract.columns:
        rule = col.must_equal_attribute
        if not rule or col.name not in present or rule.key_column not in present:
            continue
        key, value = typed_sql(contract.column(rule.key_column)), typed_sql(col)
        table = attribute_table(con, rule.code_list, rule.attribute)
        expected = f"(select attr_value from {table} where attr_key = {key})"
        fails = f"{value} is not null and {value} <> {expected}"
        rules.append(Rule("unit_not_allowed", col, fails, {}, value, {"expected": expected}))
    return rules


def _row_rules(contract: Contract) -> list[Rule]:
    """The contract's rules over a row's typed values (e.g. green_area <= floor_area), on
    rows that have all the values the rule names; they see the typed values by name."""
    rules = []
    for rule in contract.row_rules:
        typed = {c: typed_sql(contract.column(c)) for c in rule.columns}
        complete = " and ".join(f"{v} is not null" for v in typed.values())
        names = ", ".join(f"{v} as {q(c)}" for c, v in typed.items())
        fails = f"{complete} and not coalesce((select {rule.rule} from (select {names})), true)"
        shown = ", ".join(f"cast({v} as varchar)" for v in typed.values())
        details = {"detail_zh": rule.message_zh, "detail_en": rule.message_en}
        column = contract.column(rule.columns[0])
        rules.append(Rule("row_rule", column, fails, details, f"concat_ws(' / ', {shown})", {}))
    return rules


def _listed(
    con: duckdb.DuckDBPyConnection, stage: Staged, rule: Rule, failing: int, not_blank: str
) -> list[Issue]:
    """The first failing rows of a rule as issues, and a count of the rest."""
    extra = "".join(f", {sql} as {q(name)}" for name, sql in rule.detail_sql.items())
    rows = con.execute(
        f"select {stage.row_sql} as row, {rule.value}{extra} from {stage.table} "
        f"where {not_blank} and ({rule.fails}) order by row limit {MAX_LISTED_ROWS}"
    ).fetchall()
    names = list(rule.detail_sql)
    issues = [
        Issue(
            rule.code,
            row=int(row[0]),
            column=rule.column.label_zh,
            value=None if row[1] is None else str(row[1]),
            details={**rule.details, **dict(zip(names, row[2:], strict=True))},
        )
        for row in rows
    ]
    return issues + _more(rule.column, failing)


def _more(column: Column, failing: int) -> list[Issue]:
    if failing <= MAX_LISTED_ROWS:
        return []
    return [
        Issue("more_rows", column=column.label_zh, details={"count": failing - MAX_LISTED_ROWS})
    ]


def _key_sql(contract: Contract, not_blank: str) -> tuple[list[str], str]:
    """The typed key columns ("04" and "4" are one month) and the rows that have them all."""
    keys = [typed_sql(contract.column(k)) for k in contract.keys]
    return keys, f"{not_blank} and " + " and ".join(f"{k} is not null" for k in keys)


def _duplicate_keys(
    con: duckdb.DuckDBPyConnection, contract: Contract, stage: Staged, not_blank: str
) -> list[Issue]:
    """The first rows that repeat an earlier row's key, and how many more there are."""
    keys, where = _key_sql(contract, not_blank)
    (failing,) = con.execute(
        f"select count(*) - count(distinct ({', '.join(keys)})) from {stage.table} where {where}"
    ).fetchall()[0]
    if not failing:  # the hash screen met a collision, not a duplicate
        return []
    shown = ", ".join(q(k) for k in contract.keys)
    rows = con.execute(
        f"select row, first_row, value from (select {stage.row_sql} as row, "
        f"min({stage.row_sql}) over (partition by {', '.join(keys)}) as first_row, "
        f"concat_ws(' / ', {shown}) as value from {stage.table} where {where}) "
        f"where row <> first_row order by row limit {MAX_LISTED_ROWS}"
    ).fetchall()
    details = {
        "key_columns_zh": " + ".join(contract.column(k).label_zh for k in contract.keys),
        "key_columns_en": " + ".join(contract.column(k).label_en for k in contract.keys),
    }
    first = contract.column(contract.keys[0])
    issues = [
        Issue(
            "duplicate_key",
            row=int(row),
            column=first.label_zh,
            value=value,
            details={**details, "first_row": int(first_row)},
        )
        for row, first_row, value in rows
    ]
    return issues + _more(first, failing)


def _long_numbers(sheet: RawSheet, mapping: dict[str, str], contract: Contract) -> list[Issue]:
    """A code or text typed as a number in XLSX, too long to be exact (an 18-digit credit
    code): its last digits are already lost, whatever the text now reads (xlsx_guard.py)."""
    if sheet.long_numbers is None or sheet.long_numbers.height == 0:
        return []
    issues: list[Issue] = []
    for col in contract.columns:
        if col.type in ("decimal", "integer") or col.name not in mapping:
            continue
        index = int(mapping[col.name][1:])
        failing = sheet.long_numbers.filter(pl.col("column") == index).sort("ROW")
        issues += [
            Issue("code_as_number", row=int(r["ROW"]), column=col.label_zh, value=str(r["value"]))
            for r in failing.head(MAX_LISTED_ROWS).iter_rows(named=True)
        ]
        issues += _more(col, failing.height)
    return issues


def check_staged(
    con: duckdb.DuckDBPyConnection,
    contract: Contract,
    stage: Staged,
    present: set[str],
    found: list[Issue] = (),
) -> list[Issue]:
    """Every check of the contract over the staged rows (``present``: the columns the file
    has), with ``found`` (issues the reading already found) in row order; sets the row count."""
    not_blank = not_blank_sql(contract, present)
    column_rules = [r for c in contract.columns if c.name in present for r in _column_rules(c)]
    cross_rules = _cross_rules(con, contract, present)
    rules = column_rules + cross_rules + _row_rules(contract)
    keys, complete = _key_sql(contract, not_blank)
    # One scan: the rows, the repeated keys, and the failing rows of every check. Repeated
    # keys are screened by their 64-bit hashes (cheap); a positive screen is confirmed exactly.
    counts = con.execute(
        f"select count(*), count(*) filter (where {complete}) - "
        f"count(distinct hash({', '.join(keys)})) filter (where {complete})"
        + "".join(f", count(*) filter (where {r.fails})" for r in rules)
        + f" from {stage.table} where {not_blank}"
    ).fetchall()[0]
    stage.row_count = counts[0]
    if stage.row_count == 0:
        return [Issue("empty_file")]
    listed = [
        _listed(con, stage, rule, failing, not_blank) if failing else []
        for rule, failing in zip(rules, counts[2:], strict=True)
    ]
    crossed = len(column_rules) + len(cross_rules)
    # The order within a row: the cells, then across cells, repeated keys, the row rules.
    issues = [i for found_by_rule in listed[: len(column_rules)] for i in found_by_rule]
    issues += list(found)
    issues += [i for found_by_rule in listed[len(column_rules) : crossed] for i in found_by_rule]
    if counts[1]:
        issues += _duplicate_keys(con, contract, stage, not_blank)
    issues += [i for found_by_rule in listed[crossed:] for i in found_by_rule]
    # Row order reads best for the department; counts of unlisted rows go last.
    return sorted(issues, key=lambda i: (i.row is None, i.row or 0))


def check_sheet(
    con: duckdb.DuckDBPyConnection, contract: Contract, sheet: RawSheet
) -> tuple[Staged | None, list[Issue]]:
    """Stage and check a sheet read by reader.py; the staged rows stay only if accepted."""
    mapping, issues = map_headers(contract, sheet.headers)
    if issues:
        return None, issues
    stage = stage_sheet(con, sheet, contract, mapping)
    found = _long_numbers(sheet, mapping, contract)
    return _kept(con, stage, check_staged(con, contract, stage, set(mapping), found))


def check_large_csv(
    con: duckdb.DuckDBPyConnection, path, contract: Contract, head: Head
) -> tuple[Staged | None, list[Issue]]:
    """Stage a large CSV file straight from disk and check it; kept only if accepted."""
    mapping, issues = map_headers(contract, head.headers)
    if issues:
        return None, issues
    stage = stage_csv(con, path, head, contract, mapping)
    return _kept(con, stage, check_staged(con, contract, stage, set(mapping)))


def _kept(
    con: duckdb.DuckDBPyConnection, stage: Staged, issues: list[Issue]
) -> tuple[Staged | None, list[Issue]]:
    if issues:
        drop(con, stage)
        return None, issues
    return stage, []
