"""Everything Dagster knows about dualcarbon, in one Definitions object.

`dagster dev -m orchestration.definitions` serves it; `dualcarbon run` executes the same
jobs in process, with no server.
"""

from __future__ import annotations

import dagster as dg

from orchestration.assets.dbt import dualcarbon_dbt_models
from orchestration.assets.intake import department_submissions
from orchestration.assets.quality import (
    no_unwaived_errors,
    quality_validations,
    release_candidate,
    warnings_reviewed,
)
from orchestration.jobs import annual_pipeline
from orchestration.resources import default_resources
from orchestration.schedules import annual_pipeline_schedule
from orchestration.sensors import audit_failed_runs, audit_successful_runs, inbox_sensor

defs = dg.Definitions(
    assets=[department_submissions, dualcarbon_dbt_models, quality_validations, release_candidate],
    asset_checks=[no_unwaived_errors, warnings_reviewed],
    jobs=[annual_pipeline],
    schedules=[annual_pipeline_schedule],
    sensors=[inbox_sensor, audit_successful_runs, audit_failed_runs],
    resources=default_resources(),
)
