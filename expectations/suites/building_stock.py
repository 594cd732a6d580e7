"""Checks of the housing department's building stock and green buildings."""

from __future__ import annotations

from expectations.checks import Check
from expectations.suites._common import (
    cities_vs_province_check,
    jump_check,
    rows_frame,
)

DATASET = "building_stock"
ROWS = rows_frame(DATASET, jump_columns=["floor_area"])

CHECKS: list[Check] = [
    cities_vs_province_check(DATASET, "building_type_code", "floor_area", "建筑类型", "type"),
    jump_check(DATASET, ROWS, ["floor_area"]),
]
