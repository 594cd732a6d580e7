"""Maintainer commands: the workspace, the dbt manifest, the sample data and the templates."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click

from dualcarbon.cli.common import say as _say
from dualcarbon.paths import DBT_PROJECT_DIR, SAMPLE_DIR, Workspace


@click.command()
@click.pass_context
def init(ctx: click.Context) -> None:
    """Create the workspace folders under $DUALCARBON_HOME."""
    ws = Workspace.from_env().ensure()
    _say(ctx, f"工作区已就绪：{ws.home}", f"Workspace ready: {ws.home}")


@click.command()
def prepare() -> None:
    """Write the contract-generated dbt files, then build the dbt manifest (dbt parse) that Dagster loads."""
    from dualcarbon.contracts.codegen import write_generated
    from dualcarbon.dagster_home import prepare_environment

    write_generated()  # the dbt source and staging files that follow from the contracts
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


@click.command()
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


@click.command()
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
