"""The root `dualcarbon` command: the language switch and every command group.

This package is the only place that wires the apps (orchestration, dashboards) to the core
library; each module holds one group of commands.
"""

from __future__ import annotations

import click

from dualcarbon.cli.demo import demo
from dualcarbon.cli.maintain import init, prepare, sample, templates
from dualcarbon.cli.pipeline import run, ui_command
from dualcarbon.cli.release import audit_command, calendar, release, verify
from dualcarbon.cli.report import report
from dualcarbon.cli.review import review
from dualcarbon.cli.submissions import check, status, submit
from dualcarbon.cli.users import users


@click.group()
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    envvar="DUALCARBON_LANG",
    default="zh",
    show_default=True,
    help="Language of messages / 输出语言",
)
@click.pass_context
def main(ctx: click.Context, lang: str) -> None:
    """江苏省碳达峰碳中和统计平台 · Jiangsu dual-carbon statistical platform."""
    ctx.obj = {"lang": lang}


for command in (
    init,
    prepare,
    sample,
    templates,
    check,
    submit,
    status,
    run,
    ui_command,
    demo,
    review,
    release,
    calendar,
    verify,
    audit_command,
    users,
    report,
):
    main.add_command(command)
