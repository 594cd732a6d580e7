"""How the internal dashboard reaches the working warehouse.

Reads open the warehouse read-only, copy what the page shows into Polars frames and close it
at once (a reader also blocks DuckDB's single writer, so connections are never held across
reruns). Only a steward's action opens it read-write, for that one statement. While a
pipeline run holds the write lock DuckDB refuses both, and the page shows a notice.

Everything goes through ``dualcarbon.quality.review``, the agreed API.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl
import streamlit as st

from dualcarbon.paths import Workspace
from dualcarbon.quality import review

# The pages catch store.WarehouseBusy: the warehouse's one error for a busy warehouse.
from dualcarbon.warehouse import WarehouseBusy as WarehouseBusy
from dualcarbon.warehouse import connect

CACHE_TTL_SECONDS = 30


class NoWarehouse(Exception):
    """The workspace has no warehouse file yet."""


def workspace() -> Workspace:
    return Workspace.from_env()


@contextmanager
def opened(ws: Workspace, write: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """The warehouse, read-only unless ``write``; WarehouseBusy when DuckDB refuses the lock."""
    if not ws.warehouse.exists():
        raise NoWarehouse(str(ws.warehouse))
    with connect(ws.warehouse, read_only=not write) as con:
        yield con


def _stamp(path: Path) -> tuple:
    """Changes whenever the warehouse (or its write-ahead log) does: part of the cache key."""
    parts = []
    for file in (path, path.with_name(path.name + ".wal")):
        try:
            stat = file.stat()
            parts.append((stat.st_mtime_ns, stat.st_size))
        except FileNotFoundError:
            parts.append(None)
    return tuple(parts)


@dataclass(frozen=True)
class Snapshot:
    """What the review page shows, read in one short read-only session."""

    has_quality: bool
    issues: pl.DataFrame
    actions: pl.DataFrame
    trend: pl.DataFrame


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def _snapshot(home: str, stamp: tuple) -> Snapshot:
    ws = Workspace(Path(home))
    with opened(ws) as con:
        try:
            issues = review.open_issues(con)
            log = review.actions(con)
            trend = review.quality_trend(con)
        except duckdb.CatalogException:  # a warehouse from before the quality schema
            empty = pl.DataFrame()
            return Snapshot(False, empty, empty, empty)
    return Snapshot(True, issues, log, trend)


def snapshot(ws: Workspace) -> Snapshot:
    return _snapshot(str(ws.home), _stamp(ws.warehouse))


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def _failing_rows(home: str, stamp: tuple, validation_id: str, check_id: str) -> pl.DataFrame:
    with opened(Workspace(Path(home))) as con:
        return review.failing_rows(con, validation_id, check_id)


def failing_rows(ws: Workspace, validation_id: str, check_id: str) -> pl.DataFrame:
    return _failing_rows(str(ws.home), _stamp(ws.warehouse), validation_id, check_id)


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def _submission_register(home: str, stamp: tuple) -> pl.DataFrame:
    with opened(Workspace(Path(home))) as con:
        return con.sql(
            "select dataset, period, max(version) as version, max(received_at) as received_at "
            "from raw.submissions where status = 'accepted' group by all"
        ).pl()


def submission_register(ws: Workspace) -> pl.DataFrame:
    """The version in force and when it came, per dataset and period."""
    return _submission_register(str(ws.home), _stamp(ws.warehouse))


def clear_cache() -> None:
    """Forget every cached read (after an action, so the page shows its effect at once)."""
    _snapshot.clear()
    _failing_rows.clear()


def data_docs_file(ws: Workspace, data_docs_path: str | None) -> Path | None:
    """The Data Docs page of a validation as a file path (relative paths are in the workspace)."""
    if not data_docs_path:
        return None
    path = Path(data_docs_path)
    if path.is_absolute():
        return path
    for base in (ws.home, ws.reports / "data_docs"):
        if (base / path).exists():
            return base / path
    return ws.home / path
