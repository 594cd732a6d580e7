"""The demo's people and its publication round: what `make demo` does after the pipeline run.

Five demo users, one per role, with passwords printed by `make demo` (never use them outside a
demo). After the run, the back series 2015–2024 goes through the full workflow with
*simulated historical dates*: the calendar announces each period's release for 30 September
10:00 (Beijing time) of the following year, the steward signs off the day before, the DRC
approves an hour before, and the release goes out at the planned minute. The 2025 release is
announced for the coming December. A period that already has a release is left alone, so
running the demo again publishes nothing twice.

Then one correction, so that a newcomer sees a revision (its notice, its revised figures with
their marks and history, docs/data-api.md): the statistics bureau resubmits its 2023 energy file
with the province's agricultural raw coal ``CORRECTION_T`` higher, the pipeline reruns 2023, and
the new candidate goes through the workflow as ``JS-2023-v2``, a correction of ``JS-2023-v1``.

The demo's accounts have published passwords, so it runs only in a demo workspace: one it
created itself in an unused home (the marker ``DEMO_MARKER``, logged in the audit chain) and
whose users are all demo users. On any other workspace ``claim_workspace`` refuses, before
a user is added or a file is staged.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from dualcarbon import audit
from dualcarbon.auth import LocalUserStore, User
from dualcarbon.errors import BilingualError
from dualcarbon.paths import SAMPLE_DIR, Workspace
from dualcarbon.release import calendar, workflow
from dualcarbon.release.store import list_releases


@dataclass(frozen=True)
class DemoUser:
    username: str
    display_name: str
    roles: tuple[str, ...]
    password: str
    department: str | None = None


DEMO_USERS = (
    DemoUser("stat_demo", "统计人员（演示）", ("statistician",), "demo-stat-2026"),
    DemoUser("steward_demo", "数据管理员（演示）", ("steward",), "demo-steward-2026"),
    DemoUser("drc_demo", "省发展改革委发布人（演示）", ("publisher",), "demo-drc-2026"),
    DemoUser("admin_demo", "系统管理员（演示）", ("admin",), "demo-admin-2026"),
    DemoUser(
        "stats_submitter", "省统计局填报人（演示）", ("submitter",), "demo-submit-2026", "stats"
    ),
)


DEMO_MARKER = ".demo-workspace"
DEMO_ADMIN = "admin_demo"


class NotADemoWorkspace(BilingualError):
    """The demo refused on a workspace that is not its own, said in zh and en."""


def _unused(ws: Workspace) -> bool:
    """Nothing of a working platform yet: no users, no audit log, no warehouse, nothing in
    the inbox, the archive or the releases."""
    if any(p.exists() for p in (LocalUserStore.of(ws.home).path, audit.log_path(ws.home))):
        return False
    if ws.warehouse.exists():
        return False
    return not any(any(f.iterdir()) for f in (ws.inbox, ws.archive, ws.releases) if f.is_dir())


def is_demo_workspace(ws: Workspace) -> bool:
    demo_names = {u.username for u in DEMO_USERS}
    return (ws.home / DEMO_MARKER).is_file() and all(
        u.username in demo_names for u in LocalUserStore.of(ws.home).list()
    )


def claim_workspace(ws: Workspace) -> None:
    """Mark an unused workspace as the demo's; refuse any workspace that is not the demo's."""
    if is_demo_workspace(ws):
        return
    if (ws.home / DEMO_MARKER).is_file() or not _unused(ws):
        raise NotADemoWorkspace("demo.claim_workspace.not_demo_workspace_holds", home=ws.home)
    ws.ensure()
    (ws.home / DEMO_MARKER).write_text("dualcarbon demo workspace\n", encoding="utf-8")
    audit.append(ws.home, "demo", "admin", "demo_workspace", str(ws.home), {})


def _require_demo(ws: Workspace) -> None:
    if not is_demo_workspace(ws):
        claim_workspace(ws)  # refuses unless the workspace is (or can become) the demo's


def stage_sample(ws: Workspace, periods: list[str] | None = None) -> int:
    """Put the bundled sample submissions in the inbox as departments would have sent them:
    two weeks before the release calendar's deadline for their dataset and period. Only in a
    demo workspace."""
    from dualcarbon.contracts.deadlines import deadline

    _require_demo(ws)
    files = sorted((SAMPLE_DIR / "submissions").rglob("*.*"))
    if periods is not None:
        files = [f for f in files if f.parent.name in periods]
    for path in files:
        staged = ws.inbox / (path.name + ".part")
        shutil.copyfile(path, staged)
        dataset, period = path.stem.rsplit("_", 1)
        due = deadline(dataset, period).replace(tzinfo=UTC) - timedelta(days=14)
        os.utime(staged, (due.timestamp(), due.timestamp()))
        staged.replace(ws.inbox / path.name)  # atomic: the sensor never sees half a file
    return len(files)


def create_demo_users(ws: Workspace) -> dict[str, User]:
    """The demo users, added by the demo administrator (the first of them), audited by the
    store. Only in a demo workspace."""
    _require_demo(ws)
    store = LocalUserStore.of(ws.home)
    first = next(u for u in DEMO_USERS if u.username == DEMO_ADMIN)
    admin = store.get(DEMO_ADMIN)
    people = {}
    for u in (first, *(u for u in DEMO_USERS if u is not first)):
        people[u.username] = store.add(
            u.username,
            u.password,
            list(u.roles),
            u.display_name,
            u.department,
            replace=True,
            by=admin,
        )
        admin = admin or people[DEMO_ADMIN]
    return people


def planned_release_time(period: str) -> datetime:
    """30 September, 10:00 Beijing time, of the year after the period."""
    return datetime(int(period) + 1, 9, 30, 10, 0, tzinfo=calendar.CST)


def _acknowledge_warnings(ws: Workspace, steward: User, period: str) -> int:
    """The demo steward reviews the period's open WARNs (the 2018 sample has two genuine ones)."""
    from dualcarbon.quality.review import acknowledge, open_issues
    from dualcarbon.warehouse import connect

    with connect(ws.warehouse) as con:
        issues = open_issues(con, period).filter(severity="WARN").rows(named=True)
        for issue in issues:
            acknowledge(
                con,
                steward.username,
                "steward",
                issue["check_id"],
                issue["submission_id"],
                "演示：已与报送单位核实，数据属实 / demo: checked with the department, figures confirmed",
            )
    return len(issues)


