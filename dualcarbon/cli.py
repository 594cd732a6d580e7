"""`dualcarbon`: the command line for statisticians, departments and operators.

Messages are in Simplified Chinese by default; `--lang en` (or DUALCARBON_LANG=en) switches
to English.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import click

from dualcarbon.auth import User
from dualcarbon.cli_auth import signed_in, users
from dualcarbon.cli_common import say as _say
from dualcarbon.cli_dbt_service import dbt_service
from dualcarbon.cli_release import audit_command, calendar, release, verify
from dualcarbon.cli_report import report
from dualcarbon.cli_review import review
from dualcarbon.paths import DBT_PROJECT_DIR, SAMPLE_DIR, Workspace


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


@main.command()
@click.pass_context
def init(ctx: click.Context) -> None:
    """Create the workspace folders under $DUALCARBON_HOME."""
    ws = Workspace.from_env().ensure()
    _say(ctx, f"工作区已就绪：{ws.home}", f"Workspace ready: {ws.home}")


@main.command()
def prepare() -> None:
    """Build the dbt manifest (dbt parse) that Dagster loads; run once after install or a model change."""
    from dualcarbon.dagster_home import prepare_environment

    ws = prepare_environment()
    target = DBT_PROJECT_DIR / "target"
    subprocess.run(
        [
            str(Path(sys.executable).parent / "dbt"),
            "parse",
            "--project-dir",
            str(DBT_PROJECT_DIR),
            "--profiles-dir",
            str(DBT_PROJECT_DIR),
            "--target-path",
            str(target),
            "--quiet",
        ],
        check=True,
        env={**os.environ, "DBT_LOG_PATH": str(ws.state / "dbt" / "logs")},
    )
    click.echo(f"dbt manifest: {target / 'manifest.json'}")


@main.command()
@click.option("--out", type=click.Path(path_type=Path), default=SAMPLE_DIR, show_default=True)
@click.option(
    "--scale",
    type=click.IntRange(min=1),
    default=None,
    help="Write only the key units' monthly files (enterprise_energy_monthly), for N units.",
)
@click.pass_context
def sample(ctx: click.Context, out: Path, scale: int | None) -> None:
    """Write the calibrated sample submissions (2015-2024) and the defective batch."""
    from dualcarbon.sample import write_defective, write_enterprise, write_sample

    if scale is not None:
        written = write_enterprise(out, scale)
        rows = sum(written.values())
        _say(
            ctx,
            f"已生成 {len(written)} 个重点用能单位月度文件（{scale} 家单位，{rows:,} 行）：{out}",
            f"Wrote {len(written)} key-unit monthly files ({scale} units, {rows:,} rows) to {out}",
        )
        return
    files = write_sample(out) + write_defective(out)
    _say(ctx, f"已生成 {len(files)} 个样例文件：{out}", f"Wrote {len(files)} sample files to {out}")


@main.command()
@click.option("--out", type=click.Path(path_type=Path), default=Path("docs"), show_default=True)
@click.pass_context
def templates(ctx: click.Context, out: Path) -> None:
    """Generate the departments' templates (XLSX, CSV) and docs/submissions.md from the contracts."""
    from dualcarbon.templates import write_catalogue, write_templates

    files = write_templates(out / "templates")
    catalogue = write_catalogue(out / "submissions.md")
    _say(
        ctx,
        f"已生成 {len(files)} 个模板和目录 {catalogue}",
        f"Wrote {len(files)} templates and the catalogue {catalogue}",
    )


def _print_issues(ctx: click.Context, issues: list) -> None:
    zh = ctx.obj["lang"] == "zh"
    for issue in issues:
        where = []
        if issue.row is not None:
            where.append(f"第 {issue.row} 行" if zh else f"row {issue.row}")
        if issue.column:
            where.append(f"列“{issue.column}”" if zh else f"column '{issue.column}'")
        place = (
            ("，".join(where) + "：")
            if zh and where
            else (", ".join(where) + ": " if where else "")
        )
        message, fix = (issue.message_zh, issue.fix_zh) if zh else (issue.message_en, issue.fix_en)
        click.echo(f"  - {place}{message} {fix}")


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.pass_context
def check(ctx: click.Context, files: tuple[Path, ...]) -> None:
    """Check submission files against their contracts without loading anything."""
    from dualcarbon.intake import check_file

    failed = 0
    for path in files:
        result = check_file(path)
        if result.accepted:
            _say(
                ctx,
                f"✓ {path.name}：符合“{result.contract.title_zh}”{result.period} 的要求，"
                f"共 {result.data.height} 行。",
                f"✓ {path.name}: valid {result.contract.title_en} for {result.period}, "
                f"{result.data.height} rows.",
            )
        else:
            failed += 1
            _say(
                ctx,
                f"✗ {path.name}：发现 {len(result.issues)} 个问题：",
                f"✗ {path.name}: {len(result.issues)} problem(s):",
            )
            _print_issues(ctx, result.issues)
    sys.exit(1 if failed else 0)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@signed_in
@click.pass_context
def submit(ctx: click.Context, files: tuple[Path, ...], user: User) -> None:
    """Hand files in: place them in the inbox and take them in at once (no accounts rebuild)."""
    from dualcarbon.auth import AccessDenied
    from dualcarbon.cli_common import refuse
    from dualcarbon.intake import process_inbox

    if not user.roles & {"submitter", "statistician"}:
        refuse(
            ctx,
            AccessDenied(
                "只有报送单位填报人或统计人员可以报送文件。",
                "Only submitters and statisticians may hand in files.",
            ),
        )

    ws = Workspace.from_env().ensure()
    for path in files:
        staged = ws.inbox / (path.name + ".part")
        shutil.copyfile(path, staged)
        staged.replace(ws.inbox / path.name)  # atomic: the sensor never sees half a file
    results = process_inbox(ws)
    _report_results(ctx, results)
    sys.exit(1 if any(r.status == "rejected" for r in results) else 0)


