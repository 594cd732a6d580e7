"""The suites: one module per submission dataset, and `marts` for the period as a whole.

Importing this package imports Great Expectations (slow, ~10 s cold): the runner does it only
when a validation starts.
"""

from __future__ import annotations

from collections import defaultdict

from expectations.checks import Check
from expectations.suites import (
    building_stock,
    carbon_market,
    electricity_exchange,
    electricity_generation,
    energy_consumption,
    forest_inventory,
    freight_turnover,
    gdp_population,
    key_energy_units,
    marts,
    process_activity,
    targets,
    transport_electrification,
    two_high_projects,
    vehicle_stock,
    wetland_inventory,
)

_SUBMISSION_MODULES = (
    energy_consumption,
    gdp_population,
    process_activity,
    electricity_generation,
    electricity_exchange,
    targets,
    forest_inventory,
    wetland_inventory,
    key_energy_units,
    two_high_projects,
    building_stock,
    freight_turnover,
    vehicle_stock,
    transport_electrification,
    carbon_market,
)

# dataset -> its checks, run on the dataset's latest accepted submission of the period.
SUBMISSION_SUITES: dict[str, list[Check]] = {m.DATASET: m.CHECKS for m in _SUBMISSION_MODULES}


def _by_dataset(checks: list[Check]) -> dict[str, list[Check]]:
    grouped: dict[str, list[Check]] = defaultdict(list)
    for check in checks:
        grouped[check.dataset].append(check)
    return dict(grouped)


# mart (or "submissions", the register) -> its checks, run on the period.
MART_SUITES: dict[str, list[Check]] = _by_dataset(marts.CHECKS)


def all_checks() -> list[Check]:
    return [c for suite in (*SUBMISSION_SUITES.values(), *MART_SUITES.values()) for c in suite]


def _assert_unique() -> None:
    ids = [c.check_id for c in all_checks()]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise ValueError(f"duplicate check ids: {sorted(duplicates)}")


_assert_unique()
