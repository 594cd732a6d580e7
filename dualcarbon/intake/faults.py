"""Faults of the machine, not of the file: a busy warehouse and a full disk, said plainly.

DuckDB lets one process write the warehouse at a time; a second ``submit`` (or a run) meets
a lock error. Intake waits a little longer than a reader for the other writer to finish;
then the warehouse's own WarehouseBusy says the warehouse is busy. A full disk turns any write into an OSError or a DuckDB IO error; intake's
transaction is then rolled back (nothing half-loaded) and the department's file stays in the
inbox, and the person is told what happened instead of a traceback.
"""

from __future__ import annotations

import errno
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import duckdb

from dualcarbon.errors import BilingualError
from dualcarbon.warehouse import WarehouseBusy, connect

BUSY_WAIT_SECONDS = 10.0  # bounded: a run can hold the warehouse for minutes


class DiskFull(BilingualError):
    def __init__(self, where: str) -> None:
        super().__init__("intake.faults.disk_full", where=where)


def is_disk_full(error: BaseException) -> bool:
    if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    text = str(error).lower()
    return isinstance(error, duckdb.Error) and (
        "no space left" in text or "disk is full" in text or "could not write" in text
    )


@contextmanager
def writable_warehouse(
    path: Path, wait: float | None = None
) -> Iterator[duckdb.DuckDBPyConnection]:
    """The warehouse opened for writing, after waiting up to ``wait`` seconds (default
    BUSY_WAIT_SECONDS) for another writer to let go; warehouse.WarehouseBusy if it does not.
    A full disk met while opening (the DDL writes) is DiskFull."""
    with ExitStack() as stack:
        try:
            con = stack.enter_context(
                connect(path, wait=BUSY_WAIT_SECONDS if wait is None else wait)
            )
        except WarehouseBusy:
            raise
        except (duckdb.Error, OSError) as error:
            if is_disk_full(error):
                raise DiskFull(str(path.parent)) from error
            raise
        yield con
