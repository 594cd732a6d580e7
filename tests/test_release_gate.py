"""An unwaived ERROR blocks the release candidate; a steward's waiver with a reason lets the
same submission through. Real pipeline runs (intake, dbt, GX, the blocking check)."""

from __future__ import annotations

import pytest
from conftest import energy_csv, put

from dualcarbon.quality.gate import unwaived_errors
from dualcarbon.quality.review import waive
from dualcarbon.release.candidate import ReleaseBlocked, freeze_candidate
from dualcarbon.warehouse import connect
from orchestration.runner import run_pipeline


def _candidates(workspace) -> list:
    folder = workspace.releases / "candidates"
    return (
        sorted(p for p in folder.iterdir() if not p.name.startswith(".")) if folder.exists() else []
    )


def test_unwaived_error_blocks_the_candidate_and_a_waiver_lets_it_through(workspace):
    # Only the statistics bureau's energy file, for two regions: incomplete by design.
    put(workspace.inbox, "energy_consumption_2021.csv", energy_csv())

    blocked = run_pipeline("2021", log_level="WARNING")
    assert blocked.accounts_built
    assert not blocked.quality_gate_open and "no_unwaived_errors" in blocked.failed_checks
    assert _candidates(workspace) == []
    with connect(workspace.warehouse, read_only=True) as con:
        errors = unwaived_errors(con, "2021")
    assert errors.height > 0
    assert "submissions.completeness.all_datasets_submitted" in errors["check_id"].to_list()
    # The candidate step refuses on its own too, whatever path calls it.
    with pytest.raises(ReleaseBlocked) as refused:
        freeze_candidate(workspace, "2021")
    assert "未豁免" in refused.value.message_zh
    assert not [p for p in (workspace.releases / "candidates").iterdir()]  # no temp left

    with connect(workspace.warehouse) as con:
        for issue in errors.iter_rows(named=True):
            waive(
                con,
                "王审核",
                "steward",
                issue["check_id"],
                issue["submission_id"],
                "data_source_limitation",
                "测试：仅报送部分地区，经确认后豁免",
            )

    released = run_pipeline("2021", log_level="WARNING")
    assert released.quality_gate_open and released.success
    [candidate] = _candidates(workspace)
    manifest = (candidate / "manifest.json").read_text(encoding="utf-8")
    assert '"period": "2021"' in manifest and "energy_consumption" in manifest
    assert (candidate / "fct_co2_emissions.parquet").exists()
