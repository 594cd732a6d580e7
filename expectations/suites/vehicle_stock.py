"""Checks of the transport department's vehicle stock by power type."""

from __future__ import annotations

from expectations.checks import Check
from expectations.suites._common import (
    cities_vs_province_check,
    jump_check,
    rows_frame,
)

DATASET = "vehicle_stock"
ROWS = rows_frame(DATASET, jump_columns=["vehicles"])

CHECKS: list[Check] = [
    cities_vs_province_check(DATASET, "power_type_code", "vehicles", "动力类型", "power type"),
    jump_check(DATASET, ROWS, ["vehicles"]),
]
