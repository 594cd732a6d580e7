"""Watch the inbox and start the pipeline for the periods that new files belong to; write
runs that no person started to the audit log."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from pathlib import Path

import dagster as dg

from dualcarbon import audit
from dualcarbon.intake import inbox_files
from dualcarbon.intake.identify import period_from_name
from dualcarbon.paths import Workspace
from dualcarbon.release.candidate import SYSTEM_ACTOR
from orchestration.jobs import annual_pipeline
from orchestration.partitions import annual_periods


def _signature(paths: list[Path]) -> str:
    """Changes when a file is added, replaced or touched, so the same inbox is not run twice."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        stat = path.lstat()  # never follow a link in the inbox
        digest.update(f"{path.name}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


@dg.sensor(
    job=annual_pipeline, minimum_interval_seconds=30, default_status=dg.DefaultSensorStatus.RUNNING
)
def inbox_sensor(context: dg.SensorEvaluationContext):
    """One run per period with new files; a file whose period cannot be read from its name is
    sent with the latest period's run, which rejects it with a report for its department."""
    files = inbox_files(Workspace.from_env())
    if not files:
        return dg.SkipReason("inbox is empty")
    by_period: dict[str, list[Path]] = defaultdict(list)
    valid_keys = set(annual_periods.get_partition_keys())
    latest = annual_periods.get_last_partition_key()
    for path in files:
        period = period_from_name(path)
        by_period[period if period in valid_keys else latest].append(path)
    for period, paths in sorted(by_period.items()):
        yield dg.RunRequest(run_key=f"{period}:{_signature(paths)}", partition_key=period)


def _audit_run(context: dg.RunStatusSensorContext, outcome: str) -> None:
    """Runs started by the schedule or the inbox sensor (no signed-in statistician) are written
    to the audit log here; `dualcarbon run` writes its own runs (orchestration/runner.py)."""
    run = context.dagster_run
    home = Workspace.from_env().home
    if audit.find(home, action="run_start", subject=run.run_id):
        return  # started by a signed-in person, who wrote it (a run tag proves nothing)
    audit.append(
        home,
        SYSTEM_ACTOR,
        SYSTEM_ACTOR,
        "run",
        run.run_id,
        {"outcome": outcome, "partition": run.tags.get("dagster/partition"), "job": run.job_name},
    )


def _run_audit_sensor(
    name: str, run_status: dg.DagsterRunStatus, outcome: str
) -> dg.RunStatusSensorDefinition:
    """A sensor that writes the pipeline's runs ending in ``run_status`` to the audit log."""

    @dg.run_status_sensor(
        name=name,
        run_status=run_status,
        monitored_jobs=[annual_pipeline],
        default_status=dg.DefaultSensorStatus.RUNNING,
    )
    def audit_runs(context: dg.RunStatusSensorContext):
        _audit_run(context, outcome)

    return audit_runs


audit_successful_runs = _run_audit_sensor(
    "audit_successful_runs", dg.DagsterRunStatus.SUCCESS, "success"
)
audit_failed_runs = _run_audit_sensor("audit_failed_runs", dg.DagsterRunStatus.FAILURE, "failure")
