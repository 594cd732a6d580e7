"""Resources shared by the assets: the workspace folder and dagster-dbt's dbt CLI resource.

Neither pins a path at import time: the workspace is read from ``$DUALCARBON_HOME`` when a
run starts (the CLI and `make ui` set it, with Dagster's and dbt's folders inside it, via
`orchestration.instance.prepare_environment`), and dbt's profile reads the same variable.
"""

import sys
from pathlib import Path

import dagster as dg
from dagster_dbt import DbtCliResource, DbtProject

from dualcarbon.paths import DBT_PROJECT_DIR, Workspace

# The manifest is `dualcarbon prepare`'s (`make` rebuilds it when a dbt file changes, also
# before `make ui`). Not `prepare_if_dev()`: its preparer runs the `dbt` found on PATH, and
# `dualcarbon ui` does not need the virtual environment on PATH.
dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


class WorkspaceResource(dg.ConfigurableResource):
    """``$DUALCARBON_HOME``: inbox, archive, warehouse, releases and reports."""

    home: str | None = None  # default: $DUALCARBON_HOME at run time

    @property
    def workspace(self) -> Workspace:
        if self.home:
            return Workspace(Path(self.home).resolve()).ensure()
        return Workspace.from_env().ensure()


def default_resources() -> dict:
    return {
        "workspace": WorkspaceResource(),
        "dbt": DbtCliResource(
            project_dir=dbt_project,
            # Beside this interpreter, so a run never picks up another installation.
            dbt_executable=str(Path(sys.executable).parent / "dbt"),
        ),
    }
