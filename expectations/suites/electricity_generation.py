"""Checks of the energy administration's electricity generation by region and source."""

from __future__ import annotations

from expectations.checks import Check
from expectations.suites._common import at_most, checks, rows_frame, spec

DATASET = "electricity_generation"
ROWS = rows_frame(DATASET)

CHECKS: list[Check] = checks(
    DATASET,
    spec(
        "validity.generation_within_maximum",
        "ERROR",
        ROWS,
        at_most("generation", "generation_cell_max"),
    ),
)
