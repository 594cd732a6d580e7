"""`dualcarbon demo`: the bundled sample end to end, published with the demo users, then the UIs."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager

import click

from dualcarbon.cli.common import say as _say
from dualcarbon.cli.pipeline import run_periods, serve_dagster_ui
from dualcarbon.cli.submissions import status
from dualcarbon.i18n import Join, Message
from dualcarbon.paths import Workspace


@click.command()
@click.option(
    "--serve/--no-serve",
    default=True,
    help="Start the Dagster UI and the internal dashboard after the run.",
)
@click.pass_context
def demo(ctx: click.Context, serve: bool) -> None:
    """Load the bundled sample 2015-2024 end to end, publish it through the workflow with the
    demo users, then optionally serve the dashboards and the Dagster UI."""
    from dualcarbon.cli.common import refuse
    from dualcarbon.demo import (
        CORRECTION_PERIOD,
        DEMO_USERS,
        NotADemoWorkspace,
        claim_workspace,
        correction_due,
        create_demo_users,
        demo_anchor,
        publish_demo_correction,
        publish_demo_releases,
        stage_correction,
        stage_sample,
    )

    ws = Workspace.from_env()
    try:
        claim_workspace(ws)  # before anything is added or staged
    except NotADemoWorkspace as error:
        refuse(ctx, error)
    _say(ctx, "cli.demo.demo.external_anchor", anchor=demo_anchor(ws))
    staged = stage_sample(ws)
    _say(ctx, "cli.demo.demo.placed_sample_submissions_inbox", staged=staged, inbox=ws.inbox)
    people = create_demo_users(ws)
    # The sample replays ten years of submissions, each stamped with the time it would have
    # arrived (stage_sample): for the demo's own run only, that time is the time of receipt.
    with _replaying_file_times():
        run_periods(ctx, None, "2015", "2024", people["stat_demo"])
    ctx.invoke(status)
    published = publish_demo_releases(ws, people)
    if correction_due(ws):  # one correction, so that the demo shows a revision
        if stage_correction(ws):
            run_periods(ctx, CORRECTION_PERIOD, None, None, people["stat_demo"])
        published.append(publish_demo_correction(ws, people))
    _say(
        ctx,
        "cli.demo.demo.published_release_through_workflow",
        count=len(published),
        releases=Join(published, empty=Message("cli.demo.demo.none_new")),
    )
    _say(ctx, "cli.demo.demo.demo_users_demo_only")
    for person in DEMO_USERS:
        click.echo(f"  {person.username:<16} {person.password:<20} {', '.join(person.roles)}")
    _say(ctx, "cli.demo.demo.cli_example_dualcarbon_user")
    if serve:
        _serve_demo(ctx, ws)


@contextmanager
def _replaying_file_times() -> Iterator[None]:
    from dualcarbon.intake.clock import FILE_TIME, REPLAY_VARIABLE

    before = os.environ.get(REPLAY_VARIABLE)
    os.environ[REPLAY_VARIABLE] = FILE_TIME  # also for the run's child processes
    try:
        yield
    finally:
        if before is None:
            del os.environ[REPLAY_VARIABLE]
        else:
            os.environ[REPLAY_VARIABLE] = before


def _serve_demo(ctx: click.Context, ws: Workspace) -> None:
    """The public dashboard (published releases) and the internal one (sign in) run in the
    background beside the Dagster UI and stop with it; their output goes to log files."""
    from dashboards.internal import launch as internal
    from dashboards.public import launch as public

    logs = ws.state / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    servers = []
    for name, module in (("dashboard", internal), ("public", public)):
        with (logs / f"{name}.log").open("ab") as log:
            servers.append(
                subprocess.Popen(
                    module.command(port=module.DEFAULT_PORT),
                    env=module.environment(ws),
                    cwd=module.PROJECT_DIR,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
    _say(
        ctx,
        "cli.demo.serve_demo.public_dashboard_published_releases",
        public_url=public.url(public.DEFAULT_PORT),
        internal_url=internal.url(),
        logs=logs,
    )
    try:
        serve_dagster_ui()
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
