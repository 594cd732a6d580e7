"""Checks of the DRC's five-year and annual targets by region and indicator."""

from __future__ import annotations

import great_expectations as gx
import polars as pl

from expectations.checks import Check, CheckContext, Frame
from expectations.suites._common import rows_frame

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

CHECKS: list[Check] = [
    Check(
        check_id=f"{DATASET}.completeness.required_targets_set",
        dataset=DATASET,
        kind="completeness",
        severity="WARN",
        row_level=False,
        description_zh="每个地区都应有能耗强度、碳排放强度、非化石能源占比和能源消费总量的五年目标和年度目标（thresholds.yaml 的 required_targets）。缺少时目标进度无法评估：请发展改革委补报。",
        description_en="Every region should have five-year and annual targets for energy intensity, CO2 intensity, the non-fossil share and total energy (thresholds.yaml, required_targets). Without them progress cannot be assessed: ask the DRC to add them.",
        frame=Frame(
            f"{DATASET}.required",
            _required,
            keys=("region_code", "indicator_code", "target_kind"),
        ),
        expectations=lambda ctx: [
            gx.expectations.ExpectColumnValuesToBeBetween(column="rows_reported", min_value=1)
        ],
        reason_zh="地区 {region_code}（{name_zh}）缺少 {indicator_code} 的 {target_kind} 目标",
        reason_en="{region_code} ({name_en}) has no {target_kind} target for {indicator_code}",
    ),
    Check(
        check_id=f"{DATASET}.validity.target_value_in_range",
        dataset=DATASET,
        kind="validity",
        severity="ERROR",
        row_level=True,
        description_zh="目标值必须填报：百分比类目标（下降率、占比）在 0 至 100 之间，总量上限（万吨标准煤）大于 0。该行已隔离：请发展改革委更正后重新报送。",
        description_en="The target value must be given: percentage targets (declines, shares) between 0 and 100, caps (10^4 tce) above 0. The row is quarantined: ask the DRC to correct it and resubmit.",
        frame=ROWS,
        expectations=lambda ctx: [
            gx.expectations.ExpectColumnValuesToNotBeNull(column="target_value"),
            gx.expectations.ExpectColumnValuesToBeBetween(
                column="percent_value", min_value=0, max_value=100
            ),
            gx.expectations.ExpectColumnValuesToBeBetween(
                column="cap_value", min_value=0, strict_min=True
            ),
        ],
        reason_zh="第 {source_row} 行 {region_code}/{indicator_code} 目标值 {target_value} {unit_code} 超出范围",
        reason_en="row {source_row} {region_code}/{indicator_code}: target value {target_value} {unit_code} out of range",
    ),
    Check(
        check_id=f"{DATASET}.validity.target_year_after_base_year",
        dataset=DATASET,
        kind="validity",
        severity="ERROR",
        row_level=True,
        description_zh="目标年份必须晚于基期年份。该行已隔离：请发展改革委更正年份后重新报送。",
        description_en="The target year must be later than the base year. The row is quarantined: ask the DRC to correct the years and resubmit.",
        frame=ROWS,
        expectations=lambda ctx: [
            gx.expectations.ExpectColumnPairValuesAToBeGreaterThanB(
                column_A="target_year", column_B="base_year"
            )
        ],
        reason_zh="第 {source_row} 行基期 {base_year}、目标年 {target_year}",
        reason_en="row {source_row}: base year {base_year}, target year {target_year}",
    ),
    Check(
        check_id=f"{DATASET}.plausibility.target_span_matches_kind",
        dataset=DATASET,
        kind="plausibility",
        severity="WARN",
        row_level=True,
        description_zh="五年目标的基期到目标年应为 5 年，年度目标应为 1 年（thresholds.yaml 的 target_span_years）。不符时请与发展改革委核实目标类型和年份。",
        description_en="A five-year target should span 5 years from base to target year, an annual target 1 year (thresholds.yaml, target_span_years). Otherwise check the kind and the years with the DRC.",
        frame=ROWS,
        expectations=lambda ctx: [
            gx.expectations.ExpectColumnPairValuesToBeEqual(
                column_A="span_years",
                column_B="expected_span_years",
                ignore_row_if="either_value_is_missing",
            )
        ],
        reason_zh="第 {source_row} 行 {target_kind} 目标跨度 {span_years} 年",
        reason_en="row {source_row}: {target_kind} target spans {span_years} years",
    ),
]
