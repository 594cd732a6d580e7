"""`dualcarbon dbt-service status|stop`: the warm dbt service (dualcarbon/dbt_service)."""

from __future__ import annotations

import time

import click

from dualcarbon.cli.common import say
from dualcarbon.dbt_service import address


@click.group(name="dbt-service")
def dbt_service() -> None:
    """The warm dbt service: dbt loaded and the project parsed, for every dbt command."""


@dbt_service.command()
@click.pass_context
def status(ctx: click.Context) -> None:
    """Whether the service runs, and the commands it ran last."""
    answer = address.ask("status")
    if answer is None:
        say(ctx, "cli.dbt_service.status.dbt_service_not_running")
        return
    minutes = (time.time() - answer["started"]) / 60
    say(
        ctx,
        "cli.dbt_service.status.dbt_service_process_up",
        pid=answer["pid"],
        minutes=minutes,
        commands=answer["commands"],
        parses=answer["parses"],
        count=len(answer["running"]),
    )
    for command in answer["finished"][-10:]:
        click.echo(
            f"  {' '.join(command['args'][:3])}  exit {command['exit']}  "
            f"{command['seconds']:.1f} s  {command['peak_mb'] or 0:.0f} MB"
        )
    click.echo(f"  socket: {answer['socket']}")


@dbt_service.command()
@click.pass_context
def stop(ctx: click.Context) -> None:
    """Stop the service (running commands finish; the next command starts a new one)."""
    if address.ask("stop") is None:
        say(ctx, "cli.dbt_service.stop.dbt_service_not_running")
    else:
        say(ctx, "cli.dbt_service.stop.dbt_service_has_stopped")
