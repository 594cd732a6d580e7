"""Checks of the DRC's register of two-high projects."""

from __future__ import annotations

import polars as pl

from expectations.checks import Check, CheckContext
from expectations.suites._common import checks, in_set, rows_frame, spec

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

CHECKS: list[Check] = checks(
    DATASET,
    spec("validity.sector_is_two_high", "WARN", ROWS, in_set("in_two_high_sector", [True])),
    spec(
        "consistency.built_only_after_review",
        "WARN",
        ROWS,
        in_set("building_unapproved", [False]),
    ),
)
