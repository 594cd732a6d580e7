"""`dualcarbon review`: the data steward's queue of quality issues and the actions on it.

The warehouse is opened read-only to look (list, show, log, trend) and read-write only to act
(ack, waive, send-back). While a pipeline run holds the warehouse DuckDB refuses to open it;
the command then says so and exits with code 3. A refused action exits with code 1.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import TYPE_CHECKING

import click

from dualcarbon.auth import User
from dualcarbon.cli.common import EXIT_REFUSED, lang_of, refuse
from dualcarbon.cli.common import say as _say
from dualcarbon.cli.users import signed_in
from dualcarbon.i18n import LANGS, Message, Pair, both, text
from dualcarbon.paths import Workspace

if TYPE_CHECKING:  # imported where used, so that `dualcarbon --help` stays quick
    import duckdb
    import polars as pl

EXIT_BUSY = 3


class _WithReasonCodes(click.Command):
    """A command whose help ends with the reason codes (read from review.py only when shown)."""

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        from dualcarbon.quality.review import REASON_CODES

        formatter.write_paragraph()
        formatter.write_text(both("cli.review.reason_codes") + ":")
        with formatter.indentation():
            formatter.write_dl([(code, f"{zh} / {en}") for code, (zh, en) in REASON_CODES.items()])


def _print_table(frame: pl.DataFrame) -> None:
    import polars as pl

    with pl.Config(
        tbl_rows=-1,
        tbl_cols=-1,
        fmt_str_lengths=400,
        tbl_width_chars=2000,
        tbl_hide_dataframe_shape=True,
        tbl_hide_column_data_types=True,
    ):
        click.echo(frame)


@contextmanager
def _warehouse(ctx: click.Context, write: bool) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the warehouse; a busy warehouse is explained (both languages), not a traceback."""
    from dualcarbon.warehouse import WarehouseBusy, connect

    ws = Workspace.from_env()
    if not ws.warehouse.exists():
        _say(ctx, "cli.review.warehouse.no_warehouse_yet_run", err=write)
        sys.exit(EXIT_REFUSED if write else 0)
    with ExitStack() as stack:
        try:
            con = stack.enter_context(connect(ws.warehouse, read_only=not write))
        except WarehouseBusy:
            # In both languages: whoever meets a busy warehouse may not have chosen one.
            busy = (text("cli.review.warehouse_busy", lang) for lang in LANGS)
            click.echo("\n".join(busy), err=True)
            sys.exit(EXIT_BUSY)
        has_quality = con.execute(
            "select count(*) from information_schema.tables "
            "where table_schema = 'quality' and table_name = 'review_actions'"
        ).fetchall()[0][0]
        if not has_quality:  # only a read-only open of a warehouse from before quality checks
            _say(ctx, "cli.review.warehouse.no_data_quality_results")
            sys.exit(0)
        yield con


def _department(code: str | None, lang: str) -> str:
    from dualcarbon.contracts import department_names

    if code is None:
        return "—"
    return Pair(*department_names(code)).render(lang)


def _status(status: str, lang: str) -> str:
    return text(f"quality.review.status.{status}", lang)  # open, acknowledged, waived, sent_back


def _said(labels: list[Message], lang: str) -> list[str]:
    return [label.render(lang) for label in labels]


