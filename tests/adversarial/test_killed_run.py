"""Fault test (issue 15): `dualcarbon run` killed with SIGKILL during dbt, then run again.

Before the fix the second run never ended: the killed run stayed STARTED and kept its slot
in the ``warehouse`` pool, and its dbt went on holding DuckDB's lock. Here the second run has
to finish on its own, in bounded time, with the dead run failed, its processes gone, its slot
free and the clean-up audited.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import pytest
from conftest import sample_files

from dualcarbon import audit
from dualcarbon.auth import LocalUserStore
from orchestration.run_recovery import POOL, RUNNER_PID_TAG, leftover_processes, process_start

DUALCARBON = str(Path(sys.executable).parent / "dualcarbon")
DBT_START_TIMEOUT = 300  # intake of the 2019 sample before dbt starts, on a loaded machine
RERUN_TIMEOUT = 900  # a whole pipeline run for 2019; measured about 5 min with 7 jobs on 2 cores


def _env(home: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DUALCARBON_HOME": str(home),
        "DUALCARBON_USER": "stat",
        "DUALCARBON_PASSWORD": "stat-pass-2026",
        "DUALCARBON_LANG": "zh",
        # dbt as dagster-dbt starts it: a child of the run (no warm service in between).
        "DUALCARBON_DBT_SERVICE": "off",
    }


def _dbt_child(parent: int) -> int | None:
    """The pid of ``parent``'s child that runs `dbt build`, if there is one yet."""
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == parent and b"build" in cmdline and any(b"dbt" in a for a in cmdline[:2]):
            return int(entry.name)
    return None


def _wait_for_dbt(run: subprocess.Popen) -> int:
    deadline = time.monotonic() + DBT_START_TIMEOUT
    while time.monotonic() < deadline:
        assert run.poll() is None, "the run ended before dbt started"
        if (pid := _dbt_child(run.pid)) is not None:
            return pid
        time.sleep(0.2)
    pytest.fail(f"dbt did not start within {DBT_START_TIMEOUT} s")


@pytest.mark.timeout(DBT_START_TIMEOUT + RERUN_TIMEOUT + 120)
def test_a_run_killed_during_dbt_does_not_block_the_next_run(workspace, tmp_path, monkeypatch):
    LocalUserStore.of(workspace.home).add("stat", "stat-pass-2026", ["statistician"])
    for path in sample_files("2019"):
        shutil.copy(path, workspace.inbox / path.name)
    log = (tmp_path / "killed.log").open("w")
    killed = subprocess.Popen(
        [DUALCARBON, "run", "--period", "2019"], env=_env(workspace.home), stdout=log, stderr=log
    )
    dbt = _wait_for_dbt(killed)
    time.sleep(2)  # dbt under way: it has opened the warehouse
    killed.send_signal(signal.SIGKILL)
    assert killed.wait(timeout=30) == -signal.SIGKILL
    assert process_start(dbt) is not None  # orphaned, still there: what used to block

    started = time.monotonic()
    again = subprocess.run(
        [DUALCARBON, "run", "--period", "2019"],
        env=_env(workspace.home),
        capture_output=True,
        text=True,
        timeout=RERUN_TIMEOUT,
    )
    assert again.returncode == 0, again.stderr[-3000:]
    assert "运行成功" in again.stdout
    assert "已意外终止" in again.stderr and f"进程 {killed.pid}" in again.stderr
    print(f"second run: {time.monotonic() - started:.0f} s")

    assert process_start(dbt) is None
    monkeypatch.setenv("DAGSTER_HOME", str(workspace.state / "dagster"))
    instance = dg.DagsterInstance.get()
    statuses = {r.tags[RUNNER_PID_TAG]: r.status for r in instance.get_runs()}
    assert statuses.pop(str(killed.pid)) == dg.DagsterRunStatus.FAILURE
    assert list(statuses.values()) == [dg.DagsterRunStatus.SUCCESS]
    assert not instance.event_log_storage.get_concurrency_info(POOL).claimed_slots
    (entry,) = [e for e in audit.read(workspace.home) if e["action"] == "run_recovered"]
    dead = instance.get_run_by_id(entry["subject"])
    assert dead.tags[RUNNER_PID_TAG] == str(killed.pid)
    assert leftover_processes(dead.run_id) == []
    assert entry["details"]["runner_pid"] == killed.pid
    assert dbt in entry["details"]["ended_pids"]
    runs = [e["action"] for e in audit.read(workspace.home) if e["action"].startswith("run")]
    assert runs == ["run_start", "run_recovered", "run_start", "run"]
    assert audit.verify_chain(workspace.home) == []
