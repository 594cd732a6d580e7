"""A real workspace with published releases, built once per test session (about 2.5 min).

What it holds, all made through the real pipeline and the real workflow:

- 2023 and 2024 published on their planned dates (JS-2023-v1, JS-2024-v1);
- a correction JS-2024-v2 superseding JS-2024-v1: the statistics bureau resubmitted its 2024
  energy file with the province's agricultural raw coal 10,000 t higher;
- 2022 signed off and approved but under embargo (planned 30 days ahead): not published;
- a newer draft for 2024 (raw coal 20,000 t higher than first sent), frozen by ``lead_demo``
  and not signed off: its figures must appear on no public page.

Users: the demo users plus ``lead_demo`` (statistician and publisher, prepares the draft) and
``dual_demo`` (steward and publisher), for the four-eyes tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from dualcarbon.auth import LocalUserStore, User
from dualcarbon.demo import (
    _acknowledge_warnings,
    create_demo_users,
    planned_release_time,
    stage_sample,
)
from dualcarbon.paths import SAMPLE_DIR, Workspace
from dualcarbon.release import calendar, workflow
from orchestration.runner import run_pipeline

ENERGY_2024 = SAMPLE_DIR / "submissions" / "2024" / "energy_consumption_2024.csv"
RAW_COAL_ROW = "320000,S01,raw_coal,combustion,460973.58,t"
CORRECTION_T = 10_000.0  # raw coal added by the correction (t)
DRAFT_T = 20_000.0  # raw coal in the unpublished draft, against the first submission (t)
CORRECTION = {
    "type": "correction",
    "cause_zh": "省统计局更正 2024 年农业原煤消费量（漏报一家企业）。",
    "cause_en": "The statistics bureau corrected 2024 agricultural raw-coal use (one firm was missed).",
    "impact_zh": "全省能源消费总量和二氧化碳排放量略有上调。",
    "impact_en": "Provincial energy use and CO2 emissions revised slightly upwards.",
}


@dataclass(frozen=True)
class PublishedWorkspace:
    workspace: Workspace
    users: dict[str, User]
    draft_candidate_id: str
    embargoed_candidate_id: str
    passwords: dict[str, str]


def resubmit_energy_2024(ws: Workspace, extra_raw_coal_t: float) -> Path:
    """The 2024 energy file again, with the province's S01 raw coal raised by ``extra_raw_coal_t``."""
    text = ENERGY_2024.read_text(encoding="utf-8-sig")
    assert RAW_COAL_ROW in text, "the sample changed: update RAW_COAL_ROW"
    changed = text.replace(
        RAW_COAL_ROW, f"320000,S01,raw_coal,combustion,{460973.58 + extra_raw_coal_t:.2f},t"
    )
    path = ws.inbox / ENERGY_2024.name
    path.write_text(changed, encoding="utf-8")
    return path


def _through_workflow(ws, users, candidate_id, period, now, revision=None):
    _acknowledge_warnings(ws, users["steward_demo"], period)
    workflow.signoff(ws, users["steward_demo"], candidate_id, "ok", now=now - timedelta(days=1))
    workflow.approve(ws, users["drc_demo"], candidate_id, "ok", now=now - timedelta(hours=1))
    return workflow.publish(ws, users["drc_demo"], candidate_id, revision=revision, now=now)


def _newest_candidate(ws: Workspace, period: str) -> str:
    return [c for c in workflow.list_candidates(ws) if c.period == period][-1].candidate_id


def build_published_workspace(ws: Workspace) -> PublishedWorkspace:
    users = create_demo_users(ws)
    stage_sample(ws, ["2022", "2023", "2024"])  # while it is still a demo workspace
    store = LocalUserStore.of(ws.home)
    admin = users["admin_demo"]
    users["lead_demo"] = store.add(
        "lead_demo", "lead-pass-2026", ["statistician", "publisher"], by=admin
    )
    users["dual_demo"] = store.add(
        "dual_demo", "dual-pass-2026", ["steward", "publisher"], by=admin
    )
    from dualcarbon.demo import DEMO_USERS

    passwords = {u.username: u.password for u in DEMO_USERS}
    passwords |= {"lead_demo": "lead-pass-2026", "dual_demo": "dual-pass-2026"}

    first = run_pipeline("2022", "2024", log_level="WARNING", actor="stat_demo")
    assert first.success, first
    drc = users["drc_demo"]
    for period in ("2023", "2024"):
        planned = planned_release_time(period)
        calendar.plan(ws, drc, period, planned, now=planned - timedelta(days=90))
        _through_workflow(ws, users, _newest_candidate(ws, period), period, planned)

    embargoed = _newest_candidate(ws, "2022")
    calendar.plan(ws, drc, "2022", datetime.now(UTC) + timedelta(days=30))
    _acknowledge_warnings(ws, users["steward_demo"], "2022")
    workflow.signoff(ws, users["steward_demo"], embargoed, "ok")
    workflow.approve(ws, drc, embargoed, "ok")

    resubmit_energy_2024(ws, CORRECTION_T)
    assert run_pipeline("2024", log_level="WARNING", actor="stat_demo").success
    _through_workflow(
        ws,
        users,
        _newest_candidate(ws, "2024"),
        "2024",
        datetime.now(UTC),
        revision={**CORRECTION, "supersedes": "JS-2024-v1"},
    )

    resubmit_energy_2024(ws, DRAFT_T)
    assert run_pipeline("2024", log_level="WARNING", actor="lead_demo").success
    return PublishedWorkspace(ws, users, _newest_candidate(ws, "2024"), embargoed, passwords)