# Column headings of the tables the commands print (the English ones as the code names them).
LIST_HEAD = [
    Message("cli.review.head.severity"),
    Message("cli.review.head.check"),
    Message("cli.review.head.dataset"),
    Message("cli.review.head.department"),
    Message("cli.review.head.period"),
    Message("cli.review.head.submission"),
    Message("cli.review.head.version"),
    Message("cli.review.head.failing"),
    Message("cli.review.head.description"),
    Message("cli.review.head.data_docs"),
    Message("cli.review.head.status"),
]
SHOW_LABELS = [
    Message("cli.review.show.check"),
    Message("cli.review.show.severity"),
    Message("cli.review.show.kind"),
    Message("cli.review.show.dataset"),
    Message("cli.review.show.department"),
    Message("cli.review.show.period"),
    Message("cli.review.show.submission"),
    Message("cli.review.show.version"),
    Message("cli.review.show.status"),
    Message("cli.review.show.description"),
    Message("cli.review.show.failing"),
    Message("cli.review.show.observed"),
    Message("cli.review.show.validation"),
    Message("cli.review.show.validated_at"),
    Message("cli.review.show.data_docs"),
]
ROWS_HEAD = [
    Message("cli.review.rows.row"),
    Message("cli.review.rows.key"),
    Message("cli.review.rows.value"),
    Message("cli.review.rows.problem"),
]
LOG_HEAD = [
    Message("cli.review.log.acted_at"),
    Message("cli.review.log.actor"),
    Message("cli.review.log.role"),
    Message("cli.review.log.action"),
    Message("cli.review.log.check_id"),
    Message("cli.review.log.submission_id"),
    Message("cli.review.log.submission_version"),
    Message("cli.review.log.reason_code"),
    Message("cli.review.log.comment"),
    Message("cli.review.log.action_id"),
]
TREND_HEAD = [
    Message("cli.review.trend.department"),
    Message("cli.review.trend.dataset"),
    Message("cli.review.trend.validated_on"),
    Message("cli.review.trend.checks"),
    Message("cli.review.trend.passed"),
    Message("cli.review.trend.pass_rate"),
]


@click.group()
@click.pass_context
def review(ctx: click.Context) -> None:
    """数据质量审核：待处理问题、确认、豁免、退回 · The data steward's review of quality issues."""
    ctx.ensure_object(dict)
    ctx.obj.setdefault("lang", os.environ.get("DUALCARBON_LANG", "zh"))


@review.command(name="list")
@click.option("--period", help="只列此报告期 / Only this period, e.g. 2019.")
@click.option(
    "--all",
    "show_all",
    is_flag=True,
    help="也列出已处理的问题 / Also list closed (acknowledged, waived, sent back) issues.",
)
@click.pass_context
def list_issues(ctx: click.Context, period: str | None, show_all: bool) -> None:
    """The queue: failing checks still open (ERROR first), with their Data Docs link."""
    import polars as pl

    from dualcarbon.quality.gate import gate_is_open
    from dualcarbon.quality.review import STATUSES, review_queue

    lang = lang_of(ctx)
    with _warehouse(ctx, write=False) as con:
        queue = review_queue(con, period, include_closed=show_all)
        gate = gate_is_open(con, period) if period else None
    if queue.is_empty():
        _say(ctx, "cli.review.list_issues.no_open_data_quality")
    else:
        table = queue.select(
            pl.col("severity"),
            pl.col("check_id"),
            pl.col("dataset"),
            pl.col("department").map_elements(
                lambda c: _department(c, lang), return_dtype=pl.String, skip_nulls=False
            ),
            pl.col("period"),
            pl.col("submission_id"),
            pl.col("submission_version").cast(pl.String).fill_null("—"),
            pl.col("failing_count"),
            pl.col(f"description_{lang}"),
            pl.col("data_docs_path").fill_null("—"),
            pl.col("status").replace_strict(
                {status: _status(status, lang) for status in STATUSES.values()}
            ),
        )
        if not show_all:
            table = table.drop("status")
        head = _said(LIST_HEAD, lang)
        table.columns = head[: table.width]
        _print_table(table)
        open_ = queue.filter(pl.col("status") == "open")
        errors = open_.filter(pl.col("severity") == "ERROR").height
        _say(
            ctx,
            "cli.review.list_issues.open_error_warn",
            height=open_.height,
            errors=errors,
            warnings=open_.height - errors,
        )
    if gate is not None:
        _say(
            ctx,
            "cli.review.list_issues.release_gate",
            period=period,
            state=Message("cli.review.list_issues.gate_open")
            if gate
            else Message("cli.review.list_issues.gate_closed"),
        )


