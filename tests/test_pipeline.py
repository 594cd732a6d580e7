"""The real pipeline, end to end: Dagster runs intake and `dbt build` on a real DuckDB file."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest
from conftest import sample_files

from dualcarbon.contracts import all_contracts
from dualcarbon.paths import REPO_ROOT
from orchestration.runner import run_pipeline

IGNORED = {".venv", ".git", "__pycache__", ".pytest_cache", ".ruff_cache", "tests"}


def _repo_snapshot() -> dict[str, float]:
    """Every file of the repository outside the workspace, with its modification time."""
    snapshot = {}
    for root, dirs, files in os.walk(REPO_ROOT):
        dirs[:] = [d for d in dirs if d not in IGNORED]
        for name in files:
            path = Path(root, name)
            snapshot[str(path.relative_to(REPO_ROOT))] = path.stat().st_mtime
    return snapshot


def _query(workspace, sql: str):
    with duckdb.connect(str(workspace.warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


@pytest.fixture
def home_outside_repo(workspace):
    assert not str(workspace.home).startswith(str(REPO_ROOT))
    return workspace


def test_pipeline_loads_a_period_versions_resubmissions_and_never_duplicates(home_outside_repo):
    workspace = home_outside_repo
    before = _repo_snapshot()
    files = sample_files("2019")
    for path in files:
        (workspace.inbox / path.name).write_bytes(path.read_bytes())

    first = run_pipeline("2019")
    assert first.success
    assert not list(workspace.inbox.iterdir())
    accepted = _query(workspace, "select count(*) from raw.submissions where status = 'accepted'")
    # One file per dataset due in 2019 (its contract).
    assert (
        accepted
        == [(len(files),)]
        == [(sum(c.expected_in(2019) for c in all_contracts().values()),)]
    )
    staged = _query(
        workspace,
        "select count(*), min(submission_version) "
        "from staging.stg_stats__energy_consumption where period = '2019'",
    )
    raw_rows = _query(workspace, "select count(*) from raw.energy_consumption")
    assert staged == [(raw_rows[0][0], 1)]
    seeds = _query(workspace, "select count(*) from reference.ref_sectors")
    assert seeds == [(47,)]
    # dbt recorded what the run was for (environment variables, orchestration/dbt_run.py).
    recorded = _query(workspace, "select period_from, period_to, dagster_run_id from meta.dbt_runs")
    assert recorded == [("2019", "2019", first.run_id)]

    # A corrected resubmission of one dataset becomes version 2, and staging switches to it.
    energy = next(p for p in sample_files("2019") if p.name.startswith("energy_consumption"))
    lines = energy.read_text(encoding="utf-8").splitlines()
    lines = [lines[0], *lines[1:-1]]  # the corrected file drops its last row
    (workspace.inbox / energy.name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    second = run_pipeline("2019")
    assert second.success
    versions = _query(
        workspace, "select distinct submission_version from staging.stg_stats__energy_consumption"
    )
    assert versions == [(2,)]
    staged_v2 = _query(workspace, "select count(*) from staging.stg_stats__energy_consumption")
    assert staged_v2 == [(len(lines) - 1,)]
    kept = _query(
        workspace, "select count(*) from raw.submissions where dataset = 'energy_consumption'"
    )
    assert kept == [(2,)]

    # The same files delivered again change nothing.
    for path in sample_files("2019"):
        (workspace.inbox / path.name).write_bytes(path.read_bytes())
    totals = _query(workspace, "select count(*) from raw.submissions")
    third = run_pipeline("2019")
    assert third.success
    assert _query(workspace, "select count(*) from raw.submissions") == totals
    assert _query(
        workspace, "select distinct submission_version from staging.stg_stats__energy_consumption"
    ) == [(2,)]

    # Everything the runs wrote is inside the workspace.
    after = _repo_snapshot()
    changed = sorted(k for k in after.keys() | before.keys() if after.get(k) != before.get(k))
    assert changed == []
    # The instance's settings are orchestration/dagster.yaml, copied into the workspace.
    instance_yaml = (workspace.state / "dagster" / "dagster.yaml").read_text(encoding="utf-8")
    assert instance_yaml == (REPO_ROOT / "orchestration" / "dagster.yaml").read_text("utf-8")
    # dbt parsed the project in the first run only; the later runs reused that parse
    # (orchestration/dbt_run.py). Each dbt invocation logs into its own target folder, in
    # files that dbt rotates (dbt.log.1, dbt.log).
    targets = workspace.state / "dbt" / "target"
    logs = [
        "".join(p.read_text("utf-8") for p in sorted((targets / run.run_id).glob("dbt.log*")))
        for run in (first, second, third)
    ]
    assert "Unable to do partial parsing" in logs[0]
    assert ["Unable to do partial parsing" in log for log in logs[1:]] == [False, False]
    assert (targets / "partial_parse.msgpack").is_file()
