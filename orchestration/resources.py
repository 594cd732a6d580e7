"""Resources shared by the assets: the workspace folder and the dbt CLI (through the warm dbt
service).

Neither pins a path at import time: the workspace is read from ``$DUALCARBON_HOME`` when a
run starts (the CLI and `make ui` set it, with Dagster's and dbt's folders inside it, via
`dualcarbon.dagster_home.prepare_environment`), and dbt's profile reads the same variable.
"""

import sys
from pathlib import Path

import dagster as dg
from dagster_dbt import DbtCliResource, DbtProject

from dualcarbon.paths import DBT_PROJECT_DIR, Workspace

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


class WorkspaceResource(dg.ConfigurableResource):
    """``$DUALCARBON_HOME``: inbox, archive, warehouse, releases and reports."""

    home: str | None = None  # default: $DUALCARBON_HOME at run time

    @property
    def workspace(self) -> Workspace:
        if self.home:
            return Workspace(Path(self.home).resolve()).ensure()
        return Workspace.from_env().ensure()


class WarmDbtCliResource(DbtCliResource):
    """dagster-dbt's dbt CLI resource, run through the warm dbt service (dualcarbon/dbt_service):
    `dualcarbon-dbt` takes dbt's arguments and gives its output, without paying dbt's start-up
    and parse at every run."""

    def _initialize_dbt_core_adapter(self, args):
        # dagster-dbt builds an adapter handle in the run's own process before every command
        # (dbt's config modules, the profile and every macro: about 3 s). It serves only
        # fetch_column_metadata and fetch_row_counts, which this project does not use.
        return None


def default_resources() -> dict:
    return {
        "workspace": WorkspaceResource(),
        "dbt": WarmDbtCliResource(
            project_dir=dbt_project,
            profiles_dir=str(DBT_PROJECT_DIR),
            # Beside this interpreter, so a run never picks up another installation.
            dbt_executable=str(Path(sys.executable).parent / "dualcarbon-dbt"),
        ),
    }
