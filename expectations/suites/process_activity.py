"""Checks of the statistics bureau's output of process-emitting products (cement clinker, ...)."""

from __future__ import annotations

import great_expectations as gx

from expectations.checks import Check
from expectations.suites._common import (
    cities_vs_province_check,
    jump_check,
    rows_frame,
)

DATASET = "process_activity"
ROWS = rows_frame(DATASET, jump_columns=["quantity"])

CHECKS: list[Check] = [
    Check(
        check_id=f"{DATASET}.validity.quantity_within_maximum",
        dataset=DATASET,
        kind="validity",
        severity="ERROR",
        row_level=True,
        description_zh="单个地区单个产品的产量不应超过合理上限（thresholds.yaml 的 process_cell_max），超过通常是单位填错。该行已隔离：请部门核实后重新报送。",
        description_en="The output of one product in one region must not exceed the plausible maximum (thresholds.yaml, process_cell_max); a larger value is usually a wrong unit. The row is quarantined: ask the department to check it and resubmit.",
        frame=ROWS,
        expectations=lambda ctx: [
            gx.expectations.ExpectColumnValuesToBeBetween(
                column="quantity", max_value=float(ctx.thresholds["process_cell_max"])
            )
        ],
        reason_zh="第 {source_row} 行 {region_code}/{product_code} 产量 {quantity:,.2f} {unit_code} 超过上限",
        reason_en="row {source_row} {region_code}/{product_code}: {quantity:,.2f} {unit_code} exceeds the maximum",
    ),
    cities_vs_province_check(DATASET, "product_code", "quantity", "产品", "product"),
    jump_check(DATASET, ROWS, ["quantity"]),
]
