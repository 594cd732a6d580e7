"""The fast path for large files: parse and check once, keep the rows only if clean.

Most large files are correct. For them, the staging path (staging.py) keeps every cell as text
beside its parsed value, so that a wrong cell can be quoted back as written. Here DuckDB's
strict CSV reader parses the file once, in parallel, straight into typed values in a
temporary table (file order is kept, so rowid + the first data line is the line a person
sees). One query checks those rows; if every check passes, they go into the raw table inside
a transaction that is left open for intake to add the register entry and commit (all or
nothing, as ever). If anything is wrong, nothing has been written and the file goes through
engine.check_large_csv, which finds and words every issue. So the issues a department sees
never come from here, only the decision that there are none.

Why not number the rows as they are read (``row_number() over ()``): that window makes
DuckDB read the file on one thread, which cost more than writing the typed rows twice.

What cannot be told from typed rows: a cell that was not a number (or not a whole number)
is NULL once typed, like an empty cell. That is caught when the column is required; so the
fast path is used only for contracts whose number columns are all required.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from dualcarbon.contracts import PROVINCE_CODE, Contract, code_values
from dualcarbon.intake.engine import attribute_table, in_codes, map_headers
from dualcarbon.intake.messages import SubmissionRejected
from dualcarbon.intake.staging import (
    Head,
    cells_sql,
    lit,
    normalised_code,
    not_blank_sql,
    parsed_number,
    q,
    run,
    utf8_file,
)

_KEEP = "intake_not_blank"  # a column name no contract has


def applies(contract: Contract) -> bool:
    numbers = [c for c in contract.columns if c.type in ("decimal", "integer")]
    return all(c.required for c in numbers) and not contract.row_rules


def _untrimmed(contract: Contract) -> frozenset[str]:
    """Columns whose cells need not be trimmed here, because a check turns a padded cell away
    anyway (the staged path, which trims, then takes the file and words its issues). Trimming
    every cell was a third of the parsing work. Numbers: DuckDB's cast itself skips blanks
    around a number, so an untrimmed cell parses to the trimmed one's value or to NULL (then
    caught as missing: only contracts whose number columns are all required come here).
    Codes and allowed values: listed values carry no blanks, so a padded cell is not among
    them. Patterns: the check on the distinct values also turns away padded ones."""

    def unpadded(values) -> bool:
        return all(str(v) == str(v).strip() for v in values)

    names = set()
    for col in contract.columns:
        if (
            col.type in ("decimal", "integer")
            or (col.code_list and unpadded(code_values(col.code_list)))
            or (col.allowed and unpadded(col.allowed))
            or col.pattern
        ):
            names.add(col.name)
    return frozenset(names)


def _typed(contract: Contract) -> str:
    """Typed values as the raw table holds them, under the contract's names; anything not
    valid becomes NULL."""
    values = []
    for col in contract.columns:
        name = q(col.name)
        if col.type == "code":
            values.append(f"{normalised_code(col)} as {name}")
        elif col.type in ("decimal", "integer"):
            v = q(col.name + "__v")
            whole = f" and {v} = round({v})" if col.type == "integer" else ""
            cast = "integer" if col.type == "integer" else "double"
            values.append(f"case when isfinite({v}){whole} then cast({v} as {cast}) end as {name}")
        else:
            values.append(name)
    return ", ".join(values)


def _problems(con: duckdb.DuckDBPyConnection, contract: Contract, typed_table: str) -> str:
    """One count over the typed rows of every way a row can be wrong."""
    untrimmed = _untrimmed(contract)
    patterned: list[str] = []
    checks = []
    for col in contract.columns:
        name = q(col.name)
        if col.required:
            checks.append(f"{name} is null")
        if col.min is not None:
            checks.append(f"{name} < {col.min}")
        if col.max is not None:
            checks.append(f"{name} > {col.max}")
        if col.code_list:
            checks.append(f"not {in_codes(name, col.code_list)}")
        if col.pattern:  # on the distinct values: a unit's id repeats on all its rows
            padded = f" or {name} <> trim({name})" if col.name in untrimmed else ""
            patterned.append(
                f"(select count(*) from (select distinct {name} from {typed_table} "
                f"where {_KEEP}) where not regexp_matches({name}, {lit(col.pattern)})"
                f"{padded})"
            )
        if col.allowed:
            checks.append(f"{name} not in ({', '.join(lit(a) for a in col.allowed)})")
        rule = col.must_equal_attribute
        if rule:
            attributes = attribute_table(con, rule.code_list, rule.attribute)
            key = q(rule.key_column)
            checks.append(f"{name} <> (select attr_value from {attributes} where attr_key = {key})")
    if contract.regions == "province":
        checks.append(f"region_code <> {lit(PROVINCE_CODE)}")
    keys = ", ".join(q(k) for k in contract.keys)
    # A check that is NULL (on a NULL cell) is not true, so the filter does not count it.
    failing = " or ".join(checks)
    return (
        f"select count(*), count(*) filter (where {failing}) + count(*) - count(distinct "
        f"hash({keys})){''.join(' + ' + p for p in patterned)} from {typed_table} where {_KEEP}"
    )


# One name per connection, replaced file by file: if intake rolls the load back (a file for
# another run's period), the drop in load() is undone too, and the table must not pile up.
TABLE = "intake_fast_typed"


@dataclass
class Checked:
    """A file found clean: its typed rows wait in TABLE on the connection, to be loaded."""

    rows: int
    first_data_row: int  # the line a person sees of the typed table's rowid 0


@dataclass
class Fast:
    """The fast check of a file, done ahead (while the file is hashed and archived):
    ``checked`` is None if it found something wrong or could not read the file."""

    checked: Checked | None


def check(
    con: duckdb.DuckDBPyConnection, path: Path, contract: Contract, head: Head
) -> Checked | None:
    """Parse the file into typed rows and check them; None (nothing kept) if anything is
    wrong or the fast path does not apply: check the file with engine.check_large_csv."""
    mapping, issues = map_headers(contract, head.headers)
    if issues or not applies(contract):
        return None
    cells, reader = cells_sql(contract, mapping, head, _untrimmed(contract))
    numbers = "".join(
        f", {parsed_number(c)} as {q(c.name + '__v')}"
        for c in contract.columns
        if c.type in ("decimal", "integer")
    )
    # Blank rows stay in the typed table (rowid is the file's data line); load() skips them.
    typed = (
        f"create or replace temp table {TABLE} as select {_typed(contract)}, "
        f"{not_blank_sql(contract, set(mapping))} as {_KEEP} "
        f"from (select *{numbers} from (select {cells}))"
    )
    try:
        # Outside the transaction: a table made inside one numbers its rows from 2^62.
        with utf8_file(path, head.encoding) as source:
            run(con, typed, [str(source), reader["skip"], reader["columns"]])
        rows, problems = con.execute(_problems(con, contract, TABLE)).fetchall()[0]
    except (duckdb.Error, SubmissionRejected):  # malformed, undecodable, out of range: check it
        rows, problems = 0, 1
    if not rows or problems:
        discard(con)
        return None
    return Checked(rows, head.header_line + 2)


def load(
    con: duckdb.DuckDBPyConnection, contract: Contract, checked: Checked, submission_id: str
) -> int:
    """Copy the checked rows into the raw table in a transaction left open on ``con``."""
    names = ", ".join(q(name) for name in contract.column_names)
    insert = (
        f"insert into {contract.raw_table} (submission_id, source_row, {names}) "
        f"select ?, rowid + {checked.first_data_row}, {names} from {TABLE} where {_KEEP}"
    )
    run(con, "begin transaction")
    # The rows carry their line numbers, so the raw table need not keep their order; letting
    # DuckDB write them unordered lets both threads write (insert + checkpoint of 1M rows:
    # 0.65 s -> 0.39 s). Only for this statement: the typed table must keep file order.
    run(con, "set preserve_insertion_order = false")
    try:
        run(con, insert, [submission_id])
        run(con, f"drop table {TABLE}")
    except BaseException:
        run(con, "rollback")
        raise
    finally:
        run(con, "reset preserve_insertion_order")
    return checked.rows


def discard(con: duckdb.DuckDBPyConnection) -> None:
    run(con, f"drop table if exists {TABLE}")


def try_load(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    contract: Contract,
    head: Head,
    submission_id: str,
) -> int | None:
    """Rows loaded (transaction left open on ``con``), or None (nothing written: check the file)."""
    checked = check(con, path, contract, head)
    return None if checked is None else load(con, contract, checked, submission_id)
