"""Checks of the DRC's register of two-high projects."""

from __future__ import annotations

import great_expectations as gx
import polars as pl

from expectations.checks import Check, CheckContext
from expectations.suites._common import (
    rows_frame,
)

DATASET = "two_high_projects"


def _flags(ctx: CheckContext, rows: pl.DataFrame) -> pl.DataFrame:
    sectors = list(ctx.thresholds["two_high_sectors"])
    return rows.with_columns(
        in_two_high_sector=pl.col("sector_code").is_in(sectors),
        # Building without a passed energy-saving review is a violation to be rectified.
        building_unapproved=(pl.col("project_status") != "planned")
        & (pl.col("approval_state") != "approved"),
    )


ROWS = rows_frame(DATASET, extend=_flags)

CHECKS: list[Check] = [
    Check(
        check_id=f"{DATASET}.validity.sector_is_two_high",
        dataset=DATASET,
        kind="validity",
        severity="WARN",
        row_level=True,
        description_zh="“两高”项目应属于钢铁、石化、化工、建材、有色、煤电等高耗能高排放行业（thresholds.yaml 的 two_high_sectors）。其他行业的项目请发展改革委核实是否应列入清单。",
        description_en="Two-high projects belong to the energy- and emission-intensive sectors (steel, petrochemicals, chemicals, building materials, non-ferrous metals, coal power; thresholds.yaml, two_high_sectors). Check with the DRC whether a project of another sector belongs in the register.",
        frame=ROWS,
        expectations=lambda ctx: [
            gx.expectations.ExpectColumnValuesToBeInSet(
                column="in_two_high_sector", value_set=[True]
            )
        ],
        reason_zh="第 {source_row} 行项目 {project_id} 行业 {sector_code} 不属于“两高”行业",
        reason_en="row {source_row}: project {project_id} is in sector {sector_code}, not a two-high sector",
    ),
    Check(
        check_id=f"{DATASET}.consistency.built_only_after_review",
        dataset=DATASET,
        kind="consistency",
        severity="WARN",
        row_level=True,
        description_zh="在建和存量“两高”项目应已通过节能审查。未通过或未报审即开工的项目属于违规项目，应列入整改清单：请发展改革委确认整改情况。",
        description_en="Two-high projects under construction or in operation must have passed the energy-saving review. One that did not is a violation to be rectified: ask the DRC to confirm the rectification.",
        frame=ROWS,
        expectations=lambda ctx: [
            gx.expectations.ExpectColumnValuesToBeInSet(
                column="building_unapproved", value_set=[False]
            )
        ],
        reason_zh="第 {source_row} 行项目 {project_id}（{project_status}）节能审查状态为 {approval_state}",
        reason_en="row {source_row}: project {project_id} ({project_status}) has review state {approval_state}",
    ),
]
