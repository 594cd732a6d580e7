"""Check a large CSV submission inside DuckDB: the rows never come into Python.

Contracts with ``large_files: true`` (the key units' monthly data: millions of rows) take
this path for CSV files that the fast path (bulk_load.py) found wrong, or could not load,
and for ``dualcarbon check``. The guarantees are those of the in-memory path (reader.py +
validate.py): the same header mapping, the same checks per column, the same issue codes and
bilingual messages naming row and column, at most MAX_LISTED_ROWS rows listed per kind of
issue and column. What differs is where the work happens:

1. DuckDB's strict CSV reader copies the cells into a temporary staging table on the intake
   connection (one parallel pass; trimmed, blank -> NULL, codes normalised, numbers parsed
   beside the text as written). The staging table keeps the file's order, so rowid + first
   data row is the row a person sees.
2. One aggregate query counts the rows, the repeated keys (screened by hash) and the
   failing rows of every check at once; only checks that fail are queried again for their
   first rows.
3. If the file is accepted, service._record inserts the typed rows from the staging table
   into the raw layer in the same transaction as the register entry (all or nothing).

Only the first 64 KiB are decoded in Python (to find the header). A GB18030 file is
transcoded to UTF-8 in 1 MiB steps into a temporary file first.
"""

from __future__ import annotations

import codecs
import csv
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import count
from pathlib import Path

import duckdb
import polars as pl

from dualcarbon.contracts import PROVINCE_CODE, Column, Contract, code_list, code_values
from dualcarbon.intake.messages import Issue, SubmissionRejected
from dualcarbon.intake.reader import (
    HEADER_SEARCH_ROWS,
    _header_index,
    decode,
    refuse_utf8_lines,
)
from dualcarbon.intake.validate import _THOUSANDS, MAX_LISTED_ROWS, map_headers

HEAD_BYTES = 64 * 1024
_CSV_ERROR_LINE = re.compile(r"CSV Error on Line: (\d+)")
_stage_numbers = count(1)


@dataclass
class Head:
    """What the top of the file says: its header row, title rows and encoding."""

    headers: list[str]
    preamble: str
    header_line: int  # 0-based line of the header
    encoding: str


@dataclass
class Staged:
    """A checked file waiting in a temporary table of the intake connection."""

    table: str
    first_data_row: int  # the row number a person sees of staging rowid 0
    row_count: int  # non-blank data rows


def read_head(path: Path, score) -> Head:
    """Decode the first 64 KiB only and find the header as reader._read_csv does."""
    with open(path, "rb") as handle:
        raw = handle.read(HEAD_BYTES)
    cut = raw.rfind(b"\n")  # never split a character: stop at the last complete line
    raw = raw[: cut + 1] if cut >= 0 and len(raw) == HEAD_BYTES else raw
    text, encoding = decode(raw)
    rows = list(csv.reader(text.splitlines()[:HEADER_SEARCH_ROWS]))
    if not any(any(c.strip() for c in row) for row in rows):
        raise SubmissionRejected(Issue("empty_file"))
    header_line = _header_index(rows, score)
    preamble = " ".join(" ".join(r) for r in rows[:header_line])
    return Head([c.strip() for c in rows[header_line]], preamble, header_line, encoding)


@contextmanager
def utf8_file(path: Path, encoding: str) -> Iterator[Path]:
    """The file itself if UTF-8, else a UTF-8 copy made in 1 MiB steps (deleted afterwards)."""
    if encoding.startswith("utf-8"):
        yield path
        return
    decoder = codecs.getincrementaldecoder(encoding)()
    with tempfile.NamedTemporaryFile("wb", suffix=".csv", delete=False) as out:
        try:
            _transcode(path, decoder, out)
        except UnicodeDecodeError as error:
            Path(out.name).unlink()
            raise SubmissionRejected(
                Issue("undecodable", details={"byte_offset": error.start})
            ) from None
        except SubmissionRejected:
            Path(out.name).unlink()
            raise
    try:
        yield Path(out.name)
    finally:
        Path(out.name).unlink(missing_ok=True)


def _transcode(path: Path, decoder: codecs.IncrementalDecoder, out) -> None:
    """Decode in 1 MiB steps, refusing a line in UTF-8 among GB18030 ones (reader's rule),
    checked on whole lines: a step's last, incomplete line waits for the next step."""
    line, rest = 1, b""
    with open(path, "rb") as source:
        while chunk := source.read(1 << 20):
            block = rest + chunk
            cut = block.rfind(b"\n") + 1
            refuse_utf8_lines(block[:cut], line)
            line += block.count(b"\n", 0, cut)
            rest = block[cut:]
            out.write(decoder.decode(chunk).encode("utf-8"))
        refuse_utf8_lines(rest, line)
        out.write(decoder.decode(b"", final=True).encode("utf-8"))