@review.command()
@click.argument("check_id")
@click.argument("submission_id")
@click.pass_context
def show(ctx: click.Context, check_id: str, submission_id: str) -> None:
    """Details of one failing check on one submission (or mart:<dataset>:<period>), with its failing rows."""
    import polars as pl

    from dualcarbon.quality.review import actions, failing_rows, review_queue

    lang = lang_of(ctx)
    with _warehouse(ctx, write=False) as con:
        found = review_queue(con, include_closed=True).filter(
            (pl.col("check_id") == check_id) & (pl.col("submission_id") == submission_id)
        )
        if found.is_empty():
            _say(
                ctx,
                "cli.review.show.check_has_no_failing",
                submission_id=submission_id,
                check_id=check_id,
                err=True,
            )
            sys.exit(EXIT_REFUSED)
        issue = found.row(0, named=True)
        rows = failing_rows(con, issue["validation_id"], check_id)
        log = actions(con, submission_id).filter(
            pl.col("check_id").is_null() | (pl.col("check_id") == check_id)
        )
    labels = _said(SHOW_LABELS, lang)
    values = [
        issue["check_id"],
        issue["severity"],
        issue["kind"],
        issue["dataset"],
        _department(issue["department"], lang),
        issue["period"],
        issue["submission_id"],
        issue["submission_version"] if issue["submission_version"] is not None else "—",
        _status(issue["status"], lang),
        issue[f"description_{lang}"],
        issue["failing_count"],
        issue["observed"] if issue["observed"] is not None else "—",
        issue["validation_id"],
        f"{issue['validated_at']:%Y-%m-%d %H:%M:%S} UTC",
        issue["data_docs_path"] or "—",
    ]
    for label, value in zip(labels, values, strict=True):
        click.echo(text("i18n.field", lang, label=label, value=value))
    if rows.height:
        _say(ctx, "cli.review.show.failing_rows", height=rows.height)
        shown = rows.select("source_row", "row_key", "value", f"reason_{lang}")
        shown.columns = _said(ROWS_HEAD, lang)
        _print_table(shown)
    if log.height:
        _say(ctx, "cli.review.show.review_actions")
        _print_table(log.select("acted_at", "actor", "role", "action", "reason_code", "comment"))


def _actor_options(command):
    """Sign the person in (``--as``) and pass their name and role on to the review action,
    which checks the role again (only a data steward may act)."""

    @signed_in
    @functools.wraps(command)
    def wrapper(*args, user: User, **kwargs):
        role = "steward" if user.has("steward") else ",".join(sorted(user.roles))
        return command(*args, actor=user.username, role=role, **kwargs)

    return wrapper


@review.command()
@click.argument("check_id")
@click.argument("submission_id")
@click.option("--comment", default="", help="说明（可选）/ Comment (optional).")
@_actor_options
@click.pass_context
def ack(
    ctx: click.Context, check_id: str, submission_id: str, comment: str, actor: str, role: str
) -> None:
    """Acknowledge an open WARN (an ERROR must be waived or sent back)."""
    from dualcarbon.quality.review import ReviewError, acknowledge

    with _warehouse(ctx, write=True) as con:
        try:
            action_id = acknowledge(con, actor, role, check_id, submission_id, comment)
        except ReviewError as error:
            refuse(ctx, error)
    _say(
        ctx,
        "cli.review.ack.acknowledged_submission_action",
        check_id=check_id,
        submission_id=submission_id,
        action_id=action_id,
    )


