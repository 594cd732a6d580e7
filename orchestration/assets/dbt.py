"""The dbt project (staging → intermediate → marts) as Dagster assets, one run per period range."""

from collections.abc import Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets

from orchestration.dbt_run import (
    DBT_BUILD,
    keep_partial_parse,
    run_environment,
    run_settings,
)
from orchestration.partitions import annual_periods
from orchestration.resources import WorkspaceResource, dbt_project


class Translator(DagsterDbtTranslator):
    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        # Group by layer: the folder under models/ or seeds/ (staging, reference, factors, ...).
        fqn = dbt_resource_props.get("fqn", [])
        return fqn[1] if len(fqn) > 2 else "dbt"


@dbt_assets(
    manifest=dbt_project.manifest_path,
    dagster_dbt_translator=Translator(),
    partitions_def=annual_periods,
    backfill_policy=dg.BackfillPolicy.single_run(),
    pool="warehouse",
)
def dualcarbon_dbt_models(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, workspace: WorkspaceResource
):
    """`dbt build` for the run's periods, passed to dbt (with the Dagster run id) as
    environment variables (orchestration/dbt_run.py).

    The factor vintage is dbt's `factor_vintage` var; dbt records it with the run in
    meta.dbt_runs (macros/record_dbt_run.sql)."""
    window = context.partition_key_range
    settings = run_settings(window.start, window.end, context.run.run_id)
    targets = workspace.workspace.state / "dbt" / "target"
    with run_environment(settings):  # dbt's subprocess starts inside dbt.cli
        invocation = dbt.cli(DBT_BUILD, context=context, target_path=targets / context.run.run_id)
    try:
        yield from invocation.stream()
    finally:  # a failed build has parsed the project too
        keep_partial_parse(invocation.target_path, targets)
