"""Freeze a period's public marts as a release candidate: a draft, never shown to the public.

A candidate is frozen only while no ERROR-severity quality check is open (fixed or waived by
a steward). It is written to a temporary folder and renamed into place, so a crash leaves
either a complete candidate or none.

A candidate is part of the audit chain: its manifest (preparer included) is hashed and logged
as ``candidate_freeze`` before the folder appears, and the workflow accepts only candidates
whose manifest still has that hash (``dualcarbon.release.workflow.get_candidate``). The
preparer is the person the audit log names for the run (``run_start``, written by
``dualcarbon run`` after signing in), never a Dagster run tag, which anyone who can launch
a run may set.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from dualcarbon import audit
from dualcarbon.files import sha256_of
from dualcarbon.paths import Workspace
from dualcarbon.quality.gate import unwaived_errors
from dualcarbon.warehouse import connect

# The marts a release publishes (the public data contract), filtered to the period;
# dimensions are published whole.
PERIOD_MARTS = (
    # the accounts
    "fct_energy_consumption",
    "fct_co2_emissions",
    "fct_indicators",
    "fct_region_reconciliation",
    # evaluation and early warning (Art. 7, 18)
    "fct_target_progress",
    "fct_barometer",
    "fct_evaluation_scorecard",
    "fct_regions_off_track",
    # carbon sinks (Art. 15)
    "fct_carbon_sinks",
    "fct_forest_carbon_stock",
    "fct_net_emissions",
    # sectors (Art. 8-11): aggregates only, never a single unit's figures
    "fct_key_energy_units",
    "fct_two_high_projects",
    "fct_buildings",
    "fct_building_summary",
    "fct_transport_summary",
    "fct_carbon_market",
)
DIMENSIONS = ("dim_region", "dim_fuel", "dim_sector")


class ReleaseBlocked(Exception):
    def __init__(self, period: str, checks: list[str]):
        self.message_zh = f"{period} 年有 {len(checks)} 项错误级质量检查未通过且未豁免，不能生成发布候选：{', '.join(checks)}"
        self.message_en = (
            f"{period}: {len(checks)} ERROR-severity check(s) failing and not "
            f"waived, so no release candidate: {', '.join(checks)}"
        )
        super().__init__(self.message_en)


ACTOR_TAG = "dualcarbon/actor"  # Dagster run tag: who started the run, for display only
SYSTEM_ACTOR = "system"  # runs started by the schedule, the inbox sensor or the Dagster UI


def start_run(home: Path, run_id: str, actor: str, details: dict) -> dict:
    """Record, before a run starts, the signed-in person who starts it: the preparer of the
    candidates it freezes (``preparer_of``)."""
    return audit.append(home, actor, "statistician", "run_start", run_id, details)


def preparer_of(home: Path, run_id: str | None) -> str:
    """The person the audit log names as the starter of ``run_id``; ``system`` for a run no
    signed-in person started (the sensor, the schedule, a launch from the Dagster UI)."""
    entry = (
        next(iter(audit.find(home, action="run_start", subject=run_id)), None) if run_id else None
    )
    return entry["actor"] if entry else SYSTEM_ACTOR


def current_submissions(con: duckdb.DuckDBPyConnection, period: str) -> list[tuple[str, str, int]]:
    """(dataset, submission_id, version) of the latest accepted submission of each dataset."""
    return con.execute(
        "select dataset, submission_id, version from raw.submissions "
        "where status = 'accepted' and period = ? "
        "qualify row_number() over (partition by dataset order by version desc) = 1 "
        "order by dataset",
        [period],
    ).fetchall()


def freeze_candidate(
    workspace: Workspace,
    period: str,
    run_id: str | None = None,
) -> Path:
    folder = workspace.releases / "candidates"
    folder.mkdir(parents=True, exist_ok=True)
    created = datetime.now(UTC)
    candidate_id = f"RC-{period}-{created:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"
    staging = folder / f".tmp-{candidate_id}"
    staging.mkdir()
    try:
        with connect(workspace.warehouse, read_only=True) as con:
            blocking = unwaived_errors(con, period)
            if blocking.height:
                raise ReleaseBlocked(period, blocking.get_column("check_id").unique().to_list())
            for mart in PERIOD_MARTS:
                con.execute(
                    f"copy (select * from marts.{mart} where period = ? order by all) "
                    f"to '{staging / mart}.parquet' (format parquet)",
                    [period],
                )
            for dimension in DIMENSIONS:
                con.execute(
                    f"copy (select * from marts.{dimension} order by all) "
                    f"to '{staging / dimension}.parquet' (format parquet)"
                )
            submissions = current_submissions(con, period)
            recorded = con.execute(
                "select count(*) from information_schema.tables "
                "where table_schema = 'meta' and table_name = 'dbt_runs'"
            ).fetchone()[0]
            vintage = (
                con.execute(
                    "select factor_vintage from meta.dbt_runs order by run_started_at desc limit 1"
                ).fetchone()
                if recorded
                else None
            )
        manifest = {
            "candidate_id": candidate_id,
            "status": "candidate: draft, not for release / 候选版本：草稿，不得发布",
            "period": period,
            "created_at": created.isoformat(),
            "run_id": run_id,
            "prepared_by": preparer_of(workspace.home, run_id),
            "factor_vintage": vintage[0] if vintage else None,
            "submissions": [
                {"dataset": d, "submission_id": s, "version": v} for d, s, v in submissions
            ],
            "files": {p.name: sha256_of(p) for p in sorted(staging.glob("*.parquet"))},
        }
        (staging / "manifest.json").write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8"
        )
        _log_freeze(workspace, manifest, sha256_of(staging / "manifest.json"))
        final = folder / candidate_id
        os.replace(staging, final)
        return final
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _log_freeze(workspace: Workspace, manifest: dict, manifest_sha256: str) -> dict:
    """The candidate enters the chain before its folder appears (a crash in between leaves an
    entry without a folder, which nothing can use)."""
    preparer = manifest["prepared_by"]
    return audit.append(
        workspace.home,
        preparer,
        SYSTEM_ACTOR if preparer == SYSTEM_ACTOR else "statistician",
        "candidate_freeze",
        manifest["candidate_id"],
        {
            "period": manifest["period"],
            "run_id": manifest["run_id"],
            "prepared_by": preparer,
            "manifest_sha256": manifest_sha256,
        },
    )
