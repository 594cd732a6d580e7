"""Checks of the ecology and environment department's carbon-market compliance returns."""

from __future__ import annotations

import polars as pl

from dualcarbon.i18n import Pair
from expectations.checks import Check, CheckContext
from expectations.suites._common import band, checks, in_set, rows_frame, spec

DATASET = "carbon_market"


def _ratios(ctx: CheckContext, rows: pl.DataFrame) -> pl.DataFrame:
    return rows.with_columns(
        allocation_ratio=pl.col("allowances_allocated")
        / pl.col("verified_emissions").replace(0, None),
        complied=pl.col("allowances_surrendered") >= pl.col("verified_emissions"),
    )


ROWS = rows_frame(DATASET, extend=_ratios)

CHECKS: list[Check] = checks(
    DATASET,
    spec(
        "plausibility.allocation_close_to_emissions",
        "WARN",
        ROWS,
        band("allocation_ratio", "allocation_ratio_band"),
    ),
    # The Chinese reason names the enterprise, the English one its id.
    spec(
        "consistency.surrendered_covers_emissions",
        "WARN",
        ROWS,
        in_set("complied", [True]),
        values={"who": Pair("{enterprise_name}", "{enterprise_id}")},
    ),
)
