"""Checks of the energy administration's inter-provincial electricity imports and exports,
including the province's electricity balance against generation and end-use consumption."""

from __future__ import annotations

import great_expectations as gx
import polars as pl

from dualcarbon.contracts import PROVINCE_CODE
from expectations import config
from expectations.checks import Check, CheckContext, Frame
from expectations.suites._common import gap_within_tolerance, jump_check, rows_frame

DATASET = "electricity_exchange"
ROWS = rows_frame(DATASET, jump_columns=["quantity"])


def _directions(ctx: CheckContext) -> pl.DataFrame:
    return ctx.sql(
        "select d.direction_code as direction, d.name_zh, d.name_en, "
        "count(s.source_row) as rows_reported "
        "from reference.ref_exchange_directions d "
        "left join staging.stg_energy__electricity_exchange s "
        "on s.direction = d.direction_code and s.submission_id = $submission_id "
        "group by all order by 1",
        submission_id=ctx.submission_id,
    )


def _balance(ctx: CheckContext) -> pl.DataFrame:
    """Province: generation + imports - exports against end-use consumption (10^4 kWh), with
    the generation and consumption of the period's accepted submissions."""
    return ctx.sql(
        "with gen as (select sum(generation) as v from staging.stg_energy__electricity_generation "
        "  where period = $period and region_code = $province), "
        "cons as (select sum(quantity) as v from staging.stg_stats__energy_consumption "
        "  where period = $period and region_code = $province and fuel_code = 'electricity'), "
        "ex as (select sum(quantity) filter (where direction = 'import') as imports, "
        "  sum(quantity) filter (where direction = 'export') as exports "
        "  from staging.stg_energy__electricity_exchange where submission_id = $submission_id) "
        "select $province as region_code, gen.v as generation_10k_kwh, "
        "ex.imports as imports_10k_kwh, ex.exports as exports_10k_kwh, "
        "cons.v as consumption_10k_kwh, "
        "100.0 * (gen.v + ex.imports - coalesce(ex.exports, 0) - cons.v) / nullif(cons.v, 0) "
        "as balance_gap_pct from gen, cons, ex",
        period=ctx.period,
        province=PROVINCE_CODE,
        submission_id=ctx.submission_id,
    )


BALANCE = Frame(f"{DATASET}.province_balance", _balance, keys=("region_code",))
_BALANCE_REASON_ZH = "全省发电 {generation_10k_kwh:,.0f} + 调入 {imports_10k_kwh:,.0f} − 调出 {exports_10k_kwh:,.0f} 与终端消费 {consumption_10k_kwh:,.0f} 万千瓦时相差 {balance_gap_pct:+.2f}%"
_BALANCE_REASON_EN = "province generation {generation_10k_kwh:,.0f} + imports {imports_10k_kwh:,.0f} - exports {exports_10k_kwh:,.0f} vs end-use consumption {consumption_10k_kwh:,.0f} x 10^4 kWh: gap {balance_gap_pct:+.2f}%"


_TOL = config.thresholds()["electricity_balance"]

