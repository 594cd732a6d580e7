"""Checks of the industry department's register of key energy-using units."""

from __future__ import annotations

import great_expectations as gx
import polars as pl

from expectations.checks import Check, CheckContext, Frame
from expectations.suites._common import (
    jump_check,
    rows_frame,
)

DATASET = "key_energy_units"
ROWS = rows_frame(DATASET, jump_columns=["energy_tce"])


def _cities(ctx: CheckContext) -> pl.DataFrame:
    return ctx.sql(
        "select r.region_code, r.name_zh, r.name_en, count(s.source_row) as units_reported "
        "from reference.ref_regions r "
        "left join staging.stg_industry_it__key_energy_units s "
        "on s.region_code = r.region_code and s.submission_id = $submission_id "
        "where r.level = 'prefecture' group by all order by r.region_code",
        submission_id=ctx.submission_id,
    )


def _share(ctx: CheckContext) -> pl.DataFrame:
    """Each region's key units against its total energy in the accounts (if built)."""
    frame = ctx.sql(
        "select s.region_code, sum(s.energy_tce) as key_units_tce, max(i.value) as total_tce "
        "from staging.stg_industry_it__key_energy_units s "
        "left join marts.fct_indicators i on i.period = s.period "
        "and i.region_code = s.region_code and i.indicator_code = 'energy_total_tce' "
        "where s.submission_id = $submission_id group by all order by 1",
        submission_id=ctx.submission_id,
    )
    return frame.with_columns(share_pct=100 * pl.col("key_units_tce") / pl.col("total_tce"))


CHECKS: list[Check] = [
    Check(
        check_id=f"{DATASET}.completeness.every_city_has_units",
        dataset=DATASET,
        kind="completeness",
        severity="WARN",
        row_level=False,
        description_zh="每个设区市都有重点用能单位；某市没有任何单位通常是漏报。请工业和信息化厅核实后补报。",
        description_en="Every city has key energy-using units; a city without any is usually left out by mistake. Ask the industry department to check and add it.",
        frame=Frame(f"{DATASET}.cities", _cities, keys=("region_code",)),
        expectations=lambda ctx: [
            gx.expectations.ExpectColumnValuesToBeBetween(column="units_reported", min_value=1)
        ],
        reason_zh="{region_code}（{name_zh}）没有重点用能单位",
        reason_en="{region_code} ({name_en}) has no key energy-using unit",
    ),
    Check(
        check_id=f"{DATASET}.consistency.share_of_region_energy_in_band",
        dataset=DATASET,
        kind="consistency",
        severity="WARN",
        row_level=False,
        description_zh="重点用能单位能耗占所在地区能源消费总量的比重通常在 30% 至 95% 之间（thresholds.yaml 的 key_units_share_band）；超出时多为单位填错（吨与万吨标准煤）或名录不全。请工业和信息化厅核实。",
        description_en="The key units' share of their region's total energy consumption is normally between 30% and 95% (thresholds.yaml, key_units_share_band); beyond that, tce and 10^4 tce are usually mixed up or the register is incomplete. Check with the industry department.",
        frame=Frame(f"{DATASET}.share", _share, keys=("region_code",)),
        expectations=lambda ctx: [
            gx.expectations.ExpectColumnValuesToBeBetween(
                column="share_pct",
                min_value=ctx.thresholds["key_units_share_band"][0],
                max_value=ctx.thresholds["key_units_share_band"][1],
            )
        ],
        reason_zh="{region_code} 重点用能单位能耗占比 {share_pct:.1f}%",
        reason_en="{region_code}: key units use {share_pct:.1f}% of the region's energy",
    ),
    jump_check(DATASET, ROWS, ["energy_tce"]),
]
