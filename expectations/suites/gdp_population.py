"""Checks of the statistics bureau's GDP, real growth index and population by region."""

from __future__ import annotations

import great_expectations as gx
import polars as pl

from expectations.checks import Check, CheckContext
from expectations.suites._common import (
    cities_vs_province_check,
    jump_check,
    rows_frame,
)

DATASET = "gdp_population"


def _per_capita(ctx: CheckContext, rows: pl.DataFrame) -> pl.DataFrame:
    # GDP in 10^8 yuan / population in 10^4 persons = 10^4 yuan per person.
    return rows.with_columns(gdp_per_capita=pl.col("gdp_current") / pl.col("population"))


ROWS = rows_frame(DATASET, jump_columns=["gdp_current", "population"], extend=_per_capita)


CHECKS: list[Check] = [
    cities_vs_province_check(
        DATASET,
        item_sql="v.item",
        value_sql="case v.item when 'gdp_current' then gdp_current else population end",
        item_label_zh="指标",
        item_label_en="variable",
        from_extra="cross join (values ('gdp_current'), ('population')) v(item)",
    ),
    Check(
        check_id=f"{DATASET}.plausibility.growth_index_within_band",
        dataset=DATASET,
        kind="plausibility",
        severity="WARN",
        row_level=True,
        description_zh="地区生产总值指数（上年=100）通常在 90 至 115 之间（thresholds.yaml 的 real_growth_index_band）。超出时请与统计局核实；如属实，确认后继续。",
        description_en="The real GDP index (previous year = 100) is normally between 90 and 115 (thresholds.yaml, real_growth_index_band). Beyond that, check with the statistics bureau; if it is right, acknowledge it.",
        frame=ROWS,
        expectations=lambda ctx: [
            gx.expectations.ExpectColumnValuesToBeBetween(
                column="real_growth_index",
                min_value=ctx.thresholds["real_growth_index_band"][0],
                max_value=ctx.thresholds["real_growth_index_band"][1],
            )
        ],
        reason_zh="地区 {region_code} 地区生产总值指数为 {real_growth_index}",
        reason_en="{region_code}: real GDP index {real_growth_index}",
    ),
    Check(
        check_id=f"{DATASET}.plausibility.gdp_per_capita_within_band",
        dataset=DATASET,
        kind="plausibility",
        severity="WARN",
        row_level=True,
        description_zh="人均地区生产总值（地区生产总值÷常住人口，万元/人）通常在 1 至 50 之间（thresholds.yaml 的 gdp_per_capita_band）；超出多为亿元与万元、万人与人混用。请与统计局核实单位。",
        description_en="GDP per resident (GDP / population, 10^4 yuan per person) is normally between 1 and 50 (thresholds.yaml, gdp_per_capita_band); beyond that, 10^8 and 10^4 yuan or persons and 10^4 persons are usually mixed up. Check the units with the statistics bureau.",
        frame=ROWS,
        expectations=lambda ctx: [
            gx.expectations.ExpectColumnValuesToBeBetween(
                column="gdp_per_capita",
                min_value=ctx.thresholds["gdp_per_capita_band"][0],
                max_value=ctx.thresholds["gdp_per_capita_band"][1],
            )
        ],
        reason_zh="地区 {region_code} 人均地区生产总值 {gdp_per_capita:.2f} 万元",
        reason_en="{region_code}: GDP per resident {gdp_per_capita:.2f} x 10^4 yuan",
    ),
    jump_check(DATASET, ROWS, ["gdp_current", "population"]),
]
