"""The suites: one per submission dataset, and `marts` for the period as a whole.

A dataset's suite is built from its contract (``validity_checks``: units, ranges, every
region reported, on time; ``plausibility_checks``: what its ``plausibility:`` asks for, the
province against its cities and no tenfold jump) plus, when
``expectations/suites/<dataset>.py`` exists, that module's hand-written plausibility and
consistency checks. The module may define:

- ``CHECKS``: its own checks (a table of ``spec`` rows, see ``_common``);
- ``ROWS``: the row frame every row-level check of the dataset shares (``rows_frame`` with
  the derived columns its checks need);
- ``REGIONS_SEVERITY``: "WARN" when a missing region is not an error.

A new dataset therefore needs no module here unless it has checks of its own.

Importing this package imports Great Expectations (slow, ~10 s cold): the runner does it only
when a validation starts.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections import defaultdict
from types import ModuleType

from dualcarbon.contracts import Contract, all_contracts
from expectations.checks import Check
from expectations.suites import marts
from expectations.suites._common import plausibility_checks, rows_frame, validity_checks


def _hand_written(dataset: str) -> ModuleType | None:
    name = f"{__name__}.{dataset}"
    return importlib.import_module(name) if importlib.util.find_spec(name) else None


def submission_suite(contract: Contract) -> list[Check]:
    """The contract's checks, the dataset's hand-written ones (if any), then the plausibility
    checks the contract asks for."""
    module = _hand_written(contract.dataset)
    rows = getattr(module, "ROWS", None) or rows_frame(contract.dataset)
    severity = getattr(module, "REGIONS_SEVERITY", "ERROR")
    return [
        *validity_checks(contract.dataset, rows, severity),
        *getattr(module, "CHECKS", []),
        *plausibility_checks(contract.dataset, rows),
    ]


# dataset -> its checks, run on the dataset's latest accepted submission of the period. Not
# for datasets of millions of rows (large_files): intake checks every row inside DuckDB, and
# validating them again here would cost more than the run.
SUBMISSION_SUITES: dict[str, list[Check]] = {
    name: submission_suite(contract)
    for name, contract in all_contracts().items()
    if not contract.large_files
}


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
