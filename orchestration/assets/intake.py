"""The raw layer: department submissions taken in from the inbox."""

import dagster as dg

from dualcarbon.contracts import all_contracts
from dualcarbon.intake import process_inbox
from orchestration.partitions import annual_periods
from orchestration.resources import WorkspaceResource

RAW_SPECS = [
    dg.AssetSpec(
        ["raw", contract.dataset],
        description=f"{contract.title_en} ({contract.title_zh}): accepted submissions, all versions.",
        group_name="intake",
        kinds={"duckdb"},
        metadata={"department": contract.department, "contract_version": contract.version},
    )
    for contract in all_contracts().values()
]


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            ["raw", "submissions"],
            group_name="intake",
            kinds={"duckdb"},
            description="Register of every file received, accepted or rejected.",
        ),
        *RAW_SPECS,
    ],
    partitions_def=annual_periods,
    backfill_policy=dg.BackfillPolicy.single_run(),
    pool="warehouse",
)
def department_submissions(context: dg.AssetExecutionContext, workspace: WorkspaceResource):
    """Take in the inbox's files for the run's periods: check, archive, load or reject."""
    periods = set(context.partition_keys)
    results = process_inbox(workspace.workspace, periods=periods, run_id=context.run.run_id)
    handled = [r for r in results if r.status != "deferred"]
    for result in handled:
        log = context.log.warning if result.status in ("rejected", "refused") else context.log.info
        log(
            f"{result.file_name}: {result.status}"
            + (f" as {result.dataset} {result.period} v{result.version}" if result.version else "")
            + (f" ({len(result.issues)} issues, report {result.report})" if result.issues else "")
            + (f" ({result.note})" if result.note else "")
        )
    summary = {
        "accepted": sum(r.status == "accepted" for r in handled),
        "rejected": sum(r.status == "rejected" for r in handled),
        "duplicates": sum(r.status == "duplicate" for r in handled),
    }
    yield dg.MaterializeResult(
        asset_key=["raw", "submissions"],
        metadata={
            **summary,
            "files": dg.MetadataValue.md(
                "\n".join(f"- `{r.file_name}`: {r.status} {r.note}" for r in handled)
                or "(inbox empty)"
            ),
        },
    )
    for spec in RAW_SPECS:
        dataset = spec.key.path[-1]
        loaded = [r for r in handled if r.status == "accepted" and r.dataset == dataset]
        yield dg.MaterializeResult(
            asset_key=spec.key,
            metadata={
                "submissions_loaded": len(loaded),
                "rows_loaded": sum(r.row_count for r in loaded),
                "versions": ", ".join(f"{r.period} v{r.version}" for r in loaded) or "none",
            },
        )
