"""A load killed part-way (SIGKILL, in a separate process) leaves nothing partial behind,
and a rerun completes the job."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from conftest import sample_files

from dualcarbon.intake import process_inbox
from dualcarbon.warehouse import connect

INTAKE = (
    "from dualcarbon.intake import process_inbox; from dualcarbon.paths import Workspace; "
    "process_inbox(Workspace.from_env())"
)


def _wait_for(path, process, seconds=60.0):
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert process.poll() is None, "the intake process ended before reaching the failpoint"
        assert time.monotonic() < deadline, "the failpoint was never reached"
        time.sleep(0.05)


def test_load_killed_before_commit_leaves_nothing_and_rerun_completes(workspace):
    big = next(p for p in sample_files("2019") if p.name.startswith("energy_consumption"))
    (workspace.inbox / big.name).write_bytes(big.read_bytes())
    env = {
        **os.environ,
        "DUALCARBON_HOME": str(workspace.home),
        "DUALCARBON_FAILPOINT": "intake.before_commit",
    }
    process = subprocess.Popen([sys.executable, "-c", INTAKE], env=env)
    try:
        # The process has inserted every row of the file and is about to commit.
        _wait_for(workspace.state / "failpoint-intake.before_commit", process)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == -signal.SIGKILL

    with connect(workspace.warehouse) as con:  # recovery replays the WAL: the txn never committed
        assert con.execute("select count(*) from raw.submissions").fetchone() == (0,)
        assert con.execute("select count(*) from raw.energy_consumption").fetchone() == (0,)
    assert (workspace.inbox / big.name).exists(), "the file stays in the inbox until committed"

    [result] = process_inbox(workspace)
    assert result.status == "accepted" and result.version == 1
    with connect(workspace.warehouse) as con:
        assert con.execute("select count(*) from raw.submissions").fetchone() == (1,)
        rows = con.execute("select count(*) from raw.energy_consumption").fetchone()[0]
    assert rows == result.row_count > 1000
    # The original was archived once, unchanged, by the killed run or the rerun.
    archived = list(workspace.archive.rglob(big.name))
    assert len(archived) == 1 and archived[0].read_bytes() == big.read_bytes()
    assert not list(workspace.archive.rglob("*.part"))
