"""The release workflow on a real workspace (tests/release_fixtures.py): roles, four eyes, the
gate at publication, embargo, corrections, verify, and a publication killed part-way."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime

import polars as pl
import pytest
from click.testing import CliRunner
from release_fixtures import CORRECTION, CORRECTION_T, DRAFT_T

from dualcarbon import audit
from dualcarbon.auth import AccessDenied, LocalUserStore
from dualcarbon.cli import main
from dualcarbon.paths import Workspace
from dualcarbon.release import workflow
from dualcarbon.release.store import current_releases, get_release, list_releases, series
from dualcarbon.release.verify import verify
from dualcarbon.warehouse import connect

# methods.md §1a raw coal (proxy row): NCV 20.908 GJ/t, CC 26.18 tC/TJ, OF 0.93; §1b 0.7143 tce/t
RAW_COAL_TCO2_PER_T = 20.908 * 26.18 / 1000 * 0.93 * 44 / 12  # = 1.866535 tCO2 per t
RAW_COAL_TCE_PER_T = 0.7143


def _cli(home, user: str | None, password: str | None, *args: str):
    env = {"DUALCARBON_HOME": str(home), "DUALCARBON_LANG": "en"}
    if user:
        env |= {"DUALCARBON_USER": user, "DUALCARBON_PASSWORD": password or ""}
    return CliRunner().invoke(main, list(args), env=env)


def _users(ws: Workspace) -> LocalUserStore:
    return LocalUserStore.of(ws.home)


def _approved_draft(ws: Workspace, draft_id: str) -> None:
    """Steward signs off and DRC approves the fixture's draft (prepared by lead_demo)."""
    from dualcarbon.demo import _acknowledge_warnings

    steward = _users(ws).get("steward_demo")
    _acknowledge_warnings(ws, steward, "2024")
    workflow.signoff(ws, steward, draft_id, "ok")
    workflow.approve(ws, _users(ws).get("drc_demo"), draft_id, "ok")


def _publish_correction(ws: Workspace, draft_id: str, username: str = "drc_demo"):
    """``username`` publishes the draft as the correction that supersedes JS-2024-v2."""
    revision = {**CORRECTION, "supersedes": "JS-2024-v2"}
    return workflow.publish(ws, _users(ws).get(username), draft_id, revision=revision)


# --- what the fixture published --------------------------------------------------------------


def test_releases_and_their_manifests(published_workspace):
    ws = published_workspace.workspace
    releases = {r.release_id: r for r in list_releases(ws.releases)}
    assert set(releases) == {"JS-2023-v1", "JS-2024-v1", "JS-2024-v2"}
    v1, v2 = releases["JS-2024-v1"], releases["JS-2024-v2"]
    assert v1.superseded_by == "JS-2024-v2" and v2.is_current
    assert v1.manifest["prepared_by"] == "stat_demo"
    assert v1.manifest["signed_off_by"]["user"] == "steward_demo"
    assert v1.manifest["approved_by"]["user"] == "drc_demo"
    assert v1.manifest["factor_vintage"]
    assert {s["dataset"] for s in v1.manifest["submissions"]} >= {"energy_consumption", "targets"}
    # v2 rests on the resubmitted energy file (version 2), v1 on the first one
    version = {
        r: {s["dataset"]: s["version"] for s in releases[r].manifest["submissions"]}
        for r in ("JS-2024-v1", "JS-2024-v2")
    }
    assert version["JS-2024-v1"]["energy_consumption"] == 1
    assert version["JS-2024-v2"]["energy_consumption"] == 2
    for name in v1.manifest["files"]:
        assert not os.access(v1.path / name, os.W_OK) or os.geteuid() == 0
        assert (v1.path / name).stat().st_mode & 0o222 == 0  # written read-only
    indicators = json.loads((v1.path / "indicators.json").read_text(encoding="utf-8"))
    co2 = next(i for i in indicators if i["indicator_code"] == "co2_total_t")
    assert co2["definition_zh"] and co2["method_en"] and co2["contact_zh"]
    assert "数据来源：江苏省发展和改革委员会，发布版本 JS-2024-v1" in (
        v1.path / "NOTICE.md"
    ).read_text("utf-8")


