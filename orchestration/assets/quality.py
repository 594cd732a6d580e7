"""Data-quality supervision in the pipeline: validate the period, gate the release candidate.

`quality/validations` runs every Great Expectations suite on the period's submissions and
marts and persists the results (expectations.runner). Its blocking check stops the release
candidate while an ERROR is neither fixed nor waived by a steward; WARN results go to the
steward's review queue without blocking.
"""

import dagster as dg

from dualcarbon.quality.gate import unwaived_errors
from dualcarbon.quality.review import open_issues
from dualcarbon.release.candidate import freeze_candidate
from dualcarbon.warehouse import connect
from expectations import validate_period
from orchestration.assets.dbt import dualcarbon_dbt_models
from orchestration.partitions import annual_periods
from orchestration.resources import WorkspaceResource

VALIDATIONS = dg.AssetKey(["quality", "validations"])


@dg.asset(
    key=VALIDATIONS,
    deps=list(dualcarbon_dbt_models.keys),
    partitions_def=annual_periods,
    backfill_policy=dg.BackfillPolicy.single_run(),
    group_name="quality",
    kinds={"great_expectations", "duckdb"},
    pool="warehouse",
)
def quality_validations(context: dg.AssetExecutionContext, workspace: WorkspaceResource):
    """Validate each period's accepted submissions and marts; results are kept append-only."""
    summaries = [
        validate_period(workspace.workspace, period, run_id=context.run.run_id)
        for period in context.partition_keys
    ]
    return dg.MaterializeResult(
        metadata={
            "checks": sum(s.checks for s in summaries),
            "failed_errors": sum(s.failed_errors for s in summaries),
            "failed_warnings": sum(s.failed_warnings for s in summaries),
            "data_docs": dg.MetadataValue.path(str(summaries[-1].data_docs_index)),
        }
    )


def _issues_table(frame) -> dg.MetadataValue:
    lines = [
        f"- `{r['check_id']}` {r['dataset']} {r['period']}: {r['description_en']}"
        for r in frame.head(20).iter_rows(named=True)
    ]
    return dg.MetadataValue.md("\n".join(lines) or "none")


@dg.asset_check(
    asset=VALIDATIONS,
    blocking=True,
    partitions_def=annual_periods,
    description="No ERROR-severity check fails unless a steward has waived it.",
)
def no_unwaived_errors(context: dg.AssetCheckExecutionContext, workspace: WorkspaceResource):
    with connect(workspace.workspace.warehouse, read_only=True) as con:
        blocking = [unwaived_errors(con, period) for period in context.partition_keys]
    count = sum(frame.height for frame in blocking)
    return dg.AssetCheckResult(
        passed=count == 0,
        severity=dg.AssetCheckSeverity.ERROR,
        metadata={
            "unwaived_errors": count,
            "issues": _issues_table(blocking[0]) if blocking else "none",
        },
    )


@dg.asset_check(
    asset=VALIDATIONS,
    blocking=False,
    partitions_def=annual_periods,
    description="WARN-severity results waiting for a steward's review.",
)
def warnings_reviewed(context: dg.AssetCheckExecutionContext, workspace: WorkspaceResource):
    with connect(workspace.workspace.warehouse, read_only=True) as con:
        frames = [open_issues(con, period) for period in context.partition_keys]
    waiting = sum(f.filter(f["severity"] == "WARN").height for f in frames)
    return dg.AssetCheckResult(
        passed=waiting == 0,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={"open_warnings": waiting},
    )


@dg.asset(
    key=["release", "candidate"],
    deps=[VALIDATIONS],
    partitions_def=annual_periods,
    backfill_policy=dg.BackfillPolicy.single_run(),
    group_name="release",
    kinds={"parquet"},
    pool="warehouse",
)
def release_candidate(context: dg.AssetExecutionContext, workspace: WorkspaceResource):
    """Freeze the public marts of each period as a draft candidate, if its gate is open.

    The blocking check above already stops this step; the gate is asked again here so that
    no path (a manual materialisation, a changed check) can freeze a blocked candidate. The
    preparer is the person the audit log names for this run, never a run tag."""
    frozen = [
        freeze_candidate(workspace.workspace, period, run_id=context.run.run_id)
        for period in context.partition_keys
    ]
    return dg.MaterializeResult(
        metadata={
            "candidates": dg.MetadataValue.md("\n".join(f"- `{path}`" for path in frozen)),
        }
    )