def _through_workflow(
    ws: Workspace,
    users: dict[str, User],
    candidate: workflow.Candidate,
    when: datetime,
    revision: dict | None = None,
) -> str:
    """The steward signs off the day before ``when``, the DRC approves an hour before and
    publishes at ``when``; a rerun picks up where it stopped. The new release's id."""
    steward, drc = users["steward_demo"], users["drc_demo"]
    state = workflow.status(ws, candidate)
    if not state.signoff:
        _acknowledge_warnings(ws, steward, candidate.period)
        workflow.signoff(
            ws,
            steward,
            candidate.candidate_id,
            "演示签核 / demo sign-off",
            now=when - timedelta(days=1),
        )
    if not state.approval:
        workflow.approve(
            ws,
            drc,
            candidate.candidate_id,
            "演示批准 / demo approval",
            now=when - timedelta(hours=1),
        )
    return workflow.publish(ws, drc, candidate.candidate_id, revision=revision, now=when).release_id


def publish_demo_releases(ws: Workspace, users: dict[str, User]) -> list[str]:
    """Plan, sign off, approve and publish the newest candidate of each unpublished period."""
    drc = users["drc_demo"]  # the preparer is named in the candidates by the run itself
    published_periods = {r.period for r in list_releases(ws.releases)}
    newest: dict[str, workflow.Candidate] = {}
    for candidate in workflow.list_candidates(ws):
        newest[candidate.period] = candidate  # sorted by creation time
    published = []
    for period, candidate in sorted(newest.items()):
        if period in published_periods:
            continue
        planned = planned_release_time(period)
        if calendar.planned_time(ws, period) is None:
            calendar.plan(ws, drc, period, planned, now=planned - timedelta(days=90))
        published.append(_through_workflow(ws, users, candidate, planned))
    upcoming = str(max(int(p) for p in newest) + 1) if newest else None
    if upcoming and calendar.planned_time(ws, upcoming) is None:
        coming = datetime.now(UTC).astimezone(calendar.CST).replace(
            hour=10, minute=0, second=0, microsecond=0
        ) + timedelta(days=30)
        calendar.plan(ws, drc, upcoming, coming)
    return published