def test_correction_notice_and_what_changed_computed_by_hand(published_workspace):
    ws = published_workspace.workspace
    v1, v2 = get_release(ws.releases, "JS-2024-v1"), get_release(ws.releases, "JS-2024-v2")
    assert v2.revision["supersedes"] == "JS-2024-v1" and v2.revision["type"] == "correction"
    assert v2.revision["cause_zh"] == CORRECTION["cause_zh"]
    notice = (v2.path / "NOTICE.md").read_text(encoding="utf-8")
    assert "本版本取代 JS-2024-v1" in notice and CORRECTION["impact_en"] in notice
    changes = pl.read_parquet(v2.path / "changes.parquet").filter(pl.col("region_code") == "320000")
    change = dict(zip(changes["indicator_code"], changes["change"], strict=True))
    # 10,000 t of raw coal: 10,000 × 1.866535 = 18,665.35 tCO2 and 10,000 × 0.7143 = 7,143 tce
    assert change["co2_total_t"] == pytest.approx(CORRECTION_T * RAW_COAL_TCO2_PER_T, rel=1e-6)
    assert change["energy_total_tce"] == pytest.approx(CORRECTION_T * RAW_COAL_TCE_PER_T, rel=1e-6)
    assert (
        v2.revision["changed_indicator_values"]
        == changes.height
        + pl.read_parquet(v2.path / "changes.parquet")
        .filter(pl.col("region_code") != "320000")
        .height
    )
    old = v1.table("fct_indicators").filter(region_code="320000", indicator_code="co2_total_t")
    new = v2.table("fct_indicators").filter(region_code="320000", indicator_code="co2_total_t")
    assert new["value"][0] - old["value"][0] == pytest.approx(18_665.35, rel=1e-6)


def test_observation_status_flags(published_workspace):
    ws = published_workspace.workspace
    flags = {
        rid: {
            (r["region_code"], r["indicator_code"]): r["status"]
            for r in get_release(ws.releases, rid).observation_status().iter_rows(named=True)
        }
        for rid in ("JS-2023-v1", "JS-2024-v1", "JS-2024-v2")
    }
    # grid factors are published for 2021-2022 only; 2023-2024 coal rates are proxies
    for rid in flags:
        assert flags[rid][("320100", "co2_total_incl_net_imports_t")] == "E"
        assert flags[rid][("320100", "non_fossil_share")] == "E"
    assert flags["JS-2024-v1"][("320000", "co2_total_incl_net_imports_t")] == "E"
    # revised beats estimated: the correction moved the province's total incl. imports
    assert flags["JS-2024-v2"][("320000", "co2_total_incl_net_imports_t")] == "R"
    assert ("320000", "co2_total_t") not in flags["JS-2024-v1"]
    assert flags["JS-2024-v2"][("320000", "co2_total_t")] == "R"
    assert flags["JS-2024-v2"][("320000", "energy_total_tce")] == "R"
    assert ("320100", "co2_total_t") not in flags["JS-2024-v2"]  # Nanjing did not change


def test_public_read_path_shows_only_published_figures(published_workspace):
    ws = published_workspace.workspace
    draft = workflow.get_candidate(ws, published_workspace.draft_candidate_id)
    draft_co2 = pl.read_parquet(draft.path / "fct_indicators.parquet").filter(
        region_code="320000", indicator_code="co2_total_t"
    )["value"][0]
    releases = list_releases(ws.releases)
    assert [r.release_id for r in current_releases(releases)] == ["JS-2023-v1", "JS-2024-v2"]
    published = series(releases, "fct_indicators").filter(
        region_code="320000", indicator_code="co2_total_t", period="2024"
    )
    assert published["release_id"].to_list() == ["JS-2024-v2"]
    # the draft carries 10,000 t more raw coal than the correction
    assert draft_co2 - published["value"][0] == pytest.approx(
        (DRAFT_T - CORRECTION_T) * RAW_COAL_TCO2_PER_T, rel=1e-6
    )
    everything = pl.concat([r.table("fct_indicators") for r in releases], how="diagonal_relaxed")[
        "value"
    ].to_list()
    assert draft_co2 not in everything
    assert "2022" not in {r.period for r in releases}  # approved but under embargo
    # "as of" a date before the correction, the 2024 figure is the first release's
    as_of = get_release(ws.releases, "JS-2024-v1").published_at
    assert [r.release_id for r in current_releases(releases, as_of)] == ["JS-2023-v1", "JS-2024-v1"]


