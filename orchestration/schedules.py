"""When the periodic pipeline runs by itself."""

import dagster as dg

from orchestration.jobs import annual_pipeline


@dg.schedule(
    job=annual_pipeline,
    cron_schedule="0 6 1 3 *",
    execution_timezone="Asia/Shanghai",
    default_status=dg.DefaultScheduleStatus.RUNNING,
)
def annual_pipeline_schedule(context: dg.ScheduleEvaluationContext):
    """Build year N on 1 March of year N+1, the annual statistics cut-off.

    Submissions that arrive later (resubmissions, late departments) are picked up by the
    inbox sensor, which reruns the periods they belong to.
    """
    year = context.scheduled_execution_time.year - 1
    return dg.RunRequest(run_key=f"annual-{year}", partition_key=str(year))
