"""Reporting periods as Dagster partitions.

Annual now. Quarterly and monthly datasets will get their own partitions definitions here
(keys ``2024Q1`` and ``2024-01``, as `dualcarbon.periods` already parses).
"""

from __future__ import annotations

import dagster as dg

from dualcarbon.periods import FIRST_YEAR

annual_periods = dg.TimeWindowPartitionsDefinition(
    cron_schedule="0 0 1 1 *",  # a year is complete on 1 January of the next
    start=str(FIRST_YEAR),
    fmt="%Y",
    timezone="Asia/Shanghai",
)
