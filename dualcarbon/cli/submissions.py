"""Department and statistician commands on submissions: check, submit, and the register."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import click

from dualcarbon.auth import User
from dualcarbon.cli.common import lang_of
from dualcarbon.cli.common import say as _say
from dualcarbon.cli.users import signed_in
from dualcarbon.i18n import Pair, text
from dualcarbon.paths import Workspace


def _place(issue, lang: str) -> str:
    """Where a problem is: row, column, both, or nothing for a problem of the whole file."""
    row, column = issue.row, issue.column
    if row is not None and column:
        return text("cli.submissions.issue_at.rowcolumn", lang, row=row, column=column)
    if row is not None:
        return text("cli.submissions.issue_at.row", lang, row=row)
    if column:
        return text("cli.submissions.issue_at.column", lang, column=column)
    return ""


def _print_issues(ctx: click.Context, issues: list) -> None:
    lang = lang_of(ctx)
    for issue in issues:
        message, fix = getattr(issue, f"message_{lang}"), getattr(issue, f"fix_{lang}")
        click.echo(f"  - {_place(issue, lang)}{message} {fix}")


@click.command()
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
                "cli.submissions.check.valid_rows",
                name=path.name,
                title=Pair(result.contract.title_zh, result.contract.title_en),
                period=result.period,
                rows=result.row_count,
            )
        else:
            failed += 1
            _say(ctx, "cli.submissions.check.problem", name=path.name, count=len(result.issues))
            _print_issues(ctx, result.issues)
    sys.exit(1 if failed else 0)


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@signed_in
@click.pass_context
def submit(ctx: click.Context, files: tuple[Path, ...], user: User) -> None:
    """Hand files in: place them in the inbox and take them in at once (no accounts rebuild)."""
    from dualcarbon.auth import AccessDenied
    from dualcarbon.cli.common import refuse
    from dualcarbon.intake import process_inbox

    if not user.roles & {"submitter", "statistician"}:
        refuse(
            ctx,
            AccessDenied("cli.submissions.submit.only_submitters_statisticians_may"),
        )

    ws = Workspace.from_env().ensure()
    for path in files:
        staged = ws.inbox / (path.name + ".part")
        shutil.copyfile(path, staged)
        staged.replace(ws.inbox / path.name)  # atomic: the sensor never sees half a file
    from dualcarbon.intake.faults import DiskFull
    from dualcarbon.warehouse import WarehouseBusy

    try:
        results = process_inbox(ws, submitter=user)
    except (WarehouseBusy, DiskFull) as error:
        refuse(ctx, error)
    _report_results(ctx, results)
    sys.exit(1 if any(r.status in ("rejected", "refused") for r in results) else 0)


def _report_results(ctx: click.Context, results: list) -> None:
    for r in results:
        if r.status == "accepted":
            _say(
                ctx,
                "cli.submissions.report_results.accepted_version_rows",
                file_name=r.file_name,
                dataset=r.dataset,
                period=r.period,
                version=r.version,
                row_count=r.row_count,
            )
        elif r.status == "rejected":
            _say(
                ctx,
                "cli.submissions.report_results.rejected_problem_report",
                file_name=r.file_name,
                count=len(r.issues),
                report=r.report,
            )
            _print_issues(ctx, r.issues[:10])
        elif r.status == "refused":
            _say(
                ctx,
                "cli.submissions.report_results.refused",
                file_name=r.file_name,
                reason=Pair(r.issues[0].message_zh, r.issues[0].message_en),
            )
        elif r.status == "deferred" and r.note == "still being written":
            _say(
                ctx,
                "cli.submissions.report_results.still_being_written_left",
                file_name=r.file_name,
            )
        elif r.status == "duplicate":
            _say(
                ctx,
                "cli.submissions.report_results.identical_registered_submission_not",
                file_name=r.file_name,
                note=r.note,
            )


@click.command()
@click.pass_context
def status(ctx: click.Context) -> None:
    """Show the submissions register: the version in force per dataset and period, and rejections."""
    import polars as pl

    from dualcarbon.warehouse import connect

    ws = Workspace.from_env()
    if not ws.warehouse.exists():
        _say(ctx, "cli.submissions.status.no_warehouse_yet_run")
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
    _say(ctx, "cli.submissions.status.version_force_per_dataset")
    if versions.height:
        table = versions.pivot(on="period", index="dataset", values="version", sort_columns=True)
        with pl.Config(
            tbl_rows=-1, tbl_cols=-1, tbl_hide_dataframe_shape=True, tbl_hide_column_data_types=True
        ):
            click.echo(table.sort("dataset"))
    if rejected.height:
        _say(ctx, "cli.submissions.status.rejected_files")
        with pl.Config(tbl_rows=-1, tbl_hide_dataframe_shape=True, tbl_hide_column_data_types=True):
            click.echo(rejected)
