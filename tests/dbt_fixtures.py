"""dbt run by the tests that call it outside the pipeline, as a subprocess with the command
line and environment the project's other dbt callers use (orchestration/dbt_run.py)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from dualcarbon.paths import DBT_PROJECT_DIR
from orchestration.dbt_run import dbt_command, dbt_environment


def run_dbt(
    *args: str, home: Path, target: Path, logs: Path, project: Path = DBT_PROJECT_DIR, **settings
) -> subprocess.CompletedProcess:
    """``dbt ARGS`` on the workspace ``home`` (``settings``: e.g. ``run_settings(...)``); its
    output is captured, and a failure is for the test to assert on."""
    return subprocess.run(
        dbt_command(*args, target=target, project=project),
        env=dbt_environment(home, logs, **settings),
        capture_output=True,
        text=True,
        check=False,
    )