def demo_anchor(ws: Workspace) -> str:
    """The demo's external anchor: ``$DUALCARBON_ANCHOR`` if set, else a file beside (never
    inside) the workspace, set for this process so the publications of the demo are anchored."""
    from dualcarbon.release.anchor import ANCHOR_ENV

    if not os.environ.get(ANCHOR_ENV):
        os.environ[ANCHOR_ENV] = str(ws.home.parent / f".{ws.home.name}-anchor" / "anchor.jsonl")
    return os.environ[ANCHOR_ENV]


CORRECTION_PERIOD = "2023"
CORRECTION_ROW = "320000,S01,raw_coal,combustion,"  # the province's agricultural raw coal (t)
CORRECTION_T = 12_000.0
CORRECTION = {
    "type": "correction",
    "cause_zh": "演示：省统计局更正 2023 年农业原煤消费量（漏报一家企业）。",
    "cause_en": "Demo: the statistics bureau corrected 2023 agricultural raw-coal use (one firm was missed).",
    "impact_zh": "全省能源消费总量、二氧化碳排放量及相关强度指标略有上调。",
    "impact_en": "Provincial energy use, CO2 emissions and the related intensities revised slightly upwards.",
}


def correction_due(ws: Workspace) -> bool:
    """The correction period has its first release and no correction yet."""
    versions = [r.version for r in list_releases(ws.releases) if r.period == CORRECTION_PERIOD]
    return versions == [1]


def stage_correction(ws: Workspace) -> Path | None:
    """The corrected energy file in the inbox, unless it was handed in already (a rerun of
    the demo); the path staged, or None."""
    _require_demo(ws)
    newest = [c for c in workflow.list_candidates(ws) if c.period == CORRECTION_PERIOD][-1:]
    versions = {s["dataset"]: s["version"] for c in newest for s in c.manifest["submissions"]}
    if versions.get("energy_consumption", 1) > 1:
        return None
    source = (
        SAMPLE_DIR
        / "submissions"
        / CORRECTION_PERIOD
        / f"energy_consumption_{CORRECTION_PERIOD}.csv"
    )
    lines = source.read_text(encoding="utf-8-sig").splitlines()
    [row] = [i for i, line in enumerate(lines) if line.startswith(CORRECTION_ROW)]
    quantity = float(lines[row].split(",")[4]) + CORRECTION_T
    lines[row] = f"{CORRECTION_ROW}{quantity:.2f},t"
    staged = ws.inbox / (source.name + ".part")
    staged.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return staged.replace(ws.inbox / source.name)  # atomic, as in stage_sample


def publish_demo_correction(ws: Workspace, users: dict[str, User]) -> str:
    """Publish the newest candidate of the correction period as a correction of its first
    release, 45 days after that release (simulated date)."""
    candidate = [c for c in workflow.list_candidates(ws) if c.period == CORRECTION_PERIOD][-1]
    when = planned_release_time(CORRECTION_PERIOD) + timedelta(days=45)
    revision = {**CORRECTION, "supersedes": f"JS-{CORRECTION_PERIOD}-v1"}
    return _through_workflow(ws, users, candidate, when, revision)
