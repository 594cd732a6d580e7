"""`dualcarbon release`, `calendar`, `verify` and `audit`: from candidate to official release.

Exit codes: 0 done, 1 refused (role, four eyes, gate, embargo), 2 verification failed.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click

from dualcarbon.auth import AccessDenied, User
from dualcarbon.cli.common import lang_of, refuse
from dualcarbon.cli.common import say as _say
from dualcarbon.cli.users import signed_in
from dualcarbon.i18n import Labels, Message, Pair, text
from dualcarbon.paths import Workspace

EXIT_VERIFY_FAILED = 2
STAGES = Labels("cli.release.stage", ("frozen", "signed_off", "approved", "published"))


def _act(ctx: click.Context, action):
    """Run a workflow step; a refusal becomes a bilingual message and exit 1."""
    from dualcarbon.release.anchor import AnchorError
    from dualcarbon.release.calendar import CalendarError
    from dualcarbon.release.workflow import WorkflowError

    try:
        return action()
    except (AccessDenied, WorkflowError, CalendarError, AnchorError) as error:
        refuse(ctx, error)


@click.group()
def release() -> None:
    """Release candidates and official releases: list, show, sign off, approve, publish."""


@release.command(name="list")
@click.pass_context
def list_command(ctx: click.Context) -> None:
    """Candidates with their stage, then the published releases."""
    from dualcarbon.release.store import list_releases
    from dualcarbon.release.workflow import list_candidates, status

    ws = Workspace.from_env()
    _say(ctx, "cli.release.list_command.release_candidates_drafts_not")
    lang = lang_of(ctx)
    for candidate in list_candidates(ws):
        state = status(ws, candidate)
        click.echo(
            f"  {candidate.candidate_id}\t{candidate.period}\t"
            f"{Pair(*STAGES[state.stage]).render(lang)}\t"
            f"{text('cli.release.prepared_by', lang, name=candidate.prepared_by)}"
            + (f" → {state.release_id}" if state.release_id else "")
        )
    _say(ctx, "cli.release.list_command.published_releases")
    for rel in list_releases(ws.releases):
        mark = (
            ""
            if rel.is_current
            else text("cli.release.superseded_by", lang, release_id=rel.superseded_by)
        )
        click.echo(f"  {rel.release_id}\t{rel.period}\t{rel.published_at.isoformat()}{mark}")


@release.command()
@click.argument("candidate_id")
@signed_in
@click.pass_context
def show(ctx: click.Context, candidate_id: str, user: User) -> None:
    """Show a candidate's figures (unreleased: the access is recorded in the pre-release register)."""
    import polars as pl

    from dualcarbon import audit
    from dualcarbon.release.workflow import WorkflowError, get_candidate, status

    if not user.roles & {"statistician", "steward", "publisher"}:
        refuse(
            ctx,
            AccessDenied("cli.release.show.only_statisticians_stewards_publishers"),
        )
    try:
        candidate = get_candidate(Workspace.from_env(), candidate_id)
    except WorkflowError as error:
        refuse(ctx, error)
    ws = Workspace.from_env()
    audit.append(
        ws.home,
        user.username,
        ",".join(sorted(user.roles)),
        "prerelease_access",
        candidate_id,
        {"period": candidate.period, "via": "cli", "purpose": "release show"},
    )
    state = status(ws, candidate)
    _say(ctx, "cli.release.show.draft_not_release")
    click.echo(f"{candidate_id}  period={candidate.period}  stage={state.stage}")
    headline = pl.read_parquet(candidate.path / "fct_indicators.parquet").filter(
        pl.col("region_code") == "320000"
    )
    with pl.Config(tbl_rows=-1, tbl_hide_dataframe_shape=True):
        click.echo(headline.select("indicator_code", "value", "unit"))


def _decision_command(step: str, done: Message, doc: str, *, help: str) -> click.Command:
    """`release signoff` and `release approve`: the same command line for two workflow steps,
    each refused in the workflow when the user, role or candidate does not fit."""

    @release.command(name=step, help=doc)
    @click.argument("candidate_id")
    @click.option("--comment", default="", help=help)
    @signed_in
    @click.pass_context
    def command(ctx: click.Context, candidate_id: str, comment: str, user: User) -> None:
        from dualcarbon.release import workflow

        decide = getattr(workflow, step)
        _act(ctx, lambda: decide(Workspace.from_env(), user, candidate_id, comment))
        _say(ctx, done.key, candidate_id=candidate_id)

    return command


signoff = _decision_command(
    "signoff",
    Message("cli.release.signoff.signed_off"),
    "Data steward: sign off a candidate's quality.",
    help="签核意见 / Sign-off comment.",
)
approve = _decision_command(
    "approve",
    Message("cli.release.approve.approved"),
    "DRC publisher: approve a signed-off candidate (not one you prepared or signed off).",
    help="批准意见 / Approval comment.",
)


