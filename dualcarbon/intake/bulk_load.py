"""The fast path for large files: load first, check the loaded rows, keep them only if clean.

Most large files are correct. For them, staging the cells and copying them again into the
raw layer (bulk.py) writes every row twice. Here DuckDB parses the file once, straight into
the raw table inside an open transaction, numbering rows as it goes (``row_number() over
()`` follows the file's order); one query then checks the loaded rows. If every check
passes, the transaction is left open for intake to add the register entry and commit (all
or nothing, as ever). If anything is wrong, the transaction is rolled back and the file
goes through bulk.check_large_csv, which finds and words every issue. So the issues a
department sees never come from here, only the decision that there are none.

What cannot be told from loaded rows: a cell that was not a number (or not a whole number)
is NULL once typed, like an empty cell. That is caught when the column is required; so the
fast path is used only for contracts whose number columns are all required.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from dualcarbon.contracts import PROVINCE_CODE, Contract
from dualcarbon.intake import bulk
from dualcarbon.intake.messages import SubmissionRejected
from dualcarbon.intake.validate import map_headers


def applies(contract: Contract) -> bool:
    numbers = [c for c in contract.columns if c.type in ("decimal", "integer")]
    return all(c.required for c in numbers) and not contract.row_rules


def _typed(contract: Contract) -> str:
    """Typed values as the raw table holds them; anything not valid becomes NULL."""
    values = []
    for col in contract.columns:
        name = bulk._q(col.name)
        if col.type == "code":
            values.append(bulk._normalised_code(col))
        elif col.type in ("decimal", "integer"):
            v = bulk._q(col.name + "__v")
            whole = f" and {v} = round({v})" if col.type == "integer" else ""
            cast = "integer" if col.type == "integer" else "double"
            values.append(f"case when isfinite({v}){whole} then cast({v} as {cast}) end")
        else:
            values.append(name)
    return ", ".join(values)


def _problems(con: duckdb.DuckDBPyConnection, contract: Contract) -> str:
    """One count over the loaded rows of every way a row can be wrong (parameter: the id)."""
    checks = []
    for col in contract.columns:
        name = bulk._q(col.name)
        if col.required:
            checks.append(f"{name} is null")
        if col.min is not None:
            checks.append(f"{name} < {col.min}")
        if col.max is not None:
            checks.append(f"{name} > {col.max}")
        if col.code_list:
            checks.append(f"not {bulk._in_codes(name, col.code_list)}")
        if col.pattern:
            checks.append(f"not regexp_matches({name}, {bulk._lit(col.pattern)})")
        if col.allowed:
            checks.append(f"{name} not in ({', '.join(bulk._lit(a) for a in col.allowed)})")
        rule = col.must_equal_attribute
        if rule:
            table = bulk._attribute_table(con, rule.code_list, rule.attribute)
            key = bulk._q(rule.key_column)
            checks.append(f"{name} <> (select attr_value from {table} where attr_key = {key})")
    if contract.regions == "province":
        checks.append(f"region_code <> {bulk._lit(PROVINCE_CODE)}")
    keys = ", ".join(bulk._q(k) for k in contract.keys)
    failing = " or ".join(f"coalesce({c}, false)" for c in checks)
    return (
        f"select count(*), count(*) filter (where {failing}) + count(*) - count(distinct "
        f"hash({keys})) from {contract.raw_table} where submission_id = ?"
    )


def try_load(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    contract: Contract,
    head: bulk.Head,
    submission_id: str,
) -> int | None:
    """Rows loaded (transaction left open on ``con``), or None (rolled back: check the file)."""
    mapping, issues = map_headers(contract, head.headers)
    if issues or not applies(contract):
        return None
    cells, reader = bulk.cells_sql(contract, mapping, head)
    present = set(mapping)
    columns = ", ".join(["source_row", *contract.column_names])
    numbers = "".join(
        f", {bulk._parsed_number(c)} as {bulk._q(c.name + '__v')}"
        for c in contract.columns
        if c.type in ("decimal", "integer")
    )
    load = (
        f"insert into {contract.raw_table} (submission_id, {columns}) "
        f"select ?, row_number + {head.header_line + 1}, {_typed(contract)} from "
        f"(select *{numbers} from (select row_number() over () as row_number, {cells})) "
        f"where {bulk.not_blank_sql(contract, present)}"
    )
    bulk._run(con, "begin transaction")
    try:
        with bulk.utf8_file(path, head.encoding) as source:
            bulk._run(con, load, [submission_id, str(source), reader["skip"], reader["columns"]])
        rows, problems = con.execute(_problems(con, contract), [submission_id]).fetchall()[0]
    except (duckdb.Error, SubmissionRejected):  # malformed, undecodable, out of range: check it
        rows, problems = 0, 1
    if rows and not problems:
        return rows
    bulk._run(con, "rollback")
    return None