def _run(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> None:
    """Execute and consume the result (DuckDB 2.0 keeps it open otherwise)."""
    con.execute(sql, params or []).fetchall()


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _lit(text: str) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def cells_sql(
    contract: Contract, mapping: dict, head: Head, untrimmed: frozenset[str] = frozenset()
) -> tuple[str, dict]:
    """The file's cells under the contract's names, trimmed, blank as NULL (absent optional
    columns as NULL), read by DuckDB's strict CSV reader; and the reader's parameters.

    Columns in ``untrimmed`` are not trimmed (the fast path's choice: see bulk_load.py)."""
    columns = {f"c{i}": "VARCHAR" for i in range(len(head.headers))}

    def cell(name: str) -> str:
        if name not in mapping:
            return f"cast(null as varchar) as {_q(name)}"
        value = mapping[name] if name in untrimmed else f"trim({mapping[name]})"
        return f"nullif({value}, '') as {_q(name)}"

    cells = ", ".join(cell(c.name) for c in contract.columns)
    reader = (
        "read_csv(?, header = false, skip = ?, columns = ?, delimiter = ',', quote = '\"', "
        "escape = '\"', strict_mode = true, null_padding = false, auto_detect = false)"
    )
    return f"{cells} from {reader}", {"skip": head.header_line + 1, "columns": columns}


def _stage(
    con: duckdb.DuckDBPyConnection, path: Path, head: Head, contract: Contract, mapping: dict
) -> str:
    """Copy the file's cells as trimmed text into a temporary table, in file order."""
    table = f"intake_stage_{next(_stage_numbers)}"
    cells, reader = cells_sql(contract, mapping, head)
    # Typed once, here: codes normalised in place ("320100.0" -> "320100"), numbers parsed
    # into a "<name>__v" column beside the text as written (issues quote what was written).
    typed = ", ".join(
        f"{_normalised_code(c)} as {_q(c.name)}" if c.type == "code" else _q(c.name)
        for c in contract.columns
    )
    numbers = "".join(
        f", {_parsed_number(c)} as {_q(c.name + '__v')}"
        for c in contract.columns
        if c.type in ("decimal", "integer")
    )
    try:
        _run(
            con,
            f"create or replace temp table {table} as select {typed}{numbers} "
            f"from (select {cells})",
            [str(path), reader["skip"], reader["columns"]],
        )
    except duckdb.Error as error:
        message = str(error)
        if "unicode" in message.lower():
            raise SubmissionRejected(Issue("undecodable", details={"byte_offset": "?"})) from None
        line = _CSV_ERROR_LINE.search(message)
        reason = message.split("\n")[2] if message.count("\n") >= 2 else message
        raise SubmissionRejected(
            Issue(
                "malformed_csv",
                row=int(line.group(1)) if line else None,
                details={"detail": reason.strip()},
            )
        ) from None
    return table


def _in_codes(value: str, name: str) -> str:
    """Membership in a code list, as a constant IN list: code lists are short, and constants
    keep the checking query a single parallel scan (no joins)."""
    return f"{value} in ({', '.join(_lit(c) for c in code_values(name))})"


def _attribute_table(con: duckdb.DuckDBPyConnection, name: str, attribute: str) -> str:
    """code -> attribute (e.g. fuel -> its unit) as a temporary table, with column names no
    staged column has; looked up by a scalar subquery that DuckDB turns into a hash join."""
    table = f"intake_attr_{name}_{attribute}"
    frame = code_list(name).select(attr_key=pl.nth(0), attr_value=pl.col(attribute))
    con.register("attribute_frame", frame)
    _run(con, f"create or replace temp table {table} as select * from attribute_frame")
    con.unregister("attribute_frame")
    return table


def _parsed_number(col: Column) -> str:
    """A number cell as validate._typed reads it (thousands separators allowed)."""
    raw = _q(col.name)
    thousands = (
        f"case when regexp_full_match({raw}, {_lit(_THOUSANDS[1:-1])}) "
        f"then try_cast(replace({raw}, ',', '') as double) end"
    )
    return f"coalesce(try_cast({raw} as double), {thousands})"


def _normalised_code(col: Column) -> str:
    """Spreadsheets turn code 320100 into 320100.0; the code is the integer part (as in
    validate._typed). The regex runs only where there is a dot."""
    raw = _q(col.name)
    return (
        f"case when contains({raw}, '.') "
        f"then regexp_replace({raw}, '^(\\d+)\\.0+$', '\\1') else {raw} end"
    )


def typed_sql(col: Column) -> str:
    """The staged column holding the typed value (codes are normalised when staged)."""
    if col.type in ("decimal", "integer"):
        return _q(col.name + "__v")
    return _q(col.name)


@dataclass
class _Rule:
    code: str
    column: Column
    fails: str  # SQL boolean over the staging row
    details: dict
    detail_sql: dict  # detail name -> SQL expression per row


def _rules(con: duckdb.DuckDBPyConnection, contract: Contract, present: set[str]) -> list[_Rule]:
    rules: list[_Rule] = []
    label = lambda col: {"label_zh": col.label_zh, "label_en": col.label_en}  # noqa: E731
    for col in contract.columns:
        raw, value = _q(col.name), typed_sql(col)
        if col.name not in present:  # map_headers has reported it if it was required
            continue
        if col.required:
            rules.append(_Rule("missing_value", col, f"{raw} is null", {}, {}))
        if col.type in ("decimal", "integer"):
            number = f"({value})"
            rules.append(
                _Rule(
                    "not_a_number",
                    col,
                    f"{raw} is not null and not coalesce(isfinite({number}), false)",
                    {},
                    {},
                )
            )
            ok = f"{raw} is not null and isfinite({number})"
            if col.type == "integer":
                rules.append(
                    _Rule("not_an_integer", col, f"{ok} and {number} <> round({number})", {}, {})
                )
            if col.min is not None:
                rules.append(
                    _Rule(
                        "below_minimum",
                        col,
                        f"{ok} and {number} < {col.min}",
                        {"limit": col.min},
                        {},
                    )
                )
            if col.max is not None:
                rules.append(
                    _Rule(
                        "above_maximum",
                        col,
                        f"{ok} and {number} > {col.max}",
                        {"limit": col.max},
                        {},
                    )
                )
        if col.code_list:
            rules.append(
                _Rule(
                    "unknown_code",
                    col,
                    f"{raw} is not null and not {_in_codes(value, col.code_list)}",
                    label(col),
                    {},
                )
            )
        if col.pattern:
            rules.append(
                _Rule(
                    "pattern_mismatch",
                    col,
                    f"{raw} is not null and not regexp_matches({raw}, {_lit(col.pattern)})",
                    label(col),
                    {},
                )
            )
        if col.allowed:
            allowed = ", ".join(_lit(a) for a in col.allowed)
            rules.append(
                _Rule(
                    "unit_not_allowed",
                    col,
                    f"{raw} is not null and {raw} not in ({allowed})",
                    {"expected": " / ".join(col.allowed)},
                    {},
                )
            )
        rule = col.must_equal_attribute
        if rule and rule.key_column in present:
            key = typed_sql(contract.column(rule.key_column))
            table = _attribute_table(con, rule.code_list, rule.attribute)
            expected = f"(select attr_value from {table} where attr_key = {key})"
            rules.append(
                _Rule(
                    "unit_not_allowed",
                    col,
                    f"{raw} is not null and {value} <> {expected}",
                    {},
                    {"expected": expected},
                )
            )
    if contract.regions == "province" and "region_code" in present:
        rules.append(
            _Rule(
                "region_not_allowed",
                contract.column("region_code"),
                f"region_code is not null and {typed_sql(contract.column('region_code'))} "
                f"<> {_lit(PROVINCE_CODE)}",
                {},
                {},
            )
        )
    return rules


def _listed(
    con: duckdb.DuckDBPyConnection,
    stage: Staged,
    rule: _Rule,
    failing: int,
    not_blank: str,
) -> list[Issue]:
    """The first failing rows of a rule as issues, and a count of the rest."""
    extra = "".join(f", {sql} as {_q(name)}" for name, sql in rule.detail_sql.items())
    value = _q(rule.column.name)
    rows = con.execute(
        f"select rowid + {stage.first_data_row}, {value}{extra} from {stage.table} "
        f"where {not_blank} and ({rule.fails}) order by rowid limit {MAX_LISTED_ROWS}"
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
    if failing > MAX_LISTED_ROWS:
        issues.append(
            Issue(
                "more_rows",
                column=rule.column.label_zh,
                details={"count": failing - MAX_LISTED_ROWS},
            )
        )
    return issues


def _key_sql(contract: Contract, not_blank: str) -> tuple[list[str], str]:
    """The typed key columns ("04" and "4" are one month) and the rows that have them all."""
    keys = [typed_sql(contract.column(k)) for k in contract.keys]
    complete = " and ".join(f"{_q(k)} is not null" for k in contract.keys)
    return keys, f"{not_blank} and {complete}"


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
    shown = ", ".join(_q(k) for k in contract.keys)
    rows = con.execute(
        f"select row, first_row, value from (select rowid + {stage.first_data_row} as row, "
        f"min(rowid) over (partition by {', '.join(keys)}) + {stage.first_data_row} as first_row, "
        f"concat_ws(' / ', {shown}) as value from {stage.table} where {where}) "
        f"where row <> first_row order by row limit {MAX_LISTED_ROWS}"
    ).fetchall()
    details = {
        "key_zh": " + ".join(contract.column(k).label_zh for k in contract.keys),
        "key_en": " + ".join(contract.column(k).label_en for k in contract.keys),
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
    if failing > MAX_LISTED_ROWS:
        issues.append(
            Issue("more_rows", column=first.label_zh, details={"count": failing - MAX_LISTED_ROWS})
        )
    return issues


def not_blank_sql(contract: Contract, present: set[str]) -> str:
    """A row with at least one non-empty cell (spreadsheet padding rows are skipped)."""
    cells = [f"{_q(c.name)} is not null" for c in contract.columns if c.name in present]
    return "(" + " or ".join(cells) + ")"


def check_large_csv(
    con: duckdb.DuckDBPyConnection, path: Path, contract: Contract, head: Head
) -> tuple[Staged | None, list[Issue]]:
    """Stage and check the file on ``con``; the staged table stays only if it is accepted."""
    mapping, issues = map_headers(contract, head.headers)
    if issues:
        return None, issues
    with utf8_file(path, head.encoding) as source:
        table = _stage(con, source, head, contract, mapping)
    present = set(mapping)
    not_blank = not_blank_sql(contract, present)
    rules = _rules(con, contract, present)
    keys, complete = _key_sql(contract, not_blank)
    # One scan: the rows, the repeated keys, and the failing rows of every check. Repeated
    # keys are screened by their 64-bit hashes (cheap); a positive screen is confirmed exactly.
    counts = con.execute(
        f"select count(*), count(*) filter (where {complete}) - "
        f"count(distinct hash({', '.join(keys)})) filter (where {complete})"
        + "".join(f", count(*) filter (where {r.fails})" for r in rules)
        + f" from {table} where {not_blank}"
    ).fetchall()[0]
    stage = Staged(table, head.header_line + 2, counts[0])
    if stage.row_count == 0:
        drop(con, stage)
        return None, [Issue("empty_file")]
    for rule, failing in zip(rules, counts[2:], strict=True):
        if failing:
            issues += _listed(con, stage, rule, failing, not_blank)
    if counts[1]:
        issues += _duplicate_keys(con, contract, stage, not_blank)
    if issues:
        drop(con, stage)
        return None, sorted(issues, key=lambda i: (i.row is None, i.row or 0))
    return stage, []


def typed_select_sql(contract: Contract, stage: Staged) -> str:
    """The staged rows typed as the raw table holds them: source_row, then the columns."""
    typed = []
    for col in contract.columns:
        cast = {"integer": "integer", "decimal": "double"}.get(col.type)
        value = typed_sql(col)
        typed.append(f"{f'cast({value} as {cast})' if cast else value} as {_q(col.name)}")
    present = {c.name for c in contract.columns}  # absent optional columns are staged as NULL
    return (
        f"select rowid + {stage.first_data_row} as source_row, {', '.join(typed)} "
        f"from {stage.table} where {not_blank_sql(contract, present)}"
    )


def insert(con: duckdb.DuckDBPyConnection, contract: Contract, stage: Staged, sid: str) -> None:
    _run(con, insert_sql(contract, stage), [sid])


def insert_sql(contract: Contract, stage: Staged) -> str:
    """Insert the staged rows into the raw table; the submission id is parameter 1."""
    columns = ", ".join(["source_row", *contract.column_names])
    return (
        f"insert into {contract.raw_table} (submission_id, {columns}) "
        f"select ?, {columns} from ({typed_select_sql(contract, stage)})"
    )


def drop(con: duckdb.DuckDBPyConnection, stage: Staged) -> None:
    _run(con, f"drop table if exists {stage.table}")
