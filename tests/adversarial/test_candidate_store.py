"""Attacks on release candidates, on copies of the published workspace: workflow commands
take only ids of this workspace's candidate store, a candidate's manifest (its preparer
included) is bound to the audit chain, and the preparer comes from the audit log, never from a
Dagster run tag. Each refusal leaves the audit log and the releases as they were."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from dualcarbon import audit
from dualcarbon.auth import AccessDenied, LocalUserStore
from dualcarbon.cli import main
from dualcarbon.release import workflow
from dualcarbon.release.candidate import SYSTEM_ACTOR, freeze_candidate, preparer_of

HOSTILE_IDS = [
    "../../../x",
    "/x/candidate",
    "candidates/../JS-2024-v2",
    "RC-2024-20260101T000000-abcdef/../..",
    "RC-2024-20260101T000000-abcdef\n",
    "",
]


def _state(ws) -> tuple[bytes, list[str]]:
    return audit.log_path(ws.home).read_bytes(), sorted(p.name for p in ws.releases.iterdir())


@pytest.mark.parametrize("step", ["signoff", "approve", "publish"])
def test_workflow_takes_only_candidate_ids(step, workspace_copy, tmp_path):
    ws = workspace_copy
    outside = tmp_path / "x"  # a folder outside the workspace dressed as a candidate
    shutil.copytree(next((ws.releases / "candidates").iterdir()), outside)
    user = LocalUserStore.of(ws.home).get("dual_demo")  # steward and publisher
    before = _state(ws)
    for candidate_id in HOSTILE_IDS:
        with pytest.raises(workflow.WorkflowError) as refused:
            getattr(workflow, step)(ws, user, candidate_id)
        assert "never paths" in refused.value.message_en, candidate_id
        assert "不接受路径" in refused.value.message_zh
    assert _state(ws) == before


def test_the_cli_refuses_a_path_as_a_candidate(workspace_copy, published_workspace):
    ws = workspace_copy
    before = _state(ws)
    result = CliRunner().invoke(
        main,
        ["--lang", "en", "release", "signoff", "../../../x"],
        env={
            "DUALCARBON_HOME": str(ws.home),
            "DUALCARBON_USER": "steward_demo",
            "DUALCARBON_PASSWORD": published_workspace.passwords["steward_demo"],
        },
    )
    assert result.exit_code == 1 and "never paths" in result.output
    assert _state(ws) == before


def test_an_edited_preparer_unbinds_the_candidate(workspace_copy, published_workspace):
    """lead_demo prepared the draft; editing the manifest to name someone else, so that
    lead_demo could approve it, makes the candidate unusable."""
    ws, draft = workspace_copy, published_workspace.draft_candidate_id
    manifest = ws.releases / "candidates" / draft / "manifest.json"
    data = json.loads(manifest.read_text("utf-8"))
    assert data["prepared_by"] == "lead_demo"
    manifest.write_text(json.dumps(data | {"prepared_by": "stat_demo"}), encoding="utf-8")
    before = _state(ws)
    lead = LocalUserStore.of(ws.home).get("lead_demo")
    with pytest.raises(workflow.WorkflowError) as refused:
        workflow.approve(ws, lead, draft)
    assert "may have been altered" in refused.value.message_en
    assert draft not in {c.candidate_id for c in workflow.list_candidates(ws)}
    assert _state(ws) == before


def test_a_forged_candidate_folder_is_not_in_the_store(workspace_copy, published_workspace):
    ws, draft = workspace_copy, published_workspace.draft_candidate_id
    forged_id = "RC-2024-20990101T000000-abcdef"
    shutil.copytree(ws.releases / "candidates" / draft, ws.releases / "candidates" / forged_id)
    before = _state(ws)
    with pytest.raises(workflow.WorkflowError):
        workflow.signoff(ws, LocalUserStore.of(ws.home).get("steward_demo"), forged_id)
    assert forged_id not in {c.candidate_id for c in workflow.list_candidates(ws)}
    assert _state(ws) == before


def test_the_preparer_comes_from_the_audit_log_not_a_run_tag(workspace_copy):
    """A run launched from the Dagster UI with the actor tag set to a statistician has no
    `run_start` entry: its candidate is prepared by `system`, and frozen into the chain."""
    ws = workspace_copy
    run_id = "run-from-the-dagster-ui"
    assert preparer_of(ws.home, run_id) == SYSTEM_ACTOR
    path = freeze_candidate(ws, "2023", run_id=run_id)
    manifest = json.loads((path / "manifest.json").read_text("utf-8"))
    assert manifest["prepared_by"] == SYSTEM_ACTOR
    [frozen] = audit.find(ws.home, "candidate_freeze", path.name)
    assert (
        frozen["details"]["prepared_by"] == SYSTEM_ACTOR and frozen["details"]["run_id"] == run_id
    )
    # the fixture's runs: the signed-in statistician, from the log
    runs = audit.find(ws.home, "run_start")
    assert {r["actor"] for r in runs} == {"stat_demo", "lead_demo"}
    assert preparer_of(ws.home, runs[-1]["subject"]) == "lead_demo"


def test_four_eyes_holds_against_the_preparers_second_spelling(workspace_copy, published_workspace):
    """A full-width spelling of the preparer's name is the same person."""
    from dualcarbon.auth import User

    ws, draft = workspace_copy, published_workspace.draft_candidate_id
    from dualcarbon.demo import _acknowledge_warnings

    steward = LocalUserStore.of(ws.home).get("steward_demo")
    _acknowledge_warnings(ws, steward, "2024")
    workflow.signoff(ws, steward, draft, "ok")
    before = _state(ws)
    disguised = User("ｌｅａｄ_demo", "lead", frozenset({"publisher"}))
    with pytest.raises(AccessDenied) as refused:
        workflow.approve(ws, disguised, draft)
    assert "Four eyes" in refused.value.message_en
    assert _state(ws) == before
