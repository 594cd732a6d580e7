"""The working warehouse: one DuckDB file, one writer at a time.

The raw layer (schema ``raw``) holds every accepted submission's rows exactly as checked,
tagged with its submission id; ``raw.submissions`` is the register of every file received,
accepted or rejected, with its provenance; ``raw.submission_issues`` keeps what was wrong.
Tables are created from the contracts, so a new dataset needs no hand-written DDL.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from dualcarbon.contracts import all_contracts
from dualcarbon.errors import BilingualError
from dualcarbon.quality.schema import QUALITY_DDL

REGISTER_DDL = """
create schema if not exists raw;
create table if not exists raw.submissions (
    submission_id varchar primary key,
    status varchar not null check (status in ('accepted', 'rejected')),
    dataset varchar,
    department varchar,
    period varchar,
    version integer,
    contract_version integer,
    file_name varchar not null,
    file_sha256 varchar not null,
    file_bytes bigint not null,
    encoding varchar,
    archive_path varchar not null,
    received_at timestamp not null,
    processed_at timestamp not null,
    row_count integer not null,
    issue_count integer not null,
    run_id varchar,
    unique (file_sha256, file_name)
);
-- Added later, so also to warehouses made before: who handed the file in (the signed-in
-- user; null when the pipeline picked it up from the inbox), and the file's own time
-- (received_at is the server's time of receipt; see _migrate_receipt_times).
alter table raw.submissions add column if not exists submitted_by varchar;
alter table raw.submissions add column if not exists file_modified_at timestamp;
create table if not exists raw.submission_issues (
    submission_id varchar not null,
    issue_seq integer not null,
    issue_code varchar not null,
    row_number integer,
    column_name varchar,
    value varchar,
    message_zh varchar not null,
    message_en varchar not null,
    fix_zh varchar not null,
    fix_en varchar not null,
    primary key (submission_id, issue_seq)
);
"""


def _migrate_receipt_times(con: duckdb.DuckDBPyConnection) -> None:
    """A warehouse from before received_at was the server's time: it kept the file's time
    in received_at and (since submitters were recorded) the server's in intake_received_at.
    The file's time moves to file_modified_at, the server's (where known) to received_at."""
    (old,) = con.execute(
        "select count(*) from information_schema.columns where table_schema = 'raw' "
        "and table_name = 'submissions' and column_name = 'intake_received_at'"
    ).fetchone()
    if not old:
        return
    con.execute(
        "update raw.submissions set file_modified_at = received_at, "
        "received_at = coalesce(intake_received_at, received_at) where file_modified_at is null"
    )
    con.execute("alter table raw.submissions drop column intake_received_at")


def dataset_ddl() -> list[str]:
    statements = []
    for contract in all_contracts().values():
        columns = ",\n    ".join(f"{c.name} {c.duckdb_type}" for c in contract.columns)
        statements.append(
            f"create table if not exists {contract.raw_table} (\n"
            f"    submission_id varchar not null,\n    source_row bigint not null,\n    {columns}\n)"
        )
    return statements


WAIT_VARIABLE = "DUALCARBON_WAREHOUSE_WAIT_SECONDS"
DEFAULT_WAIT_SECONDS = 2.0  # a short read waits this long for a writer between statements


class WarehouseBusy(BilingualError, duckdb.IOException):
    """Another process holds DuckDB's write lock (a pipeline run, a submission) after the
    bounded wait: the one error every caller catches for a busy warehouse. Still a
    duckdb.IOException, as callers that catch DuckDB's error expect."""

    def __init__(self, who: str, wait: float) -> None:
        super().__init__("warehouse.open.warehouse_being_written_by", who=who, wait=wait)


def _wait_seconds() -> float:
    try:
        return max(0.0, float(os.environ.get(WAIT_VARIABLE) or DEFAULT_WAIT_SECONDS))
    except ValueError:
        return DEFAULT_WAIT_SECONDS


def _is_lock_conflict(error: duckdb.Error) -> bool:
    """DuckDB's refusals to share the file: another process holds its lock (IOException),
    or this process has it open with other settings, read-only against read-write
    (ConnectionException). Both pass once the other connection closes."""
    if isinstance(error, duckdb.ConnectionException):
        return "different configuration" in str(error)
    return isinstance(error, duckdb.IOException) and "lock" in str(error).lower()


def _open(path: Path, read_only: bool, wait: float | None) -> duckdb.DuckDBPyConnection:
    """Open ``path``, retrying while another connection holds its lock, for at most ``wait``
    seconds (default ``$DUALCARBON_WAREHOUSE_WAIT_SECONDS``); then WarehouseBusy, naming the
    holder. Only here is DuckDB's lock error told apart (by its text)."""
    wait = _wait_seconds() if wait is None else wait
    deadline = time.monotonic() + wait
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except (duckdb.IOException, duckdb.ConnectionException) as error:
            if not _is_lock_conflict(error):
                raise
            if time.monotonic() >= deadline:
                held = re.search(r"held in (.+?) \(PID (\d+)\)", str(error))
                who = f"{held.group(1)}, PID {held.group(2)}" if held else "?"
                raise WarehouseBusy(who, wait) from error
            time.sleep(0.2)


@contextmanager
def connect(
    path: Path, read_only: bool = False, wait: float | None = None
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the warehouse; DuckDB itself refuses a second writing process, and a busy
    warehouse gives a bounded wait (``wait`` seconds, default from the environment), then
    WarehouseBusy."""
    con = _open(path, read_only, wait)
    try:
        if not read_only:
            con.execute(REGISTER_DDL)
            _migrate_receipt_times(con)
            con.execute(QUALITY_DDL)
            for statement in dataset_ddl():
                con.execute(statement)
        yield con
    finally:
        con.close()
