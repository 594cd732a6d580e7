"""Checks of the forestry bureau's coastal-wetland areas by region and type."""

from __future__ import annotations

from expectations.checks import Check
from expectations.suites._common import cities_vs_province_check, rows_frame

DATASET = "wetland_inventory"
ROWS = rows_frame(DATASET)

CHECKS: list[Check] = [
    cities_vs_province_check(
        DATASET, "wetland_type_code", "wetland_area", "湿地类型", "wetland type"
    ),
]