# --- roles and four eyes -----------------------------------------------------------------------


def test_a_non_publisher_cannot_publish_on_the_cli_or_in_the_api(
    workspace_copy, published_workspace
):
    ws, draft = workspace_copy, published_workspace.draft_candidate_id
    _approved_draft(ws, draft)
    for name, password in (("steward_demo", "demo-steward-2026"), ("stat_demo", "demo-stat-2026")):
        result = _cli(
            ws.home, name, password, "release", "publish", draft, "--supersedes", "JS-2024-v2"
        )
        assert result.exit_code == 1, result.output
        assert "requires the DRC publisher role" in result.output
        with pytest.raises(AccessDenied):
            _publish_correction(ws, draft, name)
    wrong = _cli(ws.home, "drc_demo", "not-the-password", "release", "publish", draft)
    assert wrong.exit_code == 1 and "Wrong user name or password" in wrong.output
    assert [r.release_id for r in list_releases(ws.releases)] == [
        "JS-2023-v1",
        "JS-2024-v1",
        "JS-2024-v2",
    ]


def test_the_preparer_cannot_approve_their_own_candidate(workspace_copy, published_workspace):
    ws, draft = workspace_copy, published_workspace.draft_candidate_id
    from dualcarbon.demo import _acknowledge_warnings

    _acknowledge_warnings(ws, _users(ws).get("steward_demo"), "2024")
    workflow.signoff(ws, _users(ws).get("steward_demo"), draft, "ok")
    result = _cli(ws.home, "lead_demo", "lead-pass-2026", "release", "approve", draft)
    assert result.exit_code == 1 and "Four eyes: lead_demo prepared" in result.output
    with pytest.raises(AccessDenied, match="四眼原则"):
        workflow.approve(ws, _users(ws).get("lead_demo"), draft)
    assert workflow.status(ws, workflow.get_candidate(ws, draft)).approval is None


def test_the_signer_cannot_also_approve(workspace_copy, published_workspace):
    ws, draft = workspace_copy, published_workspace.draft_candidate_id
    from dualcarbon.demo import _acknowledge_warnings

    dual = _users(ws).get("dual_demo")
    _acknowledge_warnings(ws, dual, "2024")
    workflow.signoff(ws, dual, draft, "ok")
    with pytest.raises(AccessDenied, match="signed off"):
        workflow.approve(ws, dual, draft)
    with pytest.raises(workflow.WorkflowError, match="not been approved"):
        _publish_correction(ws, draft)


def test_a_candidate_with_an_unwaived_error_cannot_be_published(
    workspace_copy, published_workspace
):
    ws, draft = workspace_copy, published_workspace.draft_candidate_id
    _approved_draft(ws, draft)
    # A later validation of the same submission found an ERROR (e.g. a threshold was tightened)
    with connect(ws.warehouse) as con:
        submission = con.execute(
            "select submission_id, version from raw.submissions where dataset = 'energy_consumption' "
            "and period = '2024' and status = 'accepted' order by version desc limit 1"
        ).fetchall()[0]
        validation = uuid.uuid4().hex
        con.execute(
            "insert into quality.validation_runs values (?, 'test', now()::timestamp + interval 1 minute, "
            "'2024', 'energy_consumption', 'submission', ?, ?, false, 1, 1, null)",
            [validation, *submission],
        )
        con.execute(
            "insert into quality.check_results values (?, 'energy_consumption.validity.test_error', "
            "'energy_consumption', '2024', ?, ?, 'validity', 'ERROR', false, false, 1, '1', '测试', 'test')",
            [validation, *submission],
        )
    with pytest.raises(workflow.WorkflowError, match="test_error"):
        _publish_correction(ws, draft)
    assert not (ws.releases / "JS-2024-v3").exists()
    assert not list(ws.releases.glob(".tmp-*"))


