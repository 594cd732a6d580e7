"""`dualcarbon demo`: the bundled sample end to end, published with the demo users, then the UIs."""

from __future__ import annotations

import subprocess

import click

from dualcarbon.cli.common import say as _say
from dualcarbon.cli.pipeline import run_periods, serve_dagster_ui
from dualcarbon.cli.submissions import status
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
        DEMO_USERS,
        NotADemoWorkspace,
        claim_workspace,
        create_demo_users,
        demo_anchor,
        publish_demo_releases,
        stage_sample,
    )

    ws = Workspace.from_env()
    try:
        claim_workspace(ws)  # before anything is added or staged
    except NotADemoWorkspace as error:
        refuse(ctx, error)
    _say(ctx, f"外部锚点：{demo_anchor(ws)}", f"External anchor: {demo_anchor(ws)}")
    staged = stage_sample(ws)
    _say(
        ctx,
        f"已将 {staged} 个样例报送文件放入收件箱 {ws.inbox}",
        f"Placed {staged} sample submissions in the inbox {ws.inbox}",
    )
    people = create_demo_users(ws)
    run_periods(ctx, None, "2015", "2024", people["stat_demo"])
    ctx.invoke(status)
    published = publish_demo_releases(ws, people)
    _say(
        ctx,
        f"已按发布流程（签核、批准、发布）发布 {len(published)} 个版本：{', '.join(published) or '无新版本'}",
        f"Published {len(published)} release(s) through the workflow (sign-off, approval, "
        f"publication): {', '.join(published) or 'none new'}",
    )
    _say(ctx, "演示用户（仅供演示）：", "Demo users (for the demo only):")
    for person in DEMO_USERS:
        click.echo(f"  {person.username:<16} {person.password:<20} {', '.join(person.roles)}")
    _say(
        ctx,
        "命令行示例：DUALCARBON_USER=drc_demo DUALCARBON_PASSWORD=demo-drc-2026 dualcarbon release list",
        "CLI example: DUALCARBON_USER=drc_demo DUALCARBON_PASSWORD=demo-drc-2026 dualcarbon release list",
    )
    if serve:
        _serve_demo(ctx, ws)


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
        f"公众数据发布网站（仅已发布数据）：{public.url(public.DEFAULT_PORT)}\n"
        f"内部工作台（须登录，见上方演示用户）：{internal.url()}\n"
        f"Dagster 界面：http://127.0.0.1:3000/\n日志：{logs}\n按 Ctrl+C 全部停止。",
        f"Public dashboard (published releases only): {public.url(public.DEFAULT_PORT)}\n"
        f"Internal workbench (sign in, demo users above): {internal.url()}\n"
        f"Dagster UI: http://127.0.0.1:3000/\nLogs: {logs}\nPress Ctrl+C to stop them all.",
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