@release.command()
@click.argument("candidate_id")
@click.option(
    "--supersedes", default=None, help="被取代的发布版本（更正/修订）/ Release superseded."
)
@click.option(
    "--type",
    "revision_type",
    type=click.Choice(["correction", "scheduled_revision", "method_change"]),
    default="correction",
    show_default=True,
)
@click.option("--cause-zh", default="", help="原因（中文）")
@click.option("--cause-en", default="", help="Cause (English)")
@click.option("--impact-zh", default="", help="影响（中文）")
@click.option("--impact-en", default="", help="Impact (English)")
@signed_in
@click.pass_context
def publish(
    ctx: click.Context,
    candidate_id: str,
    supersedes: str | None,
    revision_type: str,
    cause_zh: str,
    cause_en: str,
    impact_zh: str,
    impact_en: str,
    user: User,
) -> None:
    """DRC publisher: publish an approved candidate as an immutable release."""
    from dualcarbon.release import workflow

    revision = (
        {
            "type": revision_type,
            "supersedes": supersedes,
            "cause_zh": cause_zh,
            "cause_en": cause_en,
            "impact_zh": impact_zh,
            "impact_en": impact_en,
        }
        if supersedes
        else None
    )
    published = _act(
        ctx, lambda: workflow.publish(Workspace.from_env(), user, candidate_id, revision=revision)
    )
    _say(ctx, "cli.release.publish.published", release_id=published.release_id, path=published.path)


@click.group()
def calendar() -> None:
    """The advance release calendar: planned release times, changes with reasons, iCal feed."""


@calendar.command(name="plan")
@click.argument("period")
@click.argument("when", metavar="YYYY-MM-DDTHH:MM")
@click.option(
    "--reason", default="", help="变更理由（变更已有计划时必填）/ Reason (required for a change)."
)
@signed_in
@click.pass_context
def plan_command(ctx: click.Context, period: str, when: str, reason: str, user: User) -> None:
    """DRC publisher: plan (or re-plan, with a reason) a period's release; Beijing time unless an offset is given."""
    from dualcarbon.release import calendar as cal

    moment = datetime.fromisoformat(when)
    _act(ctx, lambda: cal.plan(Workspace.from_env(), user, period, moment, reason))
    _say(ctx, "cli.release.plan_command.planned", period=period, when=when)


@calendar.command(name="list")
@click.pass_context
def calendar_list(ctx: click.Context) -> None:
    """Planned releases, changes and punctuality."""
    from dualcarbon.release import calendar as cal
    from dualcarbon.release.store import list_releases

    ws = Workspace.from_env()
    lang = lang_of(ctx)
    first = {}
    for rel in list_releases(ws.releases):
        first.setdefault(rel.period, rel)
    for entry in cal.entries(ws):
        rel = first.get(entry.period)
        if rel is None:
            state = text("cli.release.calendar.planned", lang)
        else:
            late = rel.published_at > entry.planned_at
            timing = (
                Message("cli.release.calendar.late")
                if late
                else Message("cli.release.calendar.on_time")
            )
            state = f"{rel.release_id} {timing.render(lang)}"
        click.echo(
            f"{entry.period}\t{entry.planned_at.astimezone(cal.CST):%Y-%m-%d %H:%M} CST"
            f"\t{state}\t{text('cli.release.calendar.changes', lang)}: {entry.changes}"
            + (f"\t{entry.reason}" if entry.reason else "")
        )


@calendar.command(name="ics")
def calendar_ics() -> None:
    """Print the calendar as an iCalendar feed."""
    from dualcarbon.release import calendar as cal

    click.echo(cal.ics(Workspace.from_env()), nl=False)


@click.command()
@click.argument("release_ids", nargs=-1)
@click.option(
    "--against",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="读者保存的 heads.jsonl 副本 / A heads file a reader saved (releases/heads.jsonl).",
)
@click.pass_context
def verify(ctx: click.Context, release_ids: tuple[str, ...], against: Path | None) -> None:
    """Re-check every checksum of the releases (all if none named), the audit log's chain,
    the external anchor ($DUALCARBON_ANCHOR), and a reader's saved heads (--against)."""
    from dualcarbon.release.verify import verify as run_verify

    checked, problems = run_verify(Workspace.from_env(), list(release_ids) or None, against)
    lang = lang_of(ctx)
    for problem in problems:
        click.echo(f"✗ {problem.message(lang)}", err=True)
    if problems:
        _say(ctx, "cli.release.verify.verification_failed_problem", count=len(problems), err=True)
        sys.exit(EXIT_VERIFY_FAILED)
    _say(ctx, "cli.release.verify.verified_every_file_release", count=len(checked))


@click.command(name="audit")
@click.option("--action", default=None, help="只看此类操作 / Only this action.")
def audit_command(action: str | None) -> None:
    """Print the audit log (oldest first)."""
    from dualcarbon import audit

    for entry in audit.find(Workspace.from_env().home, action=action):
        click.echo(
            f"{entry['seq']:>5}  {entry['at']}  {entry['actor']} ({entry['role']})  "
            f"{entry['action']}  {entry['subject']}  {entry['details']}"
        )
