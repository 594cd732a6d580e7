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
-- user; null when the pipeline picked it up from the inbox), and the server's time of
-- receipt (received_at is the file's own time, which the sender can set).
alter table raw.submissions add column if not exists submitted_by varchar;
alter table raw.submissions add column if not exists intake_received_at timestamp;
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
    bounded wait. Still a duckdb.IOException, as callers that catch DuckDB's error expect."""


def _open(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    """Open ``path``, retrying while another process holds its lock, for at most
    ``$DUALCARBON_WAREHOUSE_WAIT_SECONDS``; then WarehouseBusy, naming the holder."""
    try:
        wait = max(0.0, float(os.environ.get(WAIT_VARIABLE) or DEFAULT_WAIT_SECONDS))
    except ValueError:
        wait = DEFAULT_WAIT_SECONDS
    deadline = time.monotonic() + wait
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.IOException as error:
            if "lock" not in str(error).lower():
                raise
            if time.monotonic() >= deadline:
                held = re.search(r"held in (.+?) \(PID (\d+)\)", str(error))
                who = f"{held.group(1)}, PID {held.group(2)}" if held else "?"
                raise WarehouseBusy(
                    "warehouse.open.warehouse_being_written_by", who=who, wait=wait
                ) from error
            time.sleep(0.2)


@contextmanager
def connect(path: Path, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the warehouse; DuckDB itself refuses a second writing process, and a busy
    warehouse gives a short bounded wait, then WarehouseBusy."""
    con = _open(path, read_only)
    try:
        if not read_only:
            con.execute(REGISTER_DDL)
            con.execute(QUALITY_DDL)
            for statement in dataset_ddl():
                con.execute(statement)
        yield con
    finally:
        con.close()
