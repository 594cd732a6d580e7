"""Checks of the ecology and environment department's carbon-market compliance returns."""

from __future__ import annotations

import great_expectations as gx
import polars as pl

from expectations.checks import Check, CheckContext
from expectations.suites._common import (
    jump_check,
    rows_frame,
)

DATASET = "carbon_market"


def _ratios(ctx: CheckContext, rows: pl.DataFrame) -> pl.DataFrame:
    return rows.with_columns(
        allocation_ratio=pl.col("allowances_allocated")
        / pl.col("verified_emissions").replace(0, None),
        complied=pl.col("allowances_surrendered") >= pl.col("verified_emissions"),
    )


ROWS = rows_frame(DATASET, jump_columns=["verified_emissions"], extend=_ratios)

CHECKS: list[Check] = [
    Check(
        check_id=f"{DATASET}.plausibility.allocation_close_to_emissions",
        dataset=DATASET,
        kind="plausibility",
        severity="WARN",
        row_level=True,
        description_zh="基准法分配的配额通常与核查排放量相差不超过 30%（thresholds.yaml 的 allocation_ratio_band）；超出多为单位（吨与万吨）或数据错位。请生态环境厅核实。",
        description_en="Benchmark allocation is normally within 30% of verified emissions (thresholds.yaml, allocation_ratio_band); beyond that, t and 10^4 t are usually mixed up or columns shifted. Check with the ecology and environment department.",
        frame=ROWS,
        expectations=lambda ctx: [
            gx.expectations.ExpectColumnValuesToBeBetween(
                column="allocation_ratio",
                min_value=ctx.thresholds["allocation_ratio_band"][0],
                max_value=ctx.thresholds["allocation_ratio_band"][1],
            )
        ],
        reason_zh="第 {source_row} 行 {enterprise_id} 配额/排放 = {allocation_ratio:.2f}",
        reason_en="row {source_row} {enterprise_id}: allowances / emissions = {allocation_ratio:.2f}",
    ),
    Check(
        check_id=f"{DATASET}.consistency.surrendered_covers_emissions",
        dataset=DATASET,
        kind="consistency",
        severity="WARN",
        row_level=True,
        description_zh="重点排放单位应清缴不少于核查排放量的配额。未足额清缴的单位列出如下：请生态环境厅确认是否已责令限期改正。",
        description_en="A covered enterprise must surrender allowances at least equal to its verified emissions. Those that did not are listed: ask the ecology and environment department to confirm the enforcement.",
        frame=ROWS,
        expectations=lambda ctx: [
            gx.expectations.ExpectColumnValuesToBeInSet(column="complied", value_set=[True])
        ],
        reason_zh="第 {source_row} 行 {enterprise_name} 清缴 {allowances_surrendered:,.0f} 吨，排放 {verified_emissions:,.0f} 吨",
        reason_en="row {source_row} {enterprise_id}: surrendered {allowances_surrendered:,.0f} t for {verified_emissions:,.0f} t emitted",
    ),
    jump_check(DATASET, ROWS, ["verified_emissions"]),
]
