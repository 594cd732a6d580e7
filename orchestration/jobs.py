"""The periodic pipeline: intake, then the accounts, for one or more reporting periods."""

from __future__ import annotations

import dagster as dg

# Partitioned by reporting period, as its assets are (orchestration.partitions).
# One writer at a time on the warehouse: steps run in one process, one after another, and
# runs that write to the warehouse are queued one at a time (see dagster.yaml).
WAREHOUSE_WRITER_TAGS = {"dualcarbon/warehouse": "writer"}

annual_pipeline = dg.define_asset_job(
    name="annual_pipeline",
    description="Take in the period's submissions, then build its carbon and energy accounts.",
    selection=dg.AssetSelection.all(),
    executor_def=dg.in_process_executor,
    tags=WAREHOUSE_WRITER_TAGS,
)
