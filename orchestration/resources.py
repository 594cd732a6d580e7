"""Resources shared by the assets: the workspace folder and the dbt CLI."""

from __future__ import annotations

import sys
from pathlib import Path

import dagster as dg
from dagster_dbt import DbtCliResource, DbtProject

from dualcarbon.dagster_home import prepare_environment
from dualcarbon.paths import DBT_PROJECT_DIR, Workspace

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


class WorkspaceResource(dg.ConfigurableResource):
    """``$DUALCARBON_HOME``: inbox, archive, warehouse, releases and reports."""

    home: str

    @property
    def workspace(self) -> Workspace:
        return Workspace(Path(self.home).resolve()).ensure()


def default_resources() -> dict:
    # dbt reads the warehouse path from DUALCARBON_HOME and must log inside the workspace.
    workspace = prepare_environment()
    return {
        "workspace": WorkspaceResource(home=str(workspace.home)),
        "dbt": DbtCliResource(
            project_dir=dbt_project,
            profiles_dir=str(DBT_PROJECT_DIR),
            # The dbt beside this interpreter, so a run never picks up another installation.
            dbt_executable=str(Path(sys.executable).parent / "dbt"),
        ),
    }
