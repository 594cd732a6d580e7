"""Checks of the transport department's buses and charging points."""

from __future__ import annotations

from expectations.checks import Check
from expectations.suites._common import (
    cities_vs_province_check,
    jump_check,
    rows_frame,
)

DATASET = "transport_electrification"
ROWS = rows_frame(DATASET, jump_columns=["buses", "charging_points"])

CHECKS: list[Check] = [
    cities_vs_province_check(
        DATASET,
        item_sql="v.item",
        value_sql="case v.item when 'buses' then buses else charging_points end",
        item_label_zh="指标",
        item_label_en="variable",
        from_extra="cross join (values ('buses'), ('charging_points')) v(item)",
    ),
    jump_check(DATASET, ROWS, ["buses", "charging_points"]),
]
