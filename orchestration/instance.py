"""The Dagster instance lives inside the workspace, so nothing is written elsewhere at run time.

Its settings are the file `orchestration/dagster.yaml`, copied to ``$DAGSTER_HOME`` (the
workspace's ``.state/dagster``), where Dagster reads an instance's ``dagster.yaml``.
"""

from __future__ import annotations

import os
from pathlib import Path

from dualcarbon.paths import Workspace

DAGSTER_YAML = Path(__file__).with_name("dagster.yaml")


def prepare_environment(workspace: Workspace | None = None) -> Workspace:
    """Point Dagster and dbt at folders inside the workspace; call before importing Definitions."""
    workspace = (workspace or Workspace.from_env()).ensure()
    dagster_home = workspace.state / "dagster"
    dagster_home.mkdir(parents=True, exist_ok=True)
    settings = DAGSTER_YAML.read_text(encoding="utf-8")
    config = dagster_home / "dagster.yaml"
    if not config.exists() or config.read_text(encoding="utf-8") != settings:
        config.write_text(settings, encoding="utf-8")
    os.environ["DUALCARBON_HOME"] = str(workspace.home)
    os.environ["DAGSTER_HOME"] = str(dagster_home)
    os.environ["DBT_LOG_PATH"] = str(workspace.state / "dbt" / "logs")
    # dbt's target folder: dagster-dbt makes one per invocation below it and copies dbt's
    # partial parse from it (orchestration/dbt_run.py).
    targets = workspace.state / "dbt" / "target"
    targets.mkdir(parents=True, exist_ok=True)
    os.environ["DBT_TARGET_PATH"] = str(targets)
    os.environ["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "false"
    return workspace
