"""Checks of the statistics bureau's output of process-emitting products (cement clinker, ...)."""

from __future__ import annotations

from expectations.checks import Check
from expectations.suites._common import at_most, checks, rows_frame, spec

DATASET = "process_activity"
ROWS = rows_frame(DATASET)

CHECKS: list[Check] = checks(
    DATASET,
    spec(
        "validity.quantity_within_maximum",
        "ERROR",
        ROWS,
        at_most("quantity", "process_cell_max"),
    ),
)
