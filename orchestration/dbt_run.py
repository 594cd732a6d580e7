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
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from dualcarbon.paths import DBT_PROJECT_DIR

PREFIX = "DUALCARBON_RUN_"
PARTIAL_PARSE = "partial_parse.msgpack"

# dbt recommends running unit tests in development and CI, not in production builds; `make
# test` runs them (tests/test_dbt_unit_tests.py).
DBT_BUILD = ["build", "--exclude-resource-type", "unit_test"]
# The dbt of this environment: the one dagster-dbt runs.
DBT = str(Path(sys.executable).parent / "dbt")


def dbt_command(*args: str, target: Path, project: Path = DBT_PROJECT_DIR) -> list[str]:
    """The command line of ``dbt ARGS`` on ``project`` (its profile is in the project folder),
    writing its artefacts to ``target``: for dbt run outside Dagster (prepare, benchmarks,
    tests)."""
    folder = str(project)
    return [
        DBT,
        *args,
        "--project-dir",
        folder,
        "--profiles-dir",
        folder,
        "--target-path",
        str(target),
    ]


def dbt_environment(home: Path, logs: Path, **settings: str) -> dict[str, str]:
    """This process's environment with dbt pointed at the workspace ``home`` and its logs at
    ``logs``, without usage statistics (as orchestration/instance.py sets it for the
    pipeline), plus ``settings`` (e.g. ``run_settings(...)``)."""
    return {
        **os.environ,
        "DUALCARBON_HOME": str(home),
        "DBT_LOG_PATH": str(logs),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        **settings,
    }


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
