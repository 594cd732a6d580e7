"""What a dbt invocation is for: the periods and the Dagster run, as environment variables.

They change at every run. Passed as ``--vars`` they would make dbt re-parse the whole project
each time (a changed --vars invalidates its partial parse: about 4 s a run); as environment
variables, read by dbt_project/macros/run_setting.sql, only the few files that read them are
parsed again.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

PREFIX = "DUALCARBON_RUN_"


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
