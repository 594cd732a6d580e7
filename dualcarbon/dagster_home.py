"""The Dagster instance lives inside the workspace, so nothing is written elsewhere at run time."""

from __future__ import annotations

import os
from pathlib import Path

from dualcarbon.paths import Workspace

# One writer on the warehouse at a time: runs tagged as warehouse writers are queued one by
# one, and the intake and dbt steps share the "warehouse" pool with a limit of one.
DAGSTER_YAML = """\
concurrency:
  runs:
    max_concurrent_runs: 4
    tag_concurrency_limits:
      - key: dualcarbon/warehouse
        value: writer
        limit: 1
  pools:
    default_limit: 1
telemetry:
  enabled: false
"""


def prepare_environment(workspace: Workspace | None = None) -> Workspace:
    """Point Dagster and dbt at folders inside the workspace; call before importing Definitions."""
    workspace = (workspace or Workspace.from_env()).ensure()
    dagster_home = workspace.state / "dagster"
    dagster_home.mkdir(parents=True, exist_ok=True)
    config = dagster_home / "dagster.yaml"
    if not config.exists() or config.read_text() != DAGSTER_YAML:
        config.write_text(DAGSTER_YAML)
    os.environ["DUALCARBON_HOME"] = str(workspace.home)
    os.environ["DAGSTER_HOME"] = str(dagster_home)
    os.environ["DBT_LOG_PATH"] = str(workspace.state / "dbt" / "logs")
    os.environ["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "false"
    return workspace


def dagster_home() -> Path:
    return Path(os.environ["DAGSTER_HOME"])
