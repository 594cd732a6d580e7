"""Attacks through the inbox itself: links, pipes, folders, half-written files, another
department's data, a back-dated file. Each is refused or held back cleanly, nothing is
loaded, and nothing a link points to is read, copied or quoted."""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, datetime, timedelta

import pytest
from conftest import energy_csv, put
from intake_attacks import (
    archived_files,
    assert_archived_unchanged,
    data_rows,
    raw_counts,
    register_row,
)

from dualcarbon.auth import User
from dualcarbon.contracts.deadlines import deadline
from dualcarbon.intake import process_inbox
from dualcarbon.intake import service as intake_service
from dualcarbon.intake.clock import REPLAY_VARIABLE as REPLAY
from dualcarbon.intake.clock import UnknownReplay

SECRET = '{"admin": {"password": "pbkdf2$do-not-leak"}}\n'


def _everything_written(workspace) -> str:
    """Every byte intake could have written for a department (archive, feedback)."""
    texts = []
    for folder in (workspace.archive, workspace.feedback):
        if folder.exists():
            texts += [
                p.read_bytes().decode("utf-8", "replace") for p in folder.rglob("*") if p.is_file()
            ]
    return "\n".join(texts)


def test_a_symlink_to_a_secret_is_refused_unread_and_removed(workspace, tmp_path):
    secret = put(tmp_path, "users.json", SECRET)
    link = workspace.inbox / "energy_consumption_2019.csv"
    link.symlink_to(secret)
    [result] = process_inbox(workspace)
    assert result.status == "refused"
    assert [i.code for i in result.issues] == ["not_a_regular_file"]
    assert "not a regular file" in result.issues[0].message_en
    assert "不是普通文件" in result.issues[0].message_zh
    assert not link.is_symlink() and not link.exists()  # the link is gone ...
    assert secret.read_text() == SECRET  # ... what it pointed to is untouched
    assert archived_files(workspace) == []
    assert "do-not-leak" not in _everything_written(workspace)
    assert raw_counts(workspace)["raw.submissions"] == 0


def test_a_symlink_to_a_valid_submission_is_refused_too(workspace, tmp_path):
    """Refused for what it is, not for what it points to."""
    target = put(tmp_path, "energy_consumption_2019.csv", energy_csv())
    (workspace.inbox / target.name).symlink_to(target)
    [result] = process_inbox(workspace)
    assert result.status == "refused"
    assert data_rows(workspace) == 0 and archived_files(workspace) == []


def test_a_named_pipe_does_not_hang_intake(workspace):
    os.mkfifo(workspace.inbox / "energy_consumption_2019.csv")
    [result] = process_inbox(workspace)  # a blocking open would never return
    assert result.status == "refused"
    assert raw_counts(workspace)["raw.submissions"] == 0


def test_a_folder_named_like_a_submission_is_refused_and_left(workspace):
    folder = workspace.inbox / "energy_consumption_2019.csv"
    folder.mkdir()
    [result] = process_inbox(workspace)
    assert result.status == "refused" and folder.is_dir()
    assert raw_counts(workspace)["raw.submissions"] == 0


def test_a_file_still_being_copied_is_not_taken(workspace):
    """The `.part` convention: a file under its temporary name is never read."""
    partial = put(workspace.inbox, "energy_consumption_2019.csv.part", energy_csv()[:60])
    assert process_inbox(workspace) == []
    assert partial.exists() and raw_counts(workspace)["raw.submissions"] == 0


def test_a_file_that_grows_while_it_is_read_is_left_for_later(workspace, monkeypatch):
    """A department writing straight into the inbox: the file changes between the copy for the
    archive and the end of the check, so it is incomplete; it is left for the next run."""
    path = put(workspace.inbox, "energy_consumption_2019.csv", energy_csv())
    check_file = intake_service.check_file

    def check_then_grow(*args, **kwargs):
        result = check_file(*args, **kwargs)
        with open(path, "a") as handle:  # the writer appends its next rows meanwhile
            handle.write("320200,S01,raw_coal,combustion,7,t\n")
        return result

    monkeypatch.setattr(intake_service, "check_file", check_then_grow)
    [result] = process_inbox(workspace)
    assert result.status == "deferred" and result.note == "still being written"
    assert path.exists()
    assert raw_counts(workspace)["raw.submissions"] == 0 and data_rows(workspace) == 0
    assert archived_files(workspace) == []
    monkeypatch.undo()  # the writer has finished: the next run takes the whole file
    [later] = process_inbox(workspace)
    assert later.status == "accepted" and later.row_count == 5


def test_a_submitter_cannot_hand_in_another_departments_dataset(workspace):
    forester = User("forester", "林业局填报人", frozenset({"submitter"}), "forestry")
    content = energy_csv()  # energy consumption is the statistics bureau's (stats)
    put(workspace.inbox, "energy_consumption_2019.csv", content)
    [result] = process_inbox(workspace, submitter=forester)
    assert result.status == "rejected"
    assert result.issues[0].code == "wrong_department"
    assert "forester" in result.issues[0].message_en and "stats" in result.issues[0].message_en
    assert data_rows(workspace) == 0
    assert_archived_unchanged(workspace, content.encode(), "energy_consumption_2019.csv")
    assert register_row(workspace, "energy_consumption_2019.csv")["submitted_by"] == "forester"