CHECKS: list[Check] = [
    Check(
        check_id=f"{DATASET}.completeness.both_directions_reported",
        dataset=DATASET,
        kind="completeness",
        severity="ERROR",
        row_level=False,
        description_zh="必须同时填报调入和调出（没有时填 0），否则净调入电量和含调入电力的排放都会出错。请能源局补报缺失的方向。",
        description_en="Both imports and exports must be reported (0 if none); otherwise net imports and the CO2 including imported electricity are wrong. Ask the energy administration to add the missing direction.",
        frame=Frame(f"{DATASET}.directions", _directions, keys=("direction",)),
        expectations=lambda ctx: [
            gx.expectations.ExpectColumnValuesToBeBetween(column="rows_reported", min_value=1)
        ],
        reason_zh="没有“{name_zh}”的数据",
        reason_en="no {name_en} rows",
    ),
    Check(
        check_id=f"{DATASET}.validity.counterpart_not_self",
        dataset=DATASET,
        kind="validity",
        severity="ERROR",
        row_level=True,
        description_zh="对方省份不能是江苏本省（320000），否则调入调出被重复计算。该行已隔离：请能源局更正对方省份后重新报送。",
        description_en="The counterpart cannot be Jiangsu itself (320000), or the exchange is double counted. The row is quarantined: ask the energy administration to correct the counterpart and resubmit.",
        frame=ROWS,
        expectations=lambda ctx: [
            gx.expectations.ExpectColumnValuesToNotBeInSet(
                column="counterpart_code", value_set=[PROVINCE_CODE]
            )
        ],
        reason_zh="第 {source_row} 行对方省份为本省",
        reason_en="row {source_row}: the counterpart is Jiangsu itself",
    ),
    Check(
        check_id=f"{DATASET}.validity.quantity_within_maximum",
        dataset=DATASET,
        kind="validity",
        severity="ERROR",
        row_level=True,
        description_zh="与单个省份的调入或调出电量不应超过合理上限（thresholds.yaml 的 exchange_cell_max，万千瓦时），超过通常是单位错误。该行已隔离：请能源局核实后重新报送。",
        description_en="The exchange with one province must not exceed the plausible maximum (thresholds.yaml, exchange_cell_max, 10^4 kWh); a larger value is usually a wrong unit. The row is quarantined: ask the energy administration to check it and resubmit.",
        frame=ROWS,
        expectations=lambda ctx: [
            gx.expectations.ExpectColumnValuesToBeBetween(
                column="quantity", max_value=float(ctx.thresholds["exchange_cell_max"])
            )
        ],
        reason_zh="第 {source_row} 行 {direction}/{counterpart_code} 电量 {quantity:,.2f} 超过上限",
        reason_en="row {source_row} {direction}/{counterpart_code}: {quantity:,.2f} exceeds the maximum",
    ),
    Check(
        check_id=f"{DATASET}.consistency.province_balance_within_tolerance",
        dataset=DATASET,
        kind="consistency",
        severity="WARN",
        row_level=False,
        description_zh=f"全省电力平衡：发电量 + 调入 − 调出 应与全社会终端用电量相差不超过 ±{_TOL['warn_pct']}%（thresholds.yaml 的 electricity_balance）。超出时请与能源局、统计局核对发电、调入调出和用电数据。",
        description_en=f"The province's electricity balance: generation + imports - exports should be within ±{_TOL['warn_pct']}% of end-use consumption (thresholds.yaml, electricity_balance). Beyond that, reconcile generation, exchange and consumption with the energy administration and the statistics bureau.",
        frame=BALANCE,
        expectations=gap_within_tolerance("balance_gap_pct", "electricity_balance", "warn_pct"),
        reason_zh=_BALANCE_REASON_ZH,
        reason_en=_BALANCE_REASON_EN,
    ),
    Check(
        check_id=f"{DATASET}.consistency.province_balance_gross_gap",
        dataset=DATASET,
        kind="consistency",
        severity="ERROR",
        row_level=False,
        description_zh=f"全省电力平衡相差超过 ±{_TOL['error_pct']}%：净调入电量或用电量几乎肯定有错，会使含调入电力的排放出错，不能发布。请退回能源局更正，或在核实后豁免。",
        description_en=f"The province's electricity balance is off by more than ±{_TOL['error_pct']}%: net imports or consumption are almost certainly wrong, which makes the CO2 including imported electricity wrong; it cannot be released. Send it back to the energy administration, or waive it once verified.",
        frame=BALANCE,
        expectations=gap_within_tolerance("balance_gap_pct", "electricity_balance", "error_pct"),
        reason_zh=_BALANCE_REASON_ZH,
        reason_en=_BALANCE_REASON_EN,
    ),
    jump_check(DATASET, ROWS, ["quantity"]),
]
