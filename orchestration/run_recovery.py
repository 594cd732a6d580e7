"""A `dualcarbon run` that died must not block the runs after it.

A run killed with SIGKILL (or by a power cut) runs no clean-up: Dagster's run storage keeps it
STARTED, its step keeps its slot in the ``warehouse`` pool, and its dbt child, whose caller is
gone, keeps running and holding DuckDB's write lock. Dagster's own answer, the run monitoring
daemon, watches runs it launched; a run executed in process by the CLI has no daemon.

So each run records who runs it, and the next run cleans up after a dead one:

- the runner's pid, the start time of that process (a reused pid has another) and the host,
  as run tags (``runner_tags``);
- the run id in the environment (``RUN_MARKER``), which every child inherits: dagster-dbt's
  dbt process and anything dbt starts. A child reparented to init after its caller died is
  still found by it (``leftover_processes``), where a process group would not do: a run
  started from a script or a test shares its caller's group.

``recover_dead_runs`` ends the leftover processes, marks the run failed in the run storage
(``DagsterInstance.report_run_failed``), frees its pool slots
(``free_concurrency_slots_for_run``, the call Dagster's UI and its run monitoring make) and
writes an audit entry. Runs without these tags (launched from the Dagster UI) are Dagster's
run monitoring's to judge, never this module's.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg

from dualcarbon import audit
from dualcarbon.i18n import Message
from dualcarbon.release.candidate import ACTOR_TAG, SYSTEM_ACTOR

RUNNER_PID_TAG = "dualcarbon/runner_pid"
RUNNER_START_TAG = "dualcarbon/runner_started"  # the process's start, in clock ticks since boot
RUNNER_HOST_TAG = "dualcarbon/runner_host"
RUN_MARKER = "DUALCARBON_PIPELINE_RUN_ID"
POOL = "warehouse"
ACTIVE_STATUSES = [
    dg.DagsterRunStatus.NOT_STARTED,
    dg.DagsterRunStatus.STARTING,
    dg.DagsterRunStatus.STARTED,
    dg.DagsterRunStatus.CANCELING,
]
TERMINATE_GRACE_SECONDS = 5.0
PROC = Path("/proc")


def process_start(pid: int) -> str | None:
    """When process ``pid`` started (clock ticks since boot, field 22 of /proc/PID/stat), or
    None if there is no such process or it has ended (a zombie waiting for its parent)."""
    try:
        stat = (PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    # The command name (field 2) may hold spaces and parentheses: count from its last ")".
    fields = stat.rsplit(")", 1)[1].split()
    return None if fields[0] in {"Z", "X"} else fields[19]


def runner_tags() -> dict[str, str]:
    """Who runs the run: this process, told apart from a later one that reuses its pid."""
    pid = os.getpid()
    return {
        RUNNER_PID_TAG: str(pid),
        RUNNER_START_TAG: process_start(pid) or "",
        RUNNER_HOST_TAG: socket.gethostname(),
    }


def runner_alive(run: dg.DagsterRun) -> bool | None:
    """Is the process that runs ``run`` still there? None when the run does not say (it was
    not started by `dualcarbon run`); True when it ran on another host, which cannot be seen."""
    tags = run.tags
    if RUNNER_PID_TAG not in tags:
        return None
    if tags.get(RUNNER_HOST_TAG) != socket.gethostname():
        return True
    started = process_start(int(tags[RUNNER_PID_TAG]))
    return started is not None and started == tags.get(RUNNER_START_TAG)


def leftover_processes(run_id: str) -> list[int]:
    """This user's processes that carry ``run_id`` in their environment, except this one."""
    marker = f"{RUN_MARKER}={run_id}".encode()
    found = []
    for entry in PROC.glob("[0-9]*"):
        try:
            environ = (entry / "environ").read_bytes()
        except OSError:  # gone meanwhile, or another user's
            continue
        if marker in environ.split(b"\0") and int(entry.name) != os.getpid():
            found.append(int(entry.name))
    return sorted(found)


def end_processes(pids: list[int], grace: float = TERMINATE_GRACE_SECONDS) -> list[int]:
    """SIGTERM, then SIGKILL for any still there after ``grace`` seconds; the pids ended."""
    ended = []
    for pid in pids:
        try:
            os.kill(pid, signal.SIGTERM)
            ended.append(pid)
        except ProcessLookupError:
            continue
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and any(process_start(p) for p in ended):
        time.sleep(0.1)
    for pid in ended:
        if process_start(pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
    return ended


@dataclass(frozen=True)
class Recovery:
    """What was cleaned up after one dead run."""

    run_id: str
    runner_pid: int
    actor: str
    started_at: str
    ended_pids: tuple[int, ...]

    @property
    def said(self) -> Message:
        return Message(
            "orchestration.run_recovery.recovered",
            {
                "run_id": self.run_id,
                "actor": self.actor,
                "started_at": self.started_at,
                "pid": self.runner_pid,
                "ended": list(self.ended_pids),
            },
        )

    def message(self, lang: str) -> str:
        return self.said.render(lang)


def _started_at(record: dg.RunRecord) -> str:
    stamp = record.start_time or record.create_timestamp.timestamp()
    return datetime.fromtimestamp(stamp, UTC).isoformat(timespec="seconds")


def recover(instance: dg.DagsterInstance, record: dg.RunRecord, home: Path) -> Recovery:
    """Clean up after the dead run of ``record``: processes, run status, pool slots, audit."""
    run = record.dagster_run
    ended = end_processes(leftover_processes(run.run_id))
    instance.report_run_failed(
        run,
        message=(
            f"The process that ran this run (pid {run.tags[RUNNER_PID_TAG]}) is gone; "
            "marked failed by the next `dualcarbon run`."
        ),
    )
    instance.event_log_storage.free_concurrency_slots_for_run(run.run_id)
    recovery = Recovery(
        run.run_id,
        int(run.tags[RUNNER_PID_TAG]),
        run.tags.get(ACTOR_TAG, SYSTEM_ACTOR),
        _started_at(record),
        tuple(ended),
    )
    audit.append(
        home,
        SYSTEM_ACTOR,
        SYSTEM_ACTOR,
        "run_recovered",
        run.run_id,
        {
            "runner_pid": recovery.runner_pid,
            "run_actor": recovery.actor,
            "started_at": recovery.started_at,
            "ended_pids": list(ended),
            "status_before": run.status.value,
        },
    )
    return recovery


def active_runs(instance: dg.DagsterInstance, exclude: str | None = None) -> list[dg.RunRecord]:
    """Runs the run storage holds as not finished, oldest first."""
    records = instance.get_run_records(dg.RunsFilter(statuses=ACTIVE_STATUSES), ascending=True)
    return [r for r in records if r.dagster_run.run_id != exclude]


def recover_dead_runs(instance: dg.DagsterInstance, home: Path) -> list[Recovery]:
    """Clean up after every unfinished run whose runner process is gone."""
    return [
        recover(instance, record, home)
        for record in active_runs(instance)
        if runner_alive(record.dagster_run) is False
    ]


def finish_own_run(instance: dg.DagsterInstance, run_id: str) -> None:
    """After this process's run, however it ended (an exception out of Dagster, Ctrl+C at an
    odd moment): end any child it left, and fail the run and free its slots if still open."""
    end_processes(leftover_processes(run_id))
    record = next(iter(instance.get_run_records(dg.RunsFilter(run_ids=[run_id]))), None)
    if record is not None and record.dagster_run.status in ACTIVE_STATUSES:
        instance.report_run_failed(record.dagster_run, message="The run's process left it open.")
        instance.event_log_storage.free_concurrency_slots_for_run(run_id)
