"""What every intake attack test checks afterwards: nothing loaded, nothing half-written, the
original archived byte for byte where the design keeps it."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb

from dualcarbon.contracts import all_contracts
from dualcarbon.paths import Workspace


def raw_counts(workspace: Workspace) -> dict[str, int]:
    """Rows of the register and of every raw table (empty if there is no warehouse yet)."""
    if not workspace.warehouse.exists():
        return {}
    tables = ["raw.submissions", "raw.submission_issues"] + [
        c.raw_table for c in all_contracts().values()
    ]
    with duckdb.connect(str(workspace.warehouse), read_only=True) as con:
        return {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in tables}


def data_rows(workspace: Workspace) -> int:
    """Rows in the raw data tables (not the register)."""
    counts = raw_counts(workspace)
    return sum(n for t, n in counts.items() if not t.startswith("raw.submission"))


def archived_files(workspace: Workspace) -> list[Path]:
    """Originals in the archive (not the copies being made)."""
    if not workspace.archive.exists():
        return []
    return sorted(
        p for p in workspace.archive.rglob("*") if p.is_file() and ".incoming" not in p.parts
    )


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def assert_archived_unchanged(workspace: Workspace, original: bytes, name: str) -> None:
    [archived] = [p for p in archived_files(workspace) if p.name == name]
    assert archived.read_bytes() == original
    assert archived.parent.name == sha256(original)


def register_row(workspace: Workspace, name: str) -> dict:
    with duckdb.connect(str(workspace.warehouse), read_only=True) as con:
        cursor = con.execute("select * from raw.submissions where file_name = ?", [name])
        names = [d[0] for d in cursor.description]
        [row] = cursor.fetchall()
    return dict(zip(names, row, strict=True))
