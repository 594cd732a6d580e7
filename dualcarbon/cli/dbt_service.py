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
        say(
            ctx,
            "dbt 常驻服务未运行（下一条 dbt 命令会启动它）。",
            "The dbt service is not running (the next dbt command starts it).",
        )
        return
    minutes = (time.time() - answer["started"]) / 60
    say(
        ctx,
        f"dbt 常驻服务：进程 {answer['pid']}，已运行 {minutes:.0f} 分钟，"
        f"执行命令 {answer['commands']} 条，解析项目 {answer['parses']} 次，"
        f"正在执行 {len(answer['running'])} 条。",
        f"dbt service: process {answer['pid']}, up {minutes:.0f} min, "
        f"{answer['commands']} commands, {answer['parses']} parses, "
        f"{len(answer['running'])} running.",
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
        say(ctx, "dbt 常驻服务未运行。", "The dbt service is not running.")
    else:
        say(ctx, "dbt 常驻服务已停止。", "The dbt service has stopped.")
