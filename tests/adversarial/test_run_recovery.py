"""A dead run's clean-up, and the bounded, stoppable wait for a live one (issue 15, item 1).

Fast: no pipeline run. The fault test that kills a real `dualcarbon run` during dbt is
tests/adversarial/test_killed_run.py.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import dagster as dg
import pytest

from dualcarbon import audit
from dualcarbon.auth import LocalUserStore
from orchestration.run_gate import LOCK_FILE
from orchestration.run_recovery import (
    POOL,
    RUN_MARKER,
    RUNNER_START_TAG,
    process_start,
    recover_dead_runs,
    runner_alive,
    runner_tags,
)

DUALCARBON = str(Path(sys.executable).parent / "dualcarbon")


@pytest.fixture
def instance(tmp_path: Path):
    (tmp_path / "dagster").mkdir()
    with dg.DagsterInstance.local_temp(str(tmp_path / "dagster")) as instance:
        instance.event_log_storage.set_concurrency_slots(POOL, 2)  # room for a dead and a live run
        yield instance


def _started_run(instance: dg.DagsterInstance, tags: dict[str, str]) -> dg.DagsterRun:
    run = instance.add_run(
        dg.DagsterRun(job_name="annual_pipeline", status=dg.DagsterRunStatus.STARTED, tags=tags)
    )
    claim = instance.event_log_storage.claim_concurrency_slot(
        POOL, run.run_id, "dualcarbon_dbt_models"
    )
    assert claim.is_claimed
    return run


def _dead_pid() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def test_a_live_runner_is_alive_and_a_reused_pid_is_not():
    assert runner_alive(dg.DagsterRun(job_name="j", tags=runner_tags())) is True
    # Same pid, another start time: the pid now belongs to a later process.
    reused = {**runner_tags(), RUNNER_START_TAG: "1"}
    assert runner_alive(dg.DagsterRun(job_name="j", tags=reused)) is False
    gone = {**runner_tags(), "dualcarbon/runner_pid": str(_dead_pid())}
    assert runner_alive(dg.DagsterRun(job_name="j", tags=gone)) is False
    # A run that does not say who runs it (the Dagster UI's) is not judged here.
    assert runner_alive(dg.DagsterRun(job_name="j", tags={})) is None


def test_a_dead_run_is_failed_freed_its_children_ended_and_audited(instance, workspace):
    dead = _started_run(instance, {**runner_tags(), "dualcarbon/runner_pid": str(_dead_pid())})
    live = _started_run(instance, runner_tags())  # this process: alive, left alone
    # A dbt left behind: reparented, but it carries the run id in its environment.
    leftover = subprocess.Popen(
        ["sleep", "300"], env={**os.environ, RUN_MARKER: dead.run_id}, start_new_session=True
    )
    bystander = subprocess.Popen(["sleep", "300"], start_new_session=True)
    try:
        recoveries = recover_dead_runs(instance, workspace.home)
        assert [r.run_id for r in recoveries] == [dead.run_id]
        assert leftover.wait(timeout=10) == -signal.SIGTERM
        assert bystander.poll() is None
    finally:
        bystander.kill()
        leftover.kill()
    assert instance.get_run_by_id(dead.run_id).status == dg.DagsterRunStatus.FAILURE
    assert instance.get_run_by_id(live.run_id).status == dg.DagsterRunStatus.STARTED
    claimed = instance.event_log_storage.get_concurrency_info(POOL).claimed_slots
    assert [slot.run_id for slot in claimed] == [live.run_id]
    (entry,) = [e for e in audit.read(workspace.home) if e["action"] == "run_recovered"]
    assert entry["subject"] == dead.run_id
    assert entry["details"]["ended_pids"] == [leftover.pid]
    assert audit.verify_chain(workspace.home) == []
    assert "已意外终止" in recoveries[0].message("zh")
    assert "died" in recoveries[0].message("en")


HOLDER = textwrap.dedent(
    """
    import sys, time, dagster as dg
    from pathlib import Path
    from orchestration.run_gate import run_slot
    home = Path(sys.argv[1])
    (home / "holder-dagster").mkdir()
    with dg.DagsterInstance.local_temp(str(home / "holder-dagster")) as instance:
        with run_slot(home, home / ".state", instance, {"run_id": "holder-run", "actor": "li"},
                      lambda said: None):
            print("holding", flush=True)
            time.sleep(600)
    """
)


@pytest.fixture
def held_workspace(workspace):
    """A workspace whose run lock a live `dualcarbon run` (here: run_slot in a child) holds,
    with a statistician and a file in the inbox that a started run would take in."""
    LocalUserStore.of(workspace.home).add("stat", "stat-pass-2026", ["statistician"])
    (workspace.inbox / "energy_consumption_2019.csv").write_text("x\n", encoding="utf-8")
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(workspace.home)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout.readline().strip() == "holding"
    yield workspace, holder
    holder.kill()
    holder.wait()


def _run(home: Path, wait_seconds: str, lang: str = "zh") -> subprocess.Popen:
    env = {
        **os.environ,
        "DUALCARBON_HOME": str(home),
        "DUALCARBON_USER": "stat",
        "DUALCARBON_PASSWORD": "stat-pass-2026",
        "DUALCARBON_LANG": lang,
        "DUALCARBON_RUN_WAIT_SECONDS": wait_seconds,
    }
    return subprocess.Popen(
        [DUALCARBON, "run", "--period", "2019"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _nothing_started(ws) -> None:
    assert (ws.inbox / "energy_consumption_2019.csv").exists()
    assert not ws.warehouse.exists()
    assert not [e for e in audit.read(ws.home) if e["action"] == "run"]


def test_a_run_blocked_by_a_live_run_gives_up_in_time_and_says_for_whom(held_workspace):
    ws, holder = held_workspace
    started = time.monotonic()
    run = _run(ws.home, wait_seconds="2", lang="en")
    out, err = run.communicate(timeout=120)
    assert run.returncode == 75, out + err
    assert "holder-run" in err and f"process {holder.pid}" in err and "li" in err
    assert "Waiting for run holder-run" in err and "did not start" in err
    assert time.monotonic() - started < 60  # the CLI's own start-up, and 2 s of waiting
    _nothing_started(ws)
    assert json.loads((ws.state / LOCK_FILE).read_text())["run_id"] == "holder-run"


def test_sigterm_stops_a_waiting_run_promptly(held_workspace):
    ws, _holder = held_workspace
    run = _run(ws.home, wait_seconds="600")
    first = run.stderr.readline()
    while "正在等待" not in first:  # past the CLI's warnings, to the notice
        assert first, "the run ended without saying what it waits for"
        first = run.stderr.readline()
    assert "holder-run" in first
    sent = time.monotonic()
    run.send_signal(signal.SIGTERM)
    said = run.stderr.readline()
    said_after = time.monotonic() - sent
    rest = said + run.stderr.read()
    assert run.wait(timeout=30) == 130
    # It stops at once (the poll is half a second); the interpreter's exit on a loaded
    # machine takes the rest.
    assert said_after < 3, said_after
    assert time.monotonic() - sent < 20
    assert "SIGTERM" in rest and "未开始" in rest
    _nothing_started(ws)


def test_process_start_sees_a_zombie_as_gone():
    child = subprocess.Popen(["true"])
    deadline = time.monotonic() + 5
    while process_start(child.pid) is not None and time.monotonic() < deadline:
        time.sleep(0.05)  # exited but not waited for: a zombie
    assert process_start(child.pid) is None
    child.wait()
