"""The release-candidate quality gate: no period is frozen while an unwaived ERROR remains.

Fail-closed: a period that has never been validated has no evidence of quality, so its gate
is closed too.
"""

from __future__ import annotations

import duckdb
import polars as pl

from dualcarbon.quality.review import open_issues


def unwaived_errors(con: duckdb.DuckDBPyConnection, period: str) -> pl.DataFrame:
    """Open ERROR issues of the period (submissions and marts); columns as ``open_issues``."""
    return open_issues(con, period).filter(pl.col("severity") == "ERROR")


def was_validated(con: duckdb.DuckDBPyConnection, period: str) -> bool:
    """Whether any validation run has been recorded for the period."""
    rows = con.execute(
        "select count(*) from quality.validation_runs where period = ?", [period]
    ).fetchall()
    return rows[0][0] > 0


def gate_is_open(con: duckdb.DuckDBPyConnection, period: str) -> bool:
    """True when the period has been validated and no ERROR of it is left unwaived."""
    return was_validated(con, period) and unwaived_errors(con, period).is_empty()
