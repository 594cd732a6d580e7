"""The way into a pipeline run: one `dualcarbon run` at a time on a workspace, a bounded wait
for the run before it, and a clean stop on Ctrl+C or SIGTERM while waiting.

Why the wait happens here and not in Dagster: a step that waits for a slot in the
``warehouse`` pool inside ``execute_in_process`` polls until the slot frees, with no time limit,
and Dagster holds Ctrl+C and SIGTERM back until the next step starts, which never comes. So a
run enters Dagster only when no other writing run is left:

1. it takes the workspace's run lock (``flock``: the kernel releases it when its holder dies,
   even by SIGKILL), waiting for a live `dualcarbon run` that holds it;
2. it cleans up after every dead run (orchestration/run_recovery.py);
3. it waits for any other unfinished warehouse-writing run in the run storage (one launched
   from the Dagster UI), which only Dagster can judge.

Every wait says what it waits for and gives up after ``$DUALCARBON_RUN_WAIT_SECONDS``.
"""

from __future__ import annotations

import fcntl
import json
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg

from dualcarbon.errors import BilingualError
from dualcarbon.i18n import Message
from orchestration.jobs import WAREHOUSE_WRITER_TAGS
from orchestration.run_recovery import active_runs, recover_dead_runs, runner_alive

WAIT_VARIABLE = "DUALCARBON_RUN_WAIT_SECONDS"
DEFAULT_WAIT_SECONDS = 300.0
POLL_SECONDS = 0.5
REPEAT_NOTICE_SECONDS = 30.0
LOCK_FILE = "pipeline-run.lock"

Notify = Callable[[Message], None]  # hears a notice, to say in its own language


class RunBlocked(BilingualError):
    """Another run still holds the warehouse after the bounded wait."""


class RunStopped(BilingualError):
    """Ctrl+C or SIGTERM while waiting: nothing was started."""


def wait_seconds() -> float:
    raw = os.environ.get(WAIT_VARIABLE, "")
    try:
        value = float(raw) if raw else DEFAULT_WAIT_SECONDS
    except ValueError:
        value = -1.0
    if value < 0:
        raise BilingualError(
            "orchestration.run_gate.wait_seconds.not_valid_give_number",
            wait_variable=WAIT_VARIABLE,
            raw=raw,
        )
    return value


@contextmanager
def stoppable() -> Iterator[None]:
    """SIGTERM, SIGHUP and Ctrl+C stop the wait with RunStopped; the old handlers come back."""

    def stop(signum: int, _frame: object) -> None:
        raise RunStopped(
            "orchestration.run_gate.stop.received_stopped_waiting_this",
            name=signal.Signals(signum).name,
        )

    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers; a caller's thread keeps its own
        return
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)}
    for sig in saved:
        signal.signal(sig, stop)
    try:
        yield
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)


def _holder_text(lock_path: Path) -> Message:
    """Who holds the run lock, as its holder wrote it (it may be mid-write: then unnamed)."""
    try:
        owner = json.loads(lock_path.read_text(encoding="utf-8"))
        values = {k: owner[k] for k in ("run_id", "actor", "started_at", "pid")}
    except (OSError, ValueError, KeyError):
        return Message("orchestration.run_gate.holder_unnamed")
    return Message("orchestration.run_gate.holder", values)


def _wait(
    ready: Callable[[], Message | None], deadline: float, notify: Notify, since: float
) -> None:
    """Poll ``ready`` (None: go on; else what is waited for) until ``deadline``; say so."""
    told = None
    while (waiting_for := ready()) is not None:
        now = time.monotonic()
        if now >= deadline:
            waited = int(now - since)
            raise RunBlocked(
                "orchestration.run_gate.wait.after_waiting_still_holds",
                waited=waited,
                holder=waiting_for,
                wait_variable=WAIT_VARIABLE,
            )
        if told is None or now - told >= REPEAT_NOTICE_SECONDS:
            left = int(deadline - now)
            notify(
                Message(
                    "orchestration.run_gate.waiting", {"waiting_for": waiting_for, "left": left}
                )
            )
            told = now
        time.sleep(POLL_SECONDS)


def _other_writer(instance: dg.DagsterInstance) -> Message | None:
    """An unfinished warehouse-writing run not started by `dualcarbon run` (or on another
    host), which Dagster, not this process, can judge."""
    for record in active_runs(instance):
        run = record.dagster_run
        writer = all(run.tags.get(k) == v for k, v in WAREHOUSE_WRITER_TAGS.items())
        if (
            writer
            and run.status != dg.DagsterRunStatus.NOT_STARTED
            and runner_alive(run) is not False
        ):
            since = datetime.fromtimestamp(record.start_time or 0, UTC).isoformat(
                timespec="seconds"
            )
            return Message(
                "orchestration.run_gate.other_writer",
                {"run_id": run.run_id, "status": run.status.value, "since": since},
            )
    return None


@contextmanager
def run_slot(
    home: Path,
    state: Path,
    instance: dg.DagsterInstance,
    owner: dict[str, str],
    notify: Notify,
) -> Iterator[None]:
    """Hold the workspace's run lock for the duration of a run, after a bounded wait for the
    runs before it and the clean-up of any that died. ``owner`` (run_id, actor) is shown to
    the runs that wait for this one."""
    timeout = wait_seconds()
    since = time.monotonic()
    deadline = since + timeout
    lock_path = state / LOCK_FILE
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    # Opened without truncating: the holder's own description stays readable meanwhile.
    handle = open(lock_path, "a+", encoding="utf-8")  # noqa: SIM115 (held across the yield)
    try:
        with stoppable():

            def lock_taken() -> Message | None:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    return _holder_text(lock_path)
                return None

            _wait(lock_taken, deadline, notify, since)
            handle.seek(0)
            handle.truncate()
            started = datetime.now(UTC).isoformat(timespec="seconds")
            json.dump({**owner, "pid": os.getpid(), "started_at": started}, handle)
            handle.flush()
            for recovery in recover_dead_runs(instance, home):
                notify(recovery.said)
            _wait(lambda: _other_writer(instance), deadline, notify, since)
        yield
    finally:
        handle.close()  # releases the lock
