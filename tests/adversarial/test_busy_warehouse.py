"""A busy warehouse gives a short bounded wait and a clear message, not a hang or a traceback
(issue 15, item 1: the dashboards' short read-only connections)."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

import duckdb
import pytest

from dualcarbon.warehouse import WAIT_VARIABLE, WarehouseBusy, connect

# Holds the write lock until told (a line on stdin), then closes and says so.
HOLDER = (
    "import sys, duckdb; con = duckdb.connect(sys.argv[1]); print('locked', flush=True); "
    "sys.stdin.readline(); con.close(); print('released', flush=True); sys.stdin.read()"
)


@pytest.fixture
def writer(workspace):
    duckdb.connect(str(workspace.warehouse)).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(workspace.warehouse)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "locked"
    yield workspace, holder
    holder.kill()
    holder.wait()


def test_a_reader_gives_up_after_the_wait_and_names_the_writer(writer, monkeypatch):
    workspace, holder = writer
    monkeypatch.setenv(WAIT_VARIABLE, "1")
    started = time.monotonic()
    with pytest.raises(WarehouseBusy) as caught, connect(workspace.warehouse, read_only=True):
        pass
    waited = time.monotonic() - started
    assert 1 <= waited < 5
    assert f"PID {holder.pid}" in caught.value.message("zh")
    assert "数据仓库正被另一进程写入" in caught.value.message("zh")
    assert "try again once it ends" in caught.value.message("en")
    assert isinstance(caught.value, duckdb.IOException)  # what existing callers catch


def test_a_reader_gets_in_once_the_writer_lets_go_within_the_wait(writer, monkeypatch):
    workspace, holder = writer
    monkeypatch.setenv(WAIT_VARIABLE, "30")

    def let_go() -> None:
        holder.stdin.write("go\n")
        holder.stdin.flush()

    timer = threading.Timer(1.0, let_go)  # after the reader has found the lock taken
    started = time.monotonic()
    timer.start()
    with connect(workspace.warehouse, read_only=True) as con:
        assert con.execute("select 42").fetchone() == (42,)
    assert time.monotonic() - started >= 1.0
    assert holder.stdout.readline().strip() == "released"
