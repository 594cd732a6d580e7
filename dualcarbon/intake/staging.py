"""A submission's rows in a DuckDB temporary table, under its contract's names: what the
checking engine (engine.py) reads, and what an accepted file is loaded from.

Two ways in, one table shape out:

* a file already read by reader.py (an XLSX file, or a CSV file of an ordinary dataset): its
  text cells (trimmed, blank as NULL, blank rows dropped) are copied from the Polars frame,
  each row with the row number a person sees;
* a large CSV file (``large_files: true``: millions of rows) never comes into Python: DuckDB's
  strict CSV reader copies its cells straight into the table (one parallel pass; trimmed,
  blank -> NULL). The table keeps the file's order, so rowid + the first data row is the row
  a person sees. Only the first 64 KiB are decoded in Python (to find the header); a GB18030
  file is transcoded to UTF-8 in 1 MiB steps into a temporary file first.

Either way the table holds, per contract column, the text as written (codes normalised:
"320100.0" -> "320100") and, for number columns, the parsed number beside it in
``<name>__v``, so that an issue quotes the cell as written.
"""

from __future__ import annotations

import codecs
import csv
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import count
from pathlib import Path

import duckdb

from dualcarbon.contracts import Column, Contract
from dualcarbon.intake.messages import Issue, SubmissionRejected
from dualcarbon.intake.reader import (
    HEADER_SEARCH_ROWS,
    ROW,
    RawSheet,
    _header_index,
    decode,
    malformed_csv,
    refuse_utf8_lines,
)

HEAD_BYTES = 64 * 1024
THOUSANDS = r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$"
_stage_numbers = count(1)
SHEET_ROW = "intake_row"  # the staged sheet's row numbers (a name no contract column has)


@dataclass
class Head:
    """What the top of the file says: its header row, title rows and encoding."""

    headers: list[str]
    preamble: str
    header_line: int  # 0-based line of the header
    encoding: str


@dataclass
class Staged:
    """A file's rows waiting in a temporary table of a connection."""

    table: str
    row_sql: str  # the row number a person sees, as SQL over the table
    row_count: int = 0  # non-blank data rows (set once checked)


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


def run(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> None:
    """Execute and consume the result (DuckDB 2.0 keeps it open otherwise)."""
    con.execute(sql, params or []).fetchall()


def q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def lit(text: str) -> str:
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
            return f"cast(null as varchar) as {q(name)}"
        value = mapping[name] if name in untrimmed else f"trim({mapping[name]})"
        return f"nullif({value}, '') as {q(name)}"

    cells = ", ".join(cell(c.name) for c in contract.columns)
    reader = (
        "read_csv(?, header = false, skip = ?, columns = ?, delimiter = ',', quote = '\"', "
        "escape = '\"', strict_mode = true, null_padding = false, auto_detect = false)"
    )
    return f"{cells} from {reader}", {"skip": head.header_line + 1, "columns": columns}


def parsed_number(col: Column) -> str:
    """A number cell as a double: plain, or with thousands separators ("1,234.5"). DuckDB's
    cast also takes digit separators ("1_000"), which no statistical form writes: not a number."""
    raw = q(col.name)
    thousands = (
        f"case when regexp_full_match({raw}, {lit(THOUSANDS[1:-1])}) "
        f"then try_cast(replace({raw}, ',', '') as double) end"
    )
    return f"case when not contains({raw}, '_') then coalesce(try_cast({raw} as double), {thousands}) end"


def normalised_code(col: Column) -> str:
    """Spreadsheets turn code 320100 into 320100.0; the code is the integer part. The regex
    runs only where there is a dot."""
    raw = q(col.name)
    return (
        f"case when contains({raw}, '.') "
        f"then regexp_replace({raw}, '^(\\d+)\\.0+$', '\\1') else {raw} end"
    )


def typed_sql(col: Column) -> str:
    """The staged column holding the typed value (codes are normalised when staged)."""
    if col.type in ("decimal", "integer"):
        return q(col.name + "__v")
    return q(col.name)


def _typed_columns(contract: Contract) -> str:
    """Codes normalised in place, numbers parsed into ``<name>__v`` beside the text."""
    typed = ", ".join(
        f"{normalised_code(c)} as {q(c.name)}" if c.type == "code" else q(c.name)
        for c in contract.columns
    )
    numbers = "".join(
        f", {parsed_number(c)} as {q(c.name + '__v')}"
        for c in contract.columns
        if c.type in ("decimal", "integer")
    )
    return typed + numbers


def stage_csv(
    con: duckdb.DuckDBPyConnection, path: Path, head: Head, contract: Contract, mapping: dict
) -> Staged:
    """Copy a large CSV file's cells into a temporary table, in file order, without Python."""
    table = f"intake_stage_{next(_stage_numbers)}"
    cells, reader = cells_sql(contract, mapping, head)
    try:
        with utf8_file(path, head.encoding) as source:
            run(
                con,
                f"create or replace temp table {table} as select {_typed_columns(contract)} "
                f"from (select {cells})",
                [str(source), reader["skip"], reader["columns"]],
            )
    except duckdb.Error as error:
        raise malformed_csv(error) from None
    return Staged(table, f"rowid + {head.header_line + 2}")


def stage_sheet(
    con: duckdb.DuckDBPyConnection, sheet: RawSheet, contract: Contract, mapping: dict
) -> Staged:
    """Copy a sheet read by reader.py (cells already trimmed, blank rows dropped) into a
    temporary table, each row with the row number a person sees."""
    table = f"intake_stage_{next(_stage_numbers)}"
    cells = ", ".join(
        f"{mapping[c.name]} as {q(c.name)}"
        if c.name in mapping
        else f"cast(null as varchar) as {q(c.name)}"
        for c in contract.columns
    )
    frame = f"{table}_frame"
    con.register(frame, sheet.data)
    try:
        run(
            con,
            f"create or replace temp table {table} as select {SHEET_ROW}, "
            f"{_typed_columns(contract)} from (select {ROW} as {SHEET_ROW}, {cells} from {frame})",
        )
    finally:
        con.unregister(frame)
    return Staged(table, SHEET_ROW)


def not_blank_sql(contract: Contract, present: set[str]) -> str:
    """A row with at least one non-empty cell (spreadsheet padding rows are skipped)."""
    cells = [f"{q(c.name)} is not null" for c in contract.columns if c.name in present]
    return "(" + " or ".join(cells) + ")"


def typed_select_sql(contract: Contract, stage: Staged) -> str:
    """The staged rows typed as the raw table holds them: source_row, then the columns."""
    typed = []
    for col in contract.columns:
        cast = {"integer": "integer", "decimal": "double"}.get(col.type)
        value = typed_sql(col)
        typed.append(f"{f'cast({value} as {cast})' if cast else value} as {q(col.name)}")
    present = {c.name for c in contract.columns}  # absent optional columns are staged as NULL
    return (
        f"select cast({stage.row_sql} as bigint) as source_row, {', '.join(typed)} "
        f"from {stage.table} where {not_blank_sql(contract, present)}"
    )


def insert(con: duckdb.DuckDBPyConnection, contract: Contract, stage: Staged, sid: str) -> None:
    """Insert the staged rows into the raw table (the submission id is ``sid``)."""
    columns = ", ".join(["source_row", *contract.column_names])
    run(
        con,
        f"insert into {contract.raw_table} (submission_id, {columns}) "
        f"select ?, {columns} from ({typed_select_sql(contract, stage)})",
        [sid],
    )


def drop(con: duckdb.DuckDBPyConnection, stage: Staged) -> None:
    run(con, f"drop table if exists {stage.table}")