def test_a_large_file_of_another_department_is_not_loaded_by_the_fast_path(workspace):
    """The fast path loads a clean large file before the department is checked: the load is
    undone, nothing stays in the raw table."""
    from conftest import sample_files

    [path] = [p for p in sample_files("2019") if p.name.startswith("enterprise_energy_monthly")]
    put(workspace.inbox, path.name, path.read_bytes())
    forester = User("forester", "林业局填报人", frozenset({"submitter"}), "forestry")
    [result] = process_inbox(workspace, submitter=forester)
    assert result.status == "rejected" and result.issues[0].code == "wrong_department"
    assert data_rows(workspace) == 0


def test_the_register_keeps_the_submitter_and_the_servers_time_not_the_files(
    workspace, monkeypatch
):
    """`touch -d` sets a file's time, not the time intake received it."""
    monkeypatch.delenv(REPLAY, raising=False)
    stats = User("stats_submitter", "统计局填报人", frozenset({"submitter"}), "stats")
    path = put(workspace.inbox, "energy_consumption_2019.csv", energy_csv())
    backdated = datetime(2000, 1, 1, tzinfo=UTC).timestamp()
    os.utime(path, (backdated, backdated))
    before = datetime.now(UTC).replace(tzinfo=None)
    [result] = process_inbox(workspace, submitter=stats)
    after = datetime.now(UTC).replace(tzinfo=None)
    assert result.status == "accepted"
    row = register_row(workspace, "energy_consumption_2019.csv")
    assert row["submitted_by"] == "stats_submitter"
    assert before <= row["received_at"] <= after
    assert row["file_modified_at"] == datetime(2000, 1, 1)  # the file's own claim, kept beside it


def _days_late(workspace, dataset: str, period: str) -> float:
    """Days between the deadline and the first accepted receipt, as the timeliness check
    (expectations, timeliness_check) computes them from the register."""
    import duckdb

    due = deadline(dataset, period)
    with duckdb.connect(str(workspace.warehouse), read_only=True) as con:
        (first,) = con.execute(
            "select min(received_at) from raw.submissions "
            "where dataset = ? and period = ? and status = 'accepted'",
            [dataset, period],
        ).fetchone()
    return (first - due).total_seconds() / 86400


def test_touch_d_before_the_deadline_does_not_beat_the_deadline(workspace, monkeypatch):
    """A late file back-dated with `touch -d` to before its deadline is still late: the
    deadline is checked against the server's time of receipt (not replaying)."""
    monkeypatch.delenv(REPLAY, raising=False)
    path = put(workspace.inbox, "energy_consumption_2019.csv", energy_csv())
    due = deadline("energy_consumption", "2019")
    claimed = due - timedelta(days=30)
    subprocess.run(["touch", "-d", f"{claimed.isoformat()}Z", str(path)], check=True)
    assert datetime.fromtimestamp(path.stat().st_mtime, UTC).replace(tzinfo=None) == claimed
    [result] = process_inbox(workspace)
    assert result.status == "accepted"
    # The deadline (2020) is long past by the server's clock: late by years, not early.
    assert _days_late(workspace, "energy_consumption", "2019") > 365
    row = register_row(workspace, "energy_consumption_2019.csv")
    assert row["file_modified_at"] == claimed and row["received_at"] > due


def test_replaying_history_takes_the_file_time_only_when_asked(workspace, monkeypatch):
    """DUALCARBON_INTAKE_REPLAY=file-time (demo and tests that replay sample history) takes
    the file's time; any other value is refused before anything is taken."""
    path = put(workspace.inbox, "energy_consumption_2019.csv", energy_csv())
    due = deadline("energy_consumption", "2019")
    claimed = due - timedelta(days=14)
    stamp = claimed.replace(tzinfo=UTC).timestamp()
    os.utime(path, (stamp, stamp))
    monkeypatch.setenv(REPLAY, "mtime")
    with pytest.raises(UnknownReplay) as refused:
        process_inbox(workspace)
    assert "file-time" in refused.value.message("zh") and REPLAY in refused.value.message("en")
    assert path.exists() and archived_files(workspace) == []
    monkeypatch.setenv(REPLAY, "file-time")
    [result] = process_inbox(workspace)
    assert result.status == "accepted"
    assert _days_late(workspace, "energy_consumption", "2019") == -14


@pytest.mark.parametrize("roles", [{"statistician"}])
def test_a_statistician_may_hand_in_any_department_s_file(workspace, roles):
    clerk = User("stat", "统计人员", frozenset(roles), None)
    put(workspace.inbox, "energy_consumption_2019.csv", energy_csv())
    [result] = process_inbox(workspace, submitter=clerk)
    assert result.status == "accepted" and data_rows(workspace) == 4
