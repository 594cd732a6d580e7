"""Faults of the machine, not of the file: a busy warehouse and a full disk, said plainly.

DuckDB lets one process write the warehouse at a time; a second ``submit`` (or a run) meets
a lock error. Intake waits a little for the other writer to finish, then says the warehouse
is busy. A full disk turns any write into an OSError or a DuckDB IO error; intake's
transaction is then rolled back (nothing half-loaded) and the department's file stays in the
inbox, and the person is told what happened instead of a traceback.
"""

from __future__ import annotations

import errno
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import duckdb

from dualcarbon import warehouse
from dualcarbon.errors import BilingualError
from dualcarbon.warehouse import connect

BUSY_WAIT_SECONDS = 10.0  # bounded: a run can hold the warehouse for minutes
_BUSY_STEP = 0.5


class WarehouseBusy(BilingualError):
    def __init__(self) -> None:
        super().__init__("intake.faults.warehouse_busy")


class DiskFull(BilingualError):
    def __init__(self, where: str) -> None:
        super().__init__("intake.faults.disk_full", where=where)


def is_lock_conflict(error: Exception) -> bool:
    """DuckDB's lock error, or the warehouse's own bounded wait giving up on it."""
    if isinstance(error, warehouse.WarehouseBusy):
        return True
    return isinstance(error, duckdb.IOException) and "lock" in str(error).lower()


def is_disk_full(error: BaseException) -> bool:
    if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    text = str(error).lower()
    return isinstance(error, duckdb.Error) and (
        "no space left" in text or "disk is full" in text or "could not write" in text
    )


@contextmanager
def writable_warehouse(
    path: Path, wait: float | None = None, sleep: Callable[[float], None] = time.sleep
) -> Iterator[duckdb.DuckDBPyConnection]:
    """The warehouse opened for writing, after waiting up to ``wait`` seconds for another
    writer to let go; WarehouseBusy if it does not. A full disk met while opening (the DDL
    writes) is DiskFull."""
    wait = BUSY_WAIT_SECONDS if wait is None else wait
    waited = 0.0
    with ExitStack() as stack:
        while True:
            try:
                con = stack.enter_context(connect(path))
                break
            except (duckdb.Error, OSError) as error:
                if is_disk_full(error):
                    raise DiskFull(str(path.parent)) from error
                if not is_lock_conflict(error):
                    raise
                if waited >= wait:
                    raise WarehouseBusy() from None
                sleep(_BUSY_STEP)
                waited += _BUSY_STEP
        yield con
