"""Checks of the forestry bureau's forest area and growing stock by region and forest type."""

from __future__ import annotations

import polars as pl

from expectations.checks import Check, CheckContext
from expectations.suites._common import band, checks, rows_frame, spec

DATASET = "forest_inventory"


def _per_hectare(ctx: CheckContext, rows: pl.DataFrame) -> pl.DataFrame:
    # Stock in 10^4 m3 x 10^4 / area in ha = m3 per ha.
    return rows.with_columns(
        stock_per_ha=pl.col("stock_volume") * 10000 / pl.col("forest_area").replace(0, None)
    )


ROWS = rows_frame(DATASET, extend=_per_hectare)

CHECKS: list[Check] = checks(
    DATASET,
    spec(
        "plausibility.stock_per_hectare_within_band",
        "WARN",
        ROWS,
        band("stock_per_ha", "forest_stock_per_ha_band"),
    ),
)