def test_embargo_and_calendar(published_workspace, workspace_copy):
    ws = workspace_copy
    embargoed = published_workspace.embargoed_candidate_id
    with pytest.raises(workflow.WorkflowError, match="embargo"):
        workflow.publish(ws, _users(ws).get("drc_demo"), embargoed)
    from dualcarbon.release import calendar

    with pytest.raises(calendar.CalendarError, match="reason"):
        calendar.plan(ws, _users(ws).get("drc_demo"), "2022", datetime(2026, 1, 1, 10))
    calendar.plan(
        ws,
        _users(ws).get("drc_demo"),
        "2022",
        datetime(2026, 1, 1, 10),
        reason="提前发布以配合省人大审议",
    )
    assert calendar.planned_time(ws, "2022") == datetime(2026, 1, 1, 2, tzinfo=UTC)
    release = workflow.publish(ws, _users(ws).get("drc_demo"), embargoed)
    assert release.release_id == "JS-2022-v1"
    feed = calendar.ics(ws)
    assert "DTSTART:20260101T020000Z" in feed and "SEQUENCE:1" in feed
    listing = _cli(ws.home, None, None, "calendar", "list")
    assert "2022\t2026-01-01 10:00 CST\tJS-2022-v1 late" in listing.output  # published after plan
    with pytest.raises(AccessDenied):
        calendar.plan(ws, _users(ws).get("steward_demo"), "2030", datetime(2031, 9, 30, 10))


def test_a_second_release_of_a_period_must_be_a_correction(workspace_copy, published_workspace):
    ws, draft = workspace_copy, published_workspace.draft_candidate_id
    _approved_draft(ws, draft)
    drc = _users(ws).get("drc_demo")
    with pytest.raises(workflow.WorkflowError, match="supersede"):
        workflow.publish(ws, drc, draft)
    with pytest.raises(workflow.WorkflowError, match="current release"):
        workflow.publish(ws, drc, draft, revision={**CORRECTION, "supersedes": "JS-2024-v1"})
    with pytest.raises(workflow.WorkflowError, match="cause"):
        workflow.publish(
            ws, drc, draft, revision={"type": "correction", "supersedes": "JS-2024-v2"}
        )
    result = _cli(
        ws.home,
        "drc_demo",
        "demo-drc-2026",
        "release",
        "publish",
        draft,
        "--supersedes",
        "JS-2024-v2",
        "--type",
        "scheduled_revision",
        "--cause-zh",
        "迟报数据",
        "--cause-en",
        "late data",
        "--impact-zh",
        "小幅上调",
        "--impact-en",
        "small upward revision",
    )
    assert result.exit_code == 0, result.output
    assert get_release(ws.releases, "JS-2024-v3").revision["type"] == "scheduled_revision"
    assert get_release(ws.releases, "JS-2024-v2").superseded_by == "JS-2024-v3"


# --- verify and the audit log ------------------------------------------------------------------


def test_verify_passes_then_detects_a_changed_file_manifest_and_audit_entry(workspace_copy):
    ws = workspace_copy
    ok = _cli(ws.home, None, None, "verify")
    assert ok.exit_code == 0 and "3 release(s)" in ok.output

    target = ws.releases / "JS-2023-v1" / "fct_co2_emissions.parquet"
    original = target.read_bytes()
    target.chmod(0o644)
    target.write_bytes(original[:-20] + bytes(20))
    changed = _cli(ws.home, None, None, "verify", "JS-2023-v1")
    assert changed.exit_code == 2
    assert "JS-2023-v1: file fct_co2_emissions.parquet was changed" in changed.output
    target.write_bytes(original)
    assert _cli(ws.home, None, None, "verify").exit_code == 0

    manifest = ws.releases / "JS-2024-v1" / "manifest.json"
    text = manifest.read_text(encoding="utf-8")
    manifest.chmod(0o644)
    manifest.write_text(text.replace('"drc_demo"', '"someone_else"', 1), encoding="utf-8")
    forged = _cli(ws.home, None, None, "verify", "JS-2024-v1")
    assert forged.exit_code == 2 and "manifest.json was changed" in forged.output
    manifest.write_text(text, encoding="utf-8")

    log = audit.log_path(ws.home)
    lines = log.read_text(encoding="utf-8").splitlines()
    approval = next(i for i, line in enumerate(lines) if '"action": "approve"' in line)
    lines[approval] = lines[approval].replace('"drc_demo"', '"someone_else"')
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tampered = _cli(ws.home, None, None, "verify")
    assert tampered.exit_code == 2
    assert f"Audit entry {approval + 1} was altered" in tampered.output


