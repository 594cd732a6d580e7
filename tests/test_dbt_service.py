"""The warm dbt service (dualcarbon/dbt_service): the same results as dbt, without its start-up.

Each test drives the real `dualcarbon-dbt` command against a small real dbt project on a
real DuckDB file, with a service of its own (its own socket folder), and compares with the
plain `dbt` where the two must agree.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import pytest

from dualcarbon.dbt_service import address

BIN = Path(sys.executable).parent
WARM_DBT = str(BIN / "dualcarbon-dbt")
PLAIN_DBT = str(BIN / "dbt")

PROJECT = """\
name: tiny
version: "1.0"
profile: tiny
model-paths: ["models"]
"""
PROFILES = """\
tiny:
  target: dev
  outputs:
    dev:
      type: duckdb
      path: "{{ env_var('TINY_HOME') }}/warehouse.duckdb"
      threads: 1
"""
SCHEMA = """\
version: 2
models:
- name: answer
  columns:
  - name: x
    data_tests:
    - accepted_values:
        arguments:
          values: [1, 2]
"""


@pytest.fixture(scope="module")
def service_dir() -> Path:
    """One service for this module's tests (each test has its own project); stopped after.
    A socket path must be short (108 bytes): not under pytest's long temp folders."""
    folder = Path(tempfile.mkdtemp(prefix="dc-"))
    yield folder
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(address.DIR_VARIABLE, str(folder))
        status = address.ask("stop") or {"running": []}
    for command in status["running"]:  # a command a failed test left behind
        os.kill(command["pid"], signal.SIGKILL)
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def tiny(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, service_dir: Path) -> Path:
    """A dbt project of its own with one model and one test."""
    project = tmp_path / "tiny"
    (project / "models").mkdir(parents=True)
    (project / "dbt_project.yml").write_text(PROJECT)
    (project / "profiles.yml").write_text(PROFILES)
    (project / "models" / "answer.sql").write_text("select 1 as x\n")
    (project / "models" / "schema.yml").write_text(SCHEMA)
    (tmp_path / "home").mkdir()
    monkeypatch.setenv(address.DIR_VARIABLE, str(service_dir))
    monkeypatch.setenv("TINY_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    monkeypatch.setenv("DBT_LOG_PATH", str(tmp_path / "logs"))
    monkeypatch.delenv(address.SWITCH, raising=False)
    return project


def service_status(patience: float = 60) -> dict:
    """The status of this module's service. A loaded machine can be slow to answer, so ask
    again for up to ``patience`` seconds; then fail with what the service folder and its log
    say (the folder is removed after the module)."""
    deadline = time.monotonic() + patience
    while (status := address.ask("status")) is None:
        if time.monotonic() > deadline:
            pytest.fail(f"the dbt service did not answer for {patience:.0f} s\n{diagnosis()}")
        time.sleep(0.2)
    return status


def diagnosis() -> str:
    folder = address.service_dir()
    lines = [f"expected socket: {address.socket_path()}", f"in {folder}:"]
    lines += [f"  {p.name} {p.stat().st_size} B" for p in sorted(folder.iterdir())]
    processes = subprocess.run(["ps", "-eo", "pid,ppid,stat,etime,args"], capture_output=True)
    lines += [line for line in processes.stdout.decode().splitlines() if "dbt_service" in line]
    for log in sorted(folder.glob("*.log")):
        lines += [f"--- {log.name} (last 60 lines)", *log.read_text().splitlines()[-60:]]
    return "\n".join(lines)


def commands_run() -> int:
    """Commands the service has run (0 before the module's first command started it)."""
    return service_status()["commands"] if address.socket_path().exists() else 0


def dbt(executable: str, project: Path, *args: str, env: dict | None = None):
    return subprocess.run(
        [executable, *args, "--project-dir", str(project), "--profiles-dir", str(project)],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        cwd=project,
        timeout=300,
    )


def answer(home: Path, table: str = "answer") -> int:
    with duckdb.connect(str(home / "warehouse.duckdb"), read_only=True) as con:
        return con.execute(f"select x from main.{table}").fetchone()[0]


def test_same_output_exit_codes_and_artifacts_as_dbt(tiny: Path, tmp_path: Path) -> None:
    target = tmp_path / "run-target"
    env = {"DBT_LOG_FORMAT": "json"}
    before = commands_run()
    warm = dbt(WARM_DBT, tiny, "build", "--target-path", str(target), env=env)
    assert warm.returncode == 0, warm.stdout + warm.stderr
    assert answer(tmp_path / "home") == 1
    # dbt's structured log lines, streamed to the caller's stdout, as dagster-dbt reads them.
    events = [json.loads(line) for line in warm.stdout.splitlines() if line.startswith("{")]
    results = {
        e["info"]["name"]: e["data"]["node_info"]["unique_id"]
        for e in events
        if "Result" in e["info"]["name"] and e["data"].get("node_info")
    }
    assert results["LogModelResult"] == "model.tiny.answer"
    assert results["LogTestResult"].startswith("test.tiny.accepted_values_answer_x")
    # The run's own artifacts in its target folder, manifest included (it traces the run).
    run_results = json.loads((target / "run_results.json").read_text())
    assert [r["status"] for r in run_results["results"]] == ["success", "pass"]
    assert "model.tiny.answer" in json.loads((target / "manifest.json").read_text())["nodes"]
    assert commands_run() == before + 1  # it ran in the service, not in a fresh dbt

    # A failing data test: exit 1 from both.
    (tiny / "models" / "answer.sql").write_text("select 3 as x\n")
    assert dbt(WARM_DBT, tiny, "build").returncode == 1
    assert dbt(PLAIN_DBT, tiny, "build").returncode == 1
    # A usage error: exit 2 from both.
    assert dbt(WARM_DBT, tiny, "build", "--no-such-option").returncode == 2
    assert dbt(PLAIN_DBT, tiny, "build", "--no-such-option").returncode == 2
    # Commands that need no parsed project go to dbt itself.
    assert dbt(WARM_DBT, tiny, "parse").returncode == 0
    version = subprocess.run([WARM_DBT, "--version"], capture_output=True, text=True, check=True)
    assert "installed: 1.11" in version.stdout


def test_parses_once_and_again_only_when_the_project_changes(tiny: Path, tmp_path: Path) -> None:
    assert dbt(WARM_DBT, tiny, "build").returncode == 0
    first = service_status()
    assert dbt(WARM_DBT, tiny, "build").returncode == 0
    second = service_status()
    assert second["pid"] == first["pid"]
    assert second["commands"] == first["commands"] + 1
    assert second["parses"] == first["parses"]  # nothing changed: not parsed again

    time.sleep(0.01)  # a new modification time even on coarse clocks
    (tiny / "models" / "answer.sql").write_text("select 2 as x\n")
    assert dbt(WARM_DBT, tiny, "build").returncode == 0
    assert answer(tmp_path / "home") == 2  # the changed model ran, not the parsed one
    assert service_status()["parses"] == second["parses"] + 1


def test_an_environment_variable_read_while_parsing_is_watched(tiny: Path, tmp_path: Path) -> None:
    (tiny / "models" / "answer.sql").write_text(
        "{{ config(alias=env_var('TINY_ALIAS', 'answer')) }}\nselect 1 as x\n"
    )
    assert dbt(WARM_DBT, tiny, "run", env={"TINY_ALIAS": "first"}).returncode == 0
    assert dbt(WARM_DBT, tiny, "run", env={"TINY_ALIAS": "second"}).returncode == 0
    assert answer(tmp_path / "home", "first") == 1
    assert answer(tmp_path / "home", "second") == 1  # parsed again with the new value
    (ours,) = [p for p in service_status()["projects"] if p["project_dir"] == str(tiny)]
    assert ours["env_read"] == ["TINY_ALIAS"]


def test_two_workspaces_build_side_by_side(tiny: Path, tmp_path: Path) -> None:
    homes = [tmp_path / "a", tmp_path / "b"]
    for home in homes:
        home.mkdir()
    assert dbt(WARM_DBT, tiny, "parse").returncode == 0  # nothing to race for but the builds
    before = commands_run()
    runs = [
        subprocess.Popen(
            [WARM_DBT, "build", "--project-dir", str(tiny), "--profiles-dir", str(tiny)],
            env={**os.environ, "TINY_HOME": str(home)},
            cwd=tiny,
            stdout=subprocess.DEVNULL,
        )
        for home in homes
    ]
    assert [run.wait(timeout=300) for run in runs] == [0, 0]
    assert [answer(home) for home in homes] == [1, 1]
    assert commands_run() == before + 2


def _start_long_command(tiny: Path) -> subprocess.Popen:
    """A model that would run for minutes, started through the client; returns once it runs."""
    (tiny / "models" / "answer.sql").write_text(
        "{{ config(materialized='table') }}\nselect count(*) as x from range(1000000000000) a\n"
    )
    run = subprocess.Popen(
        [WARM_DBT, "run", "--project-dir", str(tiny), "--profiles-dir", str(tiny)],
        cwd=tiny,
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while not service_status()["running"]:
        assert time.monotonic() < deadline, "the command never started"
        time.sleep(0.2)
    time.sleep(2)
    return run


def _last_ended_command() -> dict:
    deadline = time.monotonic() + 60
    while True:
        status = service_status()
        if not status["running"] and status["finished"]:
            return status["finished"][-1]
        assert time.monotonic() < deadline, f"{status}\n{diagnosis()}"
        time.sleep(0.2)


def test_an_interrupt_or_a_lost_caller_stops_the_command_not_the_service(tiny: Path) -> None:
    run = _start_long_command(tiny)
    run.send_signal(signal.SIGINT)
    assert run.wait(timeout=60) == 2  # as dbt ends on Ctrl-C
    assert _last_ended_command()["exit"] == 2
    # A caller killed outright (a cancelled run): its command is interrupted too, rather than
    # left to finish unseen while a rerun waits for the warehouse.
    run = _start_long_command(tiny)
    run.kill()
    assert _last_ended_command()["exit"] == 2
    (tiny / "models" / "answer.sql").write_text("select 1 as x\n")
    assert dbt(WARM_DBT, tiny, "run").returncode == 0


def test_switched_off_or_unreachable_it_runs_dbt_itself(tiny: Path, tmp_path: Path) -> None:
    before = commands_run()
    off = dbt(WARM_DBT, tiny, "build", env={address.SWITCH: "off"})
    assert off.returncode == 0
    assert answer(tmp_path / "home") == 1
    assert commands_run() == before  # not through the service
    # A socket folder others could enter is refused; the command still runs, with dbt itself.
    loose = tmp_path / "loose"
    loose.mkdir()
    (loose / f"dualcarbon-dbt-{os.getuid()}").mkdir(mode=0o777)
    os.chmod(loose / f"dualcarbon-dbt-{os.getuid()}", 0o777)
    refused = dbt(WARM_DBT, tiny, "build", env={address.DIR_VARIABLE: str(loose)})
    assert refused.returncode == 0
    assert "running dbt directly" in refused.stderr


def test_the_address_moves_with_an_install_not_with_bytecode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site-packages"
    (site / "dbt_core-1.11.0.dist-info").mkdir(parents=True)
    monkeypatch.setattr(address.sysconfig, "get_paths", lambda: {"purelib": str(site)})
    key = address.installation_key()
    # Python writes the bytecode of a top-level module on its first import: the same install.
    (site / "__pycache__").mkdir()
    (site / "__pycache__" / "six.cpython-311.pyc").write_bytes(b"")
    assert address.installation_key() == key
    # Another package installed, or one upgraded: another installation, another service.
    (site / "polars-1.0.0.dist-info").mkdir()
    added = address.installation_key()
    assert added != key
    (site / "dbt_core-1.11.0.dist-info").rename(site / "dbt_core-1.11.1.dist-info")
    assert address.installation_key() not in (key, added)
