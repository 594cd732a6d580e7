"""How the pipeline invokes dbt: the run's settings as environment variables, and dbt's parse
of the project kept from one run to the next.

The periods and the Dagster run change at every run. Passed as ``--vars`` they would make
dbt parse the whole project again each time (a changed --vars invalidates its partial
parse); as environment variables, read only at execution by
dbt_project/macros/run_setting.sql, they leave the parsed project valid.

dbt keeps its parse in ``partial_parse.msgpack`` in the target folder, and dagster-dbt gives
each invocation a target folder of its own, into which it copies the parse found in
``$DBT_TARGET_PATH`` (orchestration/instance.py points that at the workspace's
``.state/dbt/target``). dbt's parse is valid only for the same profile, and the profile
names the workspace's warehouse, so the parse of the project's own ``target/`` (from
`dualcarbon prepare`) is not: the first run in a workspace parses everything, and
``keep_partial_parse`` puts its parse where the next run's invocation finds it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PREFIX = "DUALCARBON_RUN_"
PARTIAL_PARSE = "partial_parse.msgpack"

# dbt recommends running unit tests in development and CI, not in production builds; `make
# test` runs them (tests/test_dbt_unit_tests.py).
DBT_BUILD = ["build", "--exclude-resource-type", "unit_test"]


def run_settings(
    period_from: str | None = None, period_to: str | None = None, dagster_run_id: str = ""
) -> dict[str, str]:
    """The environment of a dbt invocation for ``period_from``..``period_to`` (None: every
    period, as in a first or a full build)."""
    return {
        f"{PREFIX}PERIOD_FROM": period_from or "",
        f"{PREFIX}PERIOD_TO": (period_to or period_from) or "",
        f"{PREFIX}DAGSTER_RUN_ID": dagster_run_id,
    }


@contextmanager
def run_environment(settings: dict[str, str]) -> Iterator[None]:
    """Set ``settings`` in this process's environment (which dbt's subprocess inherits) and
    restore what was there before."""
    saved = {key: os.environ.get(key) for key in settings}
    os.environ.update(settings)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def keep_partial_parse(run_target: Path, targets: Path) -> None:
    """Copy dbt's parse from an invocation's own target folder to ``targets`` (the workspace's
    ``$DBT_TARGET_PATH``), replacing the one there in one step."""
    parsed = run_target / PARTIAL_PARSE
    if not parsed.is_file():
        return
    incoming = targets / f".{PARTIAL_PARSE}.{os.getpid()}"
    shutil.copyfile(parsed, incoming)
    os.replace(incoming, targets / PARTIAL_PARSE)
