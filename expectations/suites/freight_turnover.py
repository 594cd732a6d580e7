"""Checks of the transport department's freight turnover by mode."""

from __future__ import annotations

from expectations.checks import Check
from expectations.suites._common import (
    cities_vs_province_check,
    jump_check,
    rows_frame,
)

DATASET = "freight_turnover"
ROWS = rows_frame(DATASET, jump_columns=["turnover"])

CHECKS: list[Check] = [
    cities_vs_province_check(DATASET, "mode_code", "turnover", "运输方式", "mode"),
    jump_check(DATASET, ROWS, ["turnover"]),
]
