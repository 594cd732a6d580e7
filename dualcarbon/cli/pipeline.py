"""The statistician's pipeline: `dualcarbon run` (in process, no server) and the Dagster UI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click

from dualcarbon.auth import User
from dualcarbon.cli.common import lang_of
from dualcarbon.cli.common import say as _say
from dualcarbon.cli.users import signed_in
from dualcarbon.paths import Workspace

EXIT_BLOCKED = 75  # EX_TEMPFAIL: another run holds the warehouse; try again later
EXIT_STOPPED = 130  # stopped by a signal while waiting, as a shell reports Ctrl+C


@click.command()
@click.option("--period", help="One reporting period, e.g. 2019.")
@click.option("--from", "period_from", help="First period of a range.")
@click.option("--to", "period_to", help="Last period of a range.")
@signed_in
@click.pass_context
def run(
    ctx: click.Context,
    period: str | None,
    period_from: str | None,
    period_to: str | None,
    user: User,
) -> None:
    """Statistician: run the pipeline (intake, accounts, quality checks, release candidate).

    Without options, runs the range of periods that the inbox's files announce. The signed-in
    statistician becomes the preparer of the candidates the run freezes.
    """
    from dualcarbon.auth import AccessDenied, require
    from dualcarbon.cli.common import refuse

    try:
        require(user, "statistician", "auth.action.run_pipeline")
    except AccessDenied as error:
        refuse(ctx, error)
    run_periods(ctx, period, period_from, period_to, user)


def run_periods(
    ctx: click.Context,
    period: str | None,
    period_from: str | None,
    period_to: str | None,
    user: User,
) -> None:
    from dualcarbon.intake import inbox_files
    from dualcarbon.intake.identify import period_from_name
    from orchestration.runner import run_pipeline

    if period:
        period_from = period_to = period
    if not period_from:
        periods = sorted(
            p for p in (period_from_name(f) for f in inbox_files(Workspace.from_env())) if p
        )
        if not periods:
            _say(ctx, "cli.pipeline.run_periods.no_file_inbox_names", err=True)
            sys.exit(2)
        period_from, period_to = periods[0], periods[-1]
    from orchestration.run_gate import RunBlocked, RunStopped

    try:
        outcome = run_pipeline(
            period_from,
            period_to or period_from,
            actor=user.username,
            notify=lambda said: click.echo(said.render(lang_of(ctx)), err=True),
        )
    except (RunBlocked, RunStopped) as error:
        click.echo(error.message(lang_of(ctx)), err=True)
        sys.exit(EXIT_STOPPED if isinstance(error, RunStopped) else EXIT_BLOCKED)
    label = f"{outcome.period_from}–{outcome.period_to}"
    if outcome.success:
        _say(
            ctx,
            "cli.pipeline.run_periods.run_succeeded_accounts_built",
            label=label,
            run_id=outcome.run_id,
        )
    elif outcome.accounts_built and not outcome.quality_gate_open:
        _say(
            ctx,
            "cli.pipeline.run_periods.accounts_built_but_error",
            label=label,
            run_id=outcome.run_id,
            err=True,
        )
        sys.exit(1)
    else:
        _say(
            ctx,
            "cli.pipeline.run_periods.run_failed_run_id",
            label=label,
            run_id=outcome.run_id,
            err=True,
        )
        sys.exit(1)


def serve_dagster_ui() -> None:
    from orchestration.instance import prepare_environment

    prepare_environment()
    subprocess.run(
        [
            str(Path(sys.executable).parent / "dagster"),
            "dev",
            "-m",
            "orchestration.definitions",
            "--host",
            "127.0.0.1",
            "--port",
            "3000",
        ],
        check=False,
    )


@click.command(name="ui")
def ui_command() -> None:
    """Start the Dagster UI (dagster dev) on the workspace's instance."""
    serve_dagster_ui()
