"""A warehouse made before received_at was the server's time is migrated when opened for
writing: the server's time (intake_received_at, where it was recorded) becomes received_at,
and the file's own time (the old received_at) moves to file_modified_at."""

from __future__ import annotations

from datetime import datetime

import duckdb

from dualcarbon.warehouse import connect

FILE_TIME = datetime(2020, 3, 1, 8, 0)
SERVER_TIME = datetime(2026, 11, 2, 9, 30)


def _old_warehouse(path) -> None:
    """The register as it was: file time in received_at, server time in intake_received_at
    (null for files taken before it was recorded)."""
    with connect(path):
        pass
    con = duckdb.connect(str(path))
    con.execute("alter table raw.submissions drop column file_modified_at")
    con.execute("alter table raw.submissions add column intake_received_at timestamp")
    for sid, server in (("sub-new", SERVER_TIME), ("sub-old", None)):
        con.execute(
            "insert into raw.submissions (submission_id, status, file_name, file_sha256, "
            "file_bytes, archive_path, received_at, processed_at, row_count, issue_count, "
            "intake_received_at) values (?, 'accepted', ?, 'x', 1, 'a', ?, ?, 1, 0, ?)",
            [sid, f"{sid}.csv", FILE_TIME, SERVER_TIME, server],
        )
    con.close()


def test_an_old_register_is_migrated_once_and_keeps_both_times(tmp_path):
    path = tmp_path / "warehouse.duckdb"
    _old_warehouse(path)
    for _ in range(2):  # a second opening changes nothing more
        with connect(path) as con:
            rows = con.execute(
                "select submission_id, received_at, file_modified_at from raw.submissions "
                "order by submission_id"
            ).fetchall()
            columns = {r[0] for r in con.execute("describe raw.submissions").fetchall()}
        assert rows == [
            ("sub-new", SERVER_TIME, FILE_TIME),
            ("sub-old", FILE_TIME, FILE_TIME),  # no server time was recorded: the only one known
        ]
        assert "intake_received_at" not in columns
