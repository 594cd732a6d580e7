"""Checks of the statistics bureau's GDP, real growth index and population by region."""

from __future__ import annotations

import polars as pl

from expectations.checks import Check, CheckContext
from expectations.suites._common import band, checks, rows_frame, spec

DATASET = "gdp_population"


def _per_capita(ctx: CheckContext, rows: pl.DataFrame) -> pl.DataFrame:
    # GDP in 10^8 yuan / population in 10^4 persons = 10^4 yuan per person.
    return rows.with_columns(gdp_per_capita=pl.col("gdp_current") / pl.col("population"))


ROWS = rows_frame(DATASET, extend=_per_capita)


CHECKS: list[Check] = checks(
    DATASET,
    spec(
        "plausibility.growth_index_within_band",
        "WARN",
        ROWS,
        band("real_growth_index", "real_growth_index_band"),
    ),
    spec(
        "plausibility.gdp_per_capita_within_band",
        "WARN",
        ROWS,
        band("gdp_per_capita", "gdp_per_capita_band"),
    ),
)