def _report_results(ctx: click.Context, results: list) -> None:
    for r in results:
        if r.status == "accepted":
            _say(
                ctx,
                f"✓ {r.file_name}：已接收，{r.dataset} {r.period} 第 {r.version} 版，{r.row_count} 行。",
                f"✓ {r.file_name}: accepted, {r.dataset} {r.period} version {r.version}, {r.row_count} rows.",
            )
        elif r.status == "rejected":
            _say(
                ctx,
                f"✗ {r.file_name}：已退回，{len(r.issues)} 个问题，反馈报告：{r.report}",
                f"✗ {r.file_name}: rejected, {len(r.issues)} problem(s); report: {r.report}",
            )
            _print_issues(ctx, r.issues[:10])
        elif r.status == "duplicate":
            _say(
                ctx,
                f"= {r.file_name}：与已登记的报送完全相同，未重复入库（{r.note}）。",
                f"= {r.file_name}: identical to a registered submission, not loaded again ({r.note}).",
            )


@main.command()
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
    from dualcarbon.cli_common import refuse

    try:
        require(user, "statistician", "运行流水线", "Run the pipeline")
    except AccessDenied as error:
        refuse(ctx, error)
    _run(ctx, period, period_from, period_to, user)


def _run(
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
            _say(
                ctx,
                "收件箱中没有可识别报告期的文件；请用 --period 指定报告期。",
                "No file in the inbox names a period; give one with --period.",
                err=True,
            )
            sys.exit(2)
        period_from, period_to = periods[0], periods[-1]
    outcome = run_pipeline(period_from, period_to or period_from, actor=user.username)
    label = f"{outcome.period_from}–{outcome.period_to}"
    if outcome.success:
        _say(
            ctx,
            f"运行成功（{label}）：账户已生成，质量检查无未处理错误，发布候选已冻结。运行编号 {outcome.run_id}",
            f"Run succeeded ({label}): accounts built, no open quality error, release "
            f"candidate frozen. Run id {outcome.run_id}",
        )
    elif outcome.accounts_built and not outcome.quality_gate_open:
        _say(
            ctx,
            f"账户已生成（{label}），但有错误级质量检查未通过且未豁免，未生成发布候选。"
            f"请数据管理员处理：dualcarbon review list。运行编号 {outcome.run_id}",
            f"Accounts built ({label}), but ERROR-severity quality checks fail and are not "
            f"waived, so no release candidate. For the data steward: `dualcarbon review list`. "
            f"Run id {outcome.run_id}",
            err=True,
        )
        sys.exit(1)
    else:
        _say(
            ctx,
            f"运行失败（{label}），运行编号 {outcome.run_id}；详情见 Dagster 界面（make ui）。",
            f"Run failed ({label}), run id {outcome.run_id}; see the Dagster UI (make ui).",
            err=True,
        )
        sys.exit(1)


@main.command()
@click.pass_context
def status(ctx: click.Context) -> None:
    """Show the submissions register: the version in force per dataset and period, and rejections."""
    import polars as pl

    from dualcarbon.warehouse import connect

    ws = Workspace.from_env()
    if not ws.warehouse.exists():
        _say(
            ctx,
            "尚无数据仓库；请先运行 dualcarbon run。",
            "No warehouse yet; run `dualcarbon run` first.",
        )
        return
    with connect(ws.warehouse, read_only=True) as con:
        versions = con.sql(
            "select dataset, period, 'v' || max(version) as version from raw.submissions "
            "where status = 'accepted' group by all"
        ).pl()
        rejected = con.sql(
            "select file_name, received_at, issue_count from raw.submissions "
            "where status = 'rejected' order by received_at"
        ).pl()
    _say(ctx, "各数据集各报告期现行版本：", "Version in force per dataset and period:")
    if versions.height:
        table = versions.pivot(on="period", index="dataset", values="version", sort_columns=True)
        with pl.Config(
            tbl_rows=-1, tbl_cols=-1, tbl_hide_dataframe_shape=True, tbl_hide_column_data_types=True
        ):
            click.echo(table.sort("dataset"))
    if rejected.height:
        _say(ctx, "已退回的文件：", "Rejected files:")
        with pl.Config(tbl_rows=-1, tbl_hide_dataframe_shape=True, tbl_hide_column_data_types=True):
            click.echo(rejected)


@main.command()
@click.option(
    "--serve/--no-serve",
    default=True,
    help="Start the Dagster UI and the internal dashboard after the run.",
)
@click.pass_context
def demo(ctx: click.Context, serve: bool) -> None:
    """Load the bundled sample 2015-2024 end to end, publish it through the workflow with the
    demo users, then optionally serve the dashboards and the Dagster UI."""
    from dualcarbon.demo import DEMO_USERS, create_demo_users, publish_demo_releases, stage_sample

    ws = Workspace.from_env().ensure()
    staged = stage_sample(ws)
    _say(
        ctx,
        f"已将 {staged} 个样例报送文件放入收件箱 {ws.inbox}",
        f"Placed {staged} sample submissions in the inbox {ws.inbox}",
    )
    people = create_demo_users(ws)
    _run(ctx, None, "2015", "2024", people["stat_demo"])
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
        ui()
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()


def ui() -> None:
    from dualcarbon.dagster_home import prepare_environment

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


@main.command(name="ui")
def ui_command() -> None:
    """Start the Dagster UI (dagster dev) on the workspace's instance."""
    ui()


for command in (review, release, calendar, verify, audit_command, users, dbt_service):
    main.add_command(command)
main.add_command(report)

if __name__ == "__main__":
    main()
