"""Configurable thresholds and the release calendar of the quality checks.

Thresholds live in ``expectations/thresholds.yaml`` (the band of year-on-year changes, the
reconciliation tolerances, ...). ``DUALCARBON_QUALITY_THRESHOLDS`` may point to another file
with the same keys (a deployment's own tuning); keys it leaves out keep the defaults.

The release calendar is in the contracts: each dataset's ``deadline:`` (rule, time of day in
China Standard Time, and why), or the default for its reporting frequency
(``dualcarbon.contracts.DEFAULT_DEADLINES``). The rules:

- ``N+k-MM-DD`` for annual data of year N (``N+1-03-31``: year N's data is due on 31 March of
  the following year; ``N-03-31``: due in March of the year itself, as targets are);
- ``end+Dd`` for any frequency: D days after the last day of the period (``end+45d``).

``received_at`` of a submission is the server's time when intake took the file (UTC), so a
file is on time when it was received at or before the deadline.
"""

from __future__ import annotations

import copy
import os
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from dualcarbon.periods import Period, parse_period

HERE = Path(__file__).resolve().parent
THRESHOLDS_PATH = HERE / "thresholds.yaml"
THRESHOLDS_ENV = "DUALCARBON_QUALITY_THRESHOLDS"


def _merge(base: dict, override: dict) -> dict:
    merged = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


@cache
def _load(path: str | None) -> dict[str, Any]:
    thresholds = yaml.safe_load(THRESHOLDS_PATH.read_text(encoding="utf-8"))
    if path:
        thresholds = _merge(thresholds, yaml.safe_load(Path(path).read_text(encoding="utf-8")))
    return thresholds


def thresholds() -> dict[str, Any]:
    """The thresholds in force (defaults, overridden by $DUALCARBON_QUALITY_THRESHOLDS)."""
    return _load(os.environ.get(THRESHOLDS_ENV) or None)


def parse_key(period: str) -> Period:
    """A period key, without the 'has it ended yet' rule of intake."""
    return parse_period(period, today=date.max)


def previous_period(period: str) -> str:
    """The period just before: 2018 for 2019, 2018Q4 for 2019Q1, 2018-12 for 2019-01."""
    p = parse_key(period)
    if p.month is not None:
        return Period(p.year - (p.month == 1), month=12 if p.month == 1 else p.month - 1).key
    if p.quarter is not None:
        return Period(p.year - (p.quarter == 1), quarter=4 if p.quarter == 1 else p.quarter - 1).key
    return Period(p.year - 1).key
