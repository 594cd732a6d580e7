"""Faults of the machine during intake: a busy warehouse, a full disk, a very large file for
`dualcarbon check`. Each ends in a clear bilingual message, nothing half-loaded, the
department's file still in the inbox."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import add_users, energy_csv, put
from intake_attacks import archived_files, data_rows, raw_counts

from dualcarbon.intake import faults, process_inbox
from dualcarbon.paths import Workspace
from dualcarbon.warehouse import WarehouseBusy, connect

BIN = Path(sys.executable).parent
ENERGY = "energy_consumption_2019.csv"
HOLD_LOCK = (
    "import duckdb, sys, time\n"
    "con = duckdb.connect(sys.argv[1])\n"
    "print('holding', flush=True)\n"
    "time.sleep(float(sys.argv[2]))\n"
    "con.close()\n"
)


def _hold_warehouse(workspace, seconds: float) -> subprocess.Popen:
    """Another process writing the warehouse (a second `submit`, or a run)."""
    with connect(workspace.warehouse):  # an existing warehouse, its tables made
        pass
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(workspace.warehouse), str(seconds)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "holding"
    return holder


def _cli(workspace, *args: str, lang: str = "zh") -> subprocess.CompletedProcess:
    add_users(workspace.home, ("stat", "stat-pass-2026", ["statistician"]))
    env = {
        "DUALCARBON_HOME": str(workspace.home),
        "PATH": "/usr/bin:/bin",
        "DUALCARBON_USER": "stat",
        "DUALCARBON_PASSWORD": "stat-pass-2026",
        "DUALCARBON_LANG": lang,
    }
    return subprocess.run(
        [str(BIN / "dualcarbon"), *args], capture_output=True, text=True, env=env, timeout=300
    )


def test_a_busy_warehouse_is_said_plainly_and_nothing_is_taken(workspace, monkeypatch):
    monkeypatch.setattr(faults, "BUSY_WAIT_SECONDS", 1.0)
    path = put(workspace.inbox, ENERGY, energy_csv())
    holder = _hold_warehouse(workspace, 30)
    try:
        with pytest.raises(WarehouseBusy) as refused:
            process_inbox(workspace)
    finally:
        holder.kill()
        holder.wait()
    # The warehouse's one busy error (warehouse.WarehouseBusy), naming the other writer.
    assert "数据仓库正被另一进程写入" in refused.value.message("zh")
    assert f"PID {holder.pid}" in refused.value.message("zh")
    assert "try again once it ends" in refused.value.message("en")
    assert path.exists() and archived_files(workspace) == []
    assert raw_counts(workspace)["raw.submissions"] == 0


def test_intake_waits_a_little_for_the_other_writer(workspace):
    put(workspace.inbox, ENERGY, energy_csv())
    holder = _hold_warehouse(workspace, 1.5)  # finishes within the bounded wait
    try:
        [result] = process_inbox(workspace)
    finally:
        holder.wait()
    assert result.status == "accepted" and data_rows(workspace) == 4


def test_two_submits_at_once_give_a_message_not_a_traceback(workspace, tmp_path):
    good = put(tmp_path, ENERGY, energy_csv())
    holder = _hold_warehouse(workspace, 60)  # the other submit, mid-way
    try:
        busy = _cli(workspace, "--lang", "en", "submit", str(good))
    finally:
        holder.kill()
        holder.wait()
    assert busy.returncode == 1
    assert "The warehouse is being written by another process" in busy.stderr
    assert "Traceback" not in busy.stderr
    assert (workspace.inbox / ENERGY).exists()  # handed in, taken by the next run
    assert raw_counts(workspace)["raw.submissions"] == 0


@pytest.fixture
def tiny_disk(tmp_path):
    """A 4 MiB file system (tmpfs); skipped where mounting is not permitted."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4M", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here: " + done.stderr.decode(errors="replace").strip())
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_under_the_archive_loads_nothing_and_says_so(workspace, tiny_disk):
    workspace.archive.rmdir()  # the archive on the tiny disk
    workspace.archive.symlink_to(tiny_disk, target_is_directory=True)
    content = energy_csv() + ",,,,,\n" * 800_000  # 4.8 MB (blank rows): more than the disk holds
    path = put(workspace.inbox, ENERGY, content)
    with pytest.raises(faults.DiskFull) as refused:
        process_inbox(workspace)
    assert "磁盘空间不足" in refused.value.message("zh")
    assert "disk is full" in refused.value.message("en")
    assert path.read_text() == content  # the department's file is intact, still in the inbox
    assert raw_counts(workspace)["raw.submissions"] == 0 and data_rows(workspace) == 0
    assert not [p for p in tiny_disk.rglob("*") if p.is_file()]  # no half copy left


def _fill(disk: Path, leave: int) -> Path:
    """Fill the file system but for ``leave`` bytes."""
    stats = os.statvfs(disk)
    filler = disk / "filler"
    with open(filler, "wb") as handle:
        handle.write(b"x" * max(stats.f_bavail * stats.f_frsize - leave, 0))
    return filler


def test_a_full_disk_at_any_step_loads_nothing_and_a_rerun_recovers(tiny_disk, monkeypatch):
    """The whole workspace on a small disk, filled to leave less and less room for the second
    file: whichever write fails first (archive copy, feedback report, the warehouse's log at
    commit), intake says the disk is full, loads nothing of that file and keeps it in the
    inbox; once space is freed, the next run takes it in."""
    outcomes = set()
    for leave in range(0, 48_000, 4_000):
        home = tiny_disk / f"home{leave}"
        monkeypatch.setenv("DUALCARBON_HOME", str(home))
        workspace = Workspace(home).ensure()
        put(workspace.inbox, "energy_consumption_2018.csv", energy_csv())
        assert process_inbox(workspace)[0].status == "accepted"
        before = raw_counts(workspace)
        path = put(workspace.inbox, ENERGY, energy_csv())
        filler = _fill(tiny_disk, leave)
        try:
            [result] = process_inbox(workspace)
            outcomes.add("accepted")
            assert result.status == "accepted" and not path.exists()
        except faults.DiskFull as full:
            outcomes.add("disk full")
            assert "disk is full" in full.message("en") and "磁盘空间不足" in full.message("zh")
            filler.unlink()
            assert raw_counts(workspace) == before and path.exists()
            [result] = process_inbox(workspace)  # space freed: the rerun takes it in
            assert result.status == "accepted"
        filler.unlink(missing_ok=True)
        assert data_rows(workspace) == 8
        shutil.rmtree(home)
    assert outcomes == {"accepted", "disk full"}


def test_check_of_a_key_units_file_over_200000_rows(tmp_path, workspace):
    """`dualcarbon check` crashed (AttributeError) when the file was too large to preview."""
    made = _cli(workspace, "sample", "--out", str(tmp_path / "scale"), "--scale", "5200")
    assert made.returncode == 0, made.stderr
    [path] = (tmp_path / "scale").rglob("enterprise_energy_monthly_2019.csv")
    with open(path, "rb") as handle:
        rows = sum(1 for _ in handle) - 1
    assert rows > 200_000
    checked = _cli(workspace, "--lang", "en", "check", str(path))
    assert checked.returncode == 0, checked.stderr
    assert "Traceback" not in checked.stderr
    assert f"{rows:,} rows" in checked.stdout
    assert not os.path.exists(workspace.warehouse)
