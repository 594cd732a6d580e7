"""Checks of the energy administration's electricity generation by region and source."""

from __future__ import annotations

import great_expectations as gx

from expectations.checks import Check
from expectations.suites._common import (
    cities_vs_province_check,
    jump_check,
    rows_frame,
)

DATASET = "electricity_generation"
ROWS = rows_frame(DATASET, jump_columns=["generation"])

CHECKS: list[Check] = [
    Check(
        check_id=f"{DATASET}.validity.generation_within_maximum",
        dataset=DATASET,
        kind="validity",
        severity="ERROR",
        row_level=True,
        description_zh="单个地区单类电源的发电量不应超过合理上限（thresholds.yaml 的 generation_cell_max，万千瓦时），超过通常是把千瓦时或亿千瓦时当作万千瓦时。该行已隔离：请能源局核实单位后重新报送。",
        description_en="One region's generation from one source must not exceed the plausible maximum (thresholds.yaml, generation_cell_max, 10^4 kWh); a larger value usually means kWh or 10^8 kWh were entered as 10^4 kWh. The row is quarantined: ask the energy administration to check the unit and resubmit.",
        frame=ROWS,
        expectations=lambda ctx: [
            gx.expectations.ExpectColumnValuesToBeBetween(
                column="generation", max_value=float(ctx.thresholds["generation_cell_max"])
            )
        ],
        reason_zh="第 {source_row} 行 {region_code}/{source_code} 发电量 {generation:,.2f} 万千瓦时超过上限",
        reason_en="row {source_row} {region_code}/{source_code}: {generation:,.2f} x 10^4 kWh exceeds the maximum",
    ),
    cities_vs_province_check(DATASET, "source_code", "generation", "电源类型", "power source"),
    jump_check(DATASET, ROWS, ["generation"]),
]