def test_verify_detects_audit_entries_cut_off_the_end(workspace_copy):
    ws = workspace_copy
    log = audit.log_path(ws.home)
    lines = log.read_text(encoding="utf-8").splitlines()
    anchor = get_release(ws.releases, "JS-2024-v2").manifest["audit_head"]
    keep = next(
        i for i, line in enumerate(lines) if anchor in line and '"hash": "' + anchor in line
    )
    log.write_text("\n".join(lines[:keep]) + "\n", encoding="utf-8")  # the chain itself stays valid
    checked, problems = verify(ws, ["JS-2024-v2"])
    assert checked == ["JS-2024-v2"]
    messages = " ".join(p.message_en for p in problems)
    assert "audit-log head recorded at publication is gone" in messages
    assert "no publication entry" in messages


def test_every_step_is_in_the_audit_log(published_workspace):
    ws = published_workspace.workspace
    entries = audit.read(ws.home)
    assert audit.verify_chain(ws.home) == []
    actions = [e["action"] for e in entries]
    for action in ("run", "calendar_plan", "signoff", "approve", "publish"):
        assert action in actions, action
    assert actions.count("publish") == 3 and actions.count("run") == 3
    publish = [e for e in entries if e["action"] == "publish"]
    assert [e["details"]["release_id"] for e in publish] == [
        "JS-2023-v1",
        "JS-2024-v1",
        "JS-2024-v2",
    ]
    runs = [e for e in entries if e["action"] == "run"]
    assert runs[-1]["actor"] == "lead_demo" and runs[-1]["details"]["quality_gate_open"]


# --- crash safety ------------------------------------------------------------------------------


def test_a_publication_killed_part_way_leaves_nothing_and_a_rerun_finishes(
    workspace_copy, published_workspace
):
    ws, draft = workspace_copy, published_workspace.draft_candidate_id
    _approved_draft(ws, draft)
    folder = ws.releases / "JS-2024-v2"
    before = {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    script = (
        "from dualcarbon.auth import LocalUserStore; from dualcarbon.paths import Workspace; "
        "from dualcarbon.release import workflow; from release_fixtures import CORRECTION; "
        "ws = Workspace.from_env(); "
        f"workflow.publish(ws, LocalUserStore.of(ws.home).get('drc_demo'), {draft!r}, "
        "revision={**CORRECTION, 'supersedes': 'JS-2024-v2'})"
    )
    env = {
        **os.environ,
        "DUALCARBON_HOME": str(ws.home),
        "DUALCARBON_FAILPOINT": "release.before_rename",
        "PYTHONPATH": os.path.dirname(__file__),  # for release_fixtures
    }
    process = subprocess.Popen([sys.executable, "-c", script], env=env)
    marker = ws.state / "failpoint-release.before_rename"
    deadline = time.monotonic() + 120
    while not marker.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    assert marker.exists(), "the publication never reached the failpoint"
    process.send_signal(signal.SIGKILL)
    process.wait()

    assert not (ws.releases / "JS-2024-v3").exists()
    assert [r.release_id for r in list_releases(ws.releases)] == [
        "JS-2023-v1",
        "JS-2024-v1",
        "JS-2024-v2",
    ]
    assert {
        p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    } == before
    assert _cli(ws.home, None, None, "verify").exit_code == 0

    release = _publish_correction(ws, draft)
    assert release.release_id == "JS-2024-v3"
    assert not list(ws.releases.glob(".tmp-*"))
    again = workflow.publish(ws, _users(ws).get("drc_demo"), draft)  # idempotent
    assert again.release_id == "JS-2024-v3"
    assert [e["details"]["release_id"] for e in audit.find(ws.home, "publish")].count(
        "JS-2024-v3"
    ) == 1
    assert _cli(ws.home, None, None, "verify").exit_code == 0
