"""Run the pipeline in this process, with no Dagster server: what `dualcarbon run` does."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import dagster as dg

from dualcarbon import audit
from dualcarbon.release.candidate import ACTOR_TAG, SYSTEM_ACTOR, start_run
from orchestration.instance import prepare_environment
from orchestration.run_gate import Notify, run_slot
from orchestration.run_recovery import RUN_MARKER, finish_own_run, runner_tags

# Dagster's run tags for a single run over a partition range (as a backfill with a
# single-run policy launches it); not re-exported at the top level of the package.
RANGE_START_TAG = "dagster/asset_partition_range_start"
RANGE_END_TAG = "dagster/asset_partition_range_end"


@dataclass
class PipelineRun:
    """How a run ended, stage by stage: a run whose quality gate stays closed (an unwaived
    ERROR) has built the accounts but not the release candidate, and is not a success."""

    run_id: str
    success: bool
    period_from: str
    period_to: str
    succeeded_steps: frozenset[str] = frozenset()
    failed_checks: frozenset[str] = frozenset()

    @property
    def accounts_built(self) -> bool:
        return "dualcarbon_dbt_models" in self.succeeded_steps

    @property
    def quality_gate_open(self) -> bool:
        return "release__candidate" in self.succeeded_steps  # the step of asset release/candidate


def run_pipeline(
    period_from: str,
    period_to: str | None = None,
    log_level: str = "INFO",
    actor: str = SYSTEM_ACTOR,
    notify: Notify | None = None,
) -> PipelineRun:
    """Execute the annual pipeline for a range of periods as one run: intake, the accounts
    (dbt), quality validation, and the release candidate where the quality gate is open.

    ``actor`` (the signed-in statistician) becomes the preparer of the candidates the run
    freezes, and the run is written to the audit log.

    The run starts once no other run holds the warehouse, after cleaning up any run that died
    (orchestration/run_gate.py); ``notify(message)`` hears what it waits for (an ``i18n.Message``).
    Raises RunBlocked when the wait runs out and RunStopped on Ctrl+C or SIGTERM meanwhile."""
    ws = prepare_environment()
    from orchestration.definitions import defs  # after the environment points inside the workspace

    period_to = period_to or period_from
    job = defs.resolve_job_def("annual_pipeline")
    # A single period is a partition key; a range is one run over the range, as a backfill
    # with the single-run policy would launch it.
    run_id = str(uuid.uuid4())
    tags = {ACTOR_TAG: actor, **runner_tags()}
    partition = (
        {"partition_key": period_from, "tags": tags}
        if period_from == period_to
        else {"tags": {**tags, RANGE_START_TAG: period_from, RANGE_END_TAG: period_to}}
    )
    instance = dg.DagsterInstance.get()
    owner = {"run_id": run_id, "actor": actor}
    with (
        run_slot(ws.home, ws.state, instance, owner, notify or _quiet),
        _marked_children(instance, run_id),
    ):
        # The audit log names the run's starter before it runs: the candidates it freezes
        # take their preparer from that entry, not from a run tag.
        if actor != SYSTEM_ACTOR:
            start_run(ws.home, run_id, actor, {"period_from": period_from, "period_to": period_to})
        result = job.execute_in_process(
            instance=instance,
            run_config={"loggers": {"console": {"config": {"log_level": log_level}}}},
            raise_on_error=False,
            run_id=run_id,
            **partition,
        )
    succeeded = frozenset(e.step_key for e in result.get_step_success_events())
    failed_checks = frozenset(
        e.check_name for e in result.get_asset_check_evaluations() if not e.passed
    )
    outcome = PipelineRun(
        result.run_id, result.success, period_from, period_to, succeeded, failed_checks
    )
    audit.append(
        ws.home,
        actor,
        "statistician" if actor != SYSTEM_ACTOR else SYSTEM_ACTOR,
        "run",
        result.run_id,
        {
            "period_from": period_from,
            "period_to": period_to,
            "success": outcome.success,
            "accounts_built": outcome.accounts_built,
            "quality_gate_open": outcome.quality_gate_open,
            "failed_checks": sorted(failed_checks),
        },
    )
    return outcome


def _quiet(_zh: str, _en: str) -> None:
    pass


@contextmanager
def _marked_children(instance: dg.DagsterInstance, run_id: str) -> Iterator[None]:
    """Mark every child of the run (dbt and what it starts) with the run id in its
    environment, so that a later run can find them if this process dies; on the way out,
    whatever happened, end any the run left and close the run if Dagster could not."""
    saved = os.environ.get(RUN_MARKER)
    os.environ[RUN_MARKER] = run_id
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop(RUN_MARKER, None)
        else:
            os.environ[RUN_MARKER] = saved
        finish_own_run(instance, run_id)
