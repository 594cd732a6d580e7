"""Checks of the DRC's five-year and annual targets by region and indicator."""

from __future__ import annotations

import polars as pl

from expectations.checks import Check, CheckContext, Frame
from expectations.suites._common import (
    a_above_b,
    between,
    checks,
    not_null,
    pair_equal,
    rows_frame,
    said,
    spec,
)

DATASET = "targets"


def _required(ctx: CheckContext) -> pl.DataFrame:
    required = ctx.thresholds["required_targets"]
    return ctx.sql(
        "select r.region_code, r.name_zh, r.name_en, i.indicator_code, k.target_kind, "
        "count(s.source_row) as rows_reported "
        "from reference.ref_regions r "
        "cross join (select unnest($indicators) as indicator_code) i "
        "cross join (select unnest($kinds) as target_kind) k "
        "left join staging.stg_drc__targets s on s.region_code = r.region_code "
        "and s.indicator_code = i.indicator_code and s.target_kind = k.target_kind "
        "and s.submission_id = $submission_id "
        "group by all order by 1, 4, 5",
        indicators=list(required["indicators"]),
        kinds=list(required["kinds"]),
        submission_id=ctx.submission_id,
    )


def _typed(ctx: CheckContext, rows: pl.DataFrame) -> pl.DataFrame:
    """Percentage and cap targets apart, and each target's span against its kind's."""
    spans = ctx.thresholds["target_span_years"]
    return rows.with_columns(
        percent_value=pl.when(pl.col("unit_code") == "percent").then(pl.col("target_value")),
        cap_value=pl.when(pl.col("unit_code") == "10k_tce").then(pl.col("target_value")),
        span_years=pl.col("target_year") - pl.col("base_year"),
        expected_span_years=pl.col("target_kind").replace_strict(
            {k: int(v) for k, v in spans.items()}, default=None, return_dtype=pl.Int64
        ),
    )


ROWS = rows_frame(DATASET, extend=_typed)
# A region without targets has no progress figures, but no wrong ones: a warning.
REGIONS_SEVERITY = "WARN"

REQUIRED = Frame(
    f"{DATASET}.required", _required, keys=("region_code", "indicator_code", "target_kind")
)

CHECKS: list[Check] = checks(
    DATASET,
    spec(
        "completeness.required_targets_set",
        "WARN",
        REQUIRED,
        between("rows_reported", 1),
        values={"name": said("name")},
    ),
    spec(
        "validity.target_value_in_range",
        "ERROR",
        ROWS,
        not_null("target_value"),
        between("percent_value", 0, 100),
        between("cap_value", 0, strict_min=True),
    ),
    spec(
        "validity.target_year_after_base_year",
        "ERROR",
        ROWS,
        a_above_b("target_year", "base_year"),
    ),
    spec(
        "plausibility.target_span_matches_kind",
        "WARN",
        ROWS,
        pair_equal("span_years", "expected_span_years", ignore_row_if="either_value_is_missing"),
    ),
)
