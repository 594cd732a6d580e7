"""Checks of the forestry bureau's forest area and growing stock by region and forest type."""

from __future__ import annotations

import great_expectations as gx
import polars as pl

from expectations.checks import Check, CheckContext
from expectations.suites._common import (
    cities_vs_province_check,
    jump_check,
    rows_frame,
)

DATASET = "forest_inventory"


def _per_hectare(ctx: CheckContext, rows: pl.DataFrame) -> pl.DataFrame:
    # Stock in 10^4 m3 x 10^4 / area in ha = m3 per ha.
    return rows.with_columns(
        stock_per_ha=pl.col("stock_volume") * 10000 / pl.col("forest_area").replace(0, None)
    )


ROWS = rows_frame(DATASET, jump_columns=["stock_volume"], extend=_per_hectare)

CHECKS: list[Check] = [
    Check(
        check_id=f"{DATASET}.plausibility.stock_per_hectare_within_band",
        dataset=DATASET,
        kind="plausibility",
        severity="WARN",
        row_level=True,
        description_zh="单位面积蓄积量（活立木蓄积量÷乔木林面积，立方米/公顷）通常在 5 至 300 之间（thresholds.yaml 的 forest_stock_per_ha_band）；超出多为面积与蓄积量单位混用（公顷与万公顷、立方米与万立方米）。请林业局核实单位。",
        description_en="Growing stock per hectare (stock volume / forest area, m3 per ha) is normally between 5 and 300 (thresholds.yaml, forest_stock_per_ha_band); beyond that, hectares and 10^4 ha or m3 and 10^4 m3 are usually mixed up. Check the units with the forestry bureau.",
        frame=ROWS,
        expectations=lambda ctx: [
            gx.expectations.ExpectColumnValuesToBeBetween(
                column="stock_per_ha",
                min_value=ctx.thresholds["forest_stock_per_ha_band"][0],
                max_value=ctx.thresholds["forest_stock_per_ha_band"][1],
            )
        ],
        reason_zh="第 {source_row} 行 {region_code}/{forest_type_code} 单位面积蓄积量 {stock_per_ha:.1f} 立方米/公顷",
        reason_en="row {source_row} {region_code}/{forest_type_code}: {stock_per_ha:.1f} m3 per ha",
    ),
    cities_vs_province_check(
        DATASET, "forest_type_code", "stock_volume", "林分类型", "forest type"
    ),
    jump_check(DATASET, ROWS, ["stock_volume"]),
]
