"""Maintainer commands: the workspace, the dbt manifest, the sample data and the templates."""

from __future__ import annotations

import subprocess
from pathlib import Path

import click

from dualcarbon import i18n
from dualcarbon.cli.common import say as _say
from dualcarbon.paths import DBT_PROJECT_DIR, SAMPLE_DIR, Workspace


@click.command()
@click.pass_context
def init(ctx: click.Context) -> None:
    """Create the workspace folders under $DUALCARBON_HOME."""
    ws = Workspace.from_env().ensure()
    _say(ctx, "cli.maintain.init.workspace_ready", home=ws.home)


@click.command()
def prepare() -> None:
    """Write the contract-generated dbt files, build the dbt manifest (dbt parse) that Dagster
    loads and compile the message catalogue; run once after install or a change of a contract,
    a model or a message."""
    from dualcarbon.contracts.codegen import write_generated
    from orchestration.dbt_run import dbt_command
    from orchestration.instance import prepare_environment

    write_generated()  # the dbt source and staging files that follow from the contracts
    prepare_environment()  # dbt's environment: the workspace, its logs, no usage statistics
    target = DBT_PROJECT_DIR / "target"
    subprocess.run(dbt_command("parse", "--quiet", target=target), check=True)
    click.echo(f"dbt manifest: {target / 'manifest.json'}")
    for catalogue in i18n.compile_catalogues():
        click.echo(f"message catalogue: {catalogue}")


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
            "cli.maintain.sample.wrote_key_unit_monthly",
            count=len(written),
            scale=scale,
            rows=rows,
            out=out,
        )
        return
    files = write_sample(out) + write_defective(out)
    _say(ctx, "cli.maintain.sample.wrote_sample_files", count=len(files), out=out)


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
        "cli.maintain.templates.wrote_templates_catalogue",
        count=len(files),
        catalogue=catalogue,
    )