@review.command(cls=_WithReasonCodes)
@click.argument("check_id")
@click.argument("submission_id")
@click.option(
    "--reason",
    "reason_code",
    default="",
    help="原因代码（必填，见下）/ Reason code (required, see below).",
)
@click.option("--comment", default="", help="说明（必填）/ Comment (required).")
@_actor_options
@click.pass_context
def waive(
    ctx: click.Context,
    check_id: str,
    submission_id: str,
    reason_code: str,
    comment: str,
    actor: str,
    role: str,
) -> None:
    """Waive an open issue for this submission version only (a resubmission is checked afresh)."""
    from dualcarbon.quality.gate import unwaived_errors
    from dualcarbon.quality.review import REASON_CODES, ReviewError
    from dualcarbon.quality.review import waive as waive_issue

    with _warehouse(ctx, write=True) as con:
        try:
            action_id = waive_issue(con, actor, role, check_id, submission_id, reason_code, comment)
        except ReviewError as error:
            refuse(ctx, error)
        period = con.execute(
            "select period from quality.review_actions where action_id = ?", [action_id]
        ).fetchall()[0][0]
        remaining = unwaived_errors(con, period).height
    zh_label, en_label = REASON_CODES[reason_code]
    _say(
        ctx,
        "cli.review.waive.waived_submission_reason_action",
        check_id=check_id,
        submission_id=submission_id,
        reason=Pair(zh_label, en_label),
        action_id=action_id,
        period=period,
        remaining=remaining,
    )


@review.command(name="send-back", cls=_WithReasonCodes)
@click.argument("submission_id")
@click.option(
    "--reason",
    "reason_code",
    default="",
    help="原因代码（必填，见下）/ Reason code (required, see below).",
)
@click.option(
    "--comment",
    default="",
    help="说明（必填，写入退回通知）/ Comment (required; goes into the report).",
)
@_actor_options
@click.pass_context
def send_back_command(
    ctx: click.Context, submission_id: str, reason_code: str, comment: str, actor: str, role: str
) -> None:
    """Return a submission to its department: closes its open issues, writes the returned.* report."""
    from dualcarbon.quality.review import ReviewError, send_back

    ws = Workspace.from_env()
    with _warehouse(ctx, write=True) as con:
        try:
            report = send_back(con, ws, actor, role, submission_id, reason_code, comment)
        except ReviewError as error:
            refuse(ctx, error)
    _say(
        ctx,
        "cli.review.send_back_command.sent_back_submission_report",
        submission_id=submission_id,
        report=Pair(report, report.with_name("returned.en.md")),
    )


@review.command()
@click.option("--submission", "submission_id", help="只列此报送 / Only this submission id.")
@click.pass_context
def log(ctx: click.Context, submission_id: str | None) -> None:
    """The append-only log of review actions (times in UTC)."""
    import polars as pl

    from dualcarbon.quality.review import actions

    with _warehouse(ctx, write=False) as con:
        frame = actions(con, submission_id)
    if frame.is_empty():
        _say(ctx, "cli.review.log.no_review_actions_yet")
        return
    table = frame.select(
        pl.col("acted_at").dt.strftime("%Y-%m-%d %H:%M:%S"),
        "actor",
        "role",
        "action",
        "check_id",
        "submission_id",
        pl.col("submission_version").cast(pl.String),
        "reason_code",
        "comment",
        "action_id",
    ).fill_null("—")
    table.columns = _said(LOG_HEAD, lang_of(ctx))
    _print_table(table)


@review.command()
@click.pass_context
def trend(ctx: click.Context) -> None:
    """Pass rate of checks per department, dataset and day of validation."""
    import polars as pl

    from dualcarbon.quality.review import quality_trend

    lang = lang_of(ctx)
    with _warehouse(ctx, write=False) as con:
        frame = quality_trend(con)
    if frame.is_empty():
        _say(ctx, "cli.review.trend.no_data_quality_results")
        return
    table = frame.with_columns(
        pl.col("department").map_elements(
            lambda c: _department(c, lang), return_dtype=pl.String, skip_nulls=False
        ),
        pl.format("{}%", (pl.col("pass_rate") * 100).round(1)).alias("pass_rate"),
    )
    table.columns = _said(TREND_HEAD, lang)
    _print_table(table)
