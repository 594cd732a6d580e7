"""The models' rules against hand computations, as dbt unit tests (`unit_tests:` in the
models' .yml files), run as `dbt test --select test_type:unit` on an empty warehouse: no
pipeline, a few seconds. The pipeline's own `dbt build` leaves them out
(orchestration/dbt_run.py), as dbt recommends for production runs."""

from __future__ import annotations

import json
from pathlib import Path

from dbt_fixtures import run_dbt

# Every unit test the project must have: one missing (renamed, deleted) fails here too.
EXPECTED = {
    # dbt_project/models/intermediate/int_evaluation__progress_graded.unit_tests.yml
    "barometer_grades_at_every_boundary",
    "barometer_progress_figures_behind_the_grades",
    "barometer_change_cap_annual_target_and_gap",
    # dbt_project/models/marts/barometer_marts.unit_tests.yml
    "barometer_explains_each_grade",
    "scorecard_overall_grade_counts_and_city_ranking",
    "off_track_is_every_red_and_yellow_grade",
    "target_progress_publishes_the_grades",
}


def test_every_dbt_unit_test_passes(tmp_path: Path) -> None:
    home, target = tmp_path / "home", tmp_path / "target"
    home.mkdir()
    # An empty warehouse: the inputs are in the tests.
    done = run_dbt(
        "test", "--select", "test_type:unit", home=home, target=target, logs=tmp_path / "logs"
    )
    results = json.loads((target / "run_results.json").read_text(encoding="utf-8"))["results"]
    status = {
        r["unique_id"].rsplit(".", 1)[-1]: r["status"]
        for r in results
        if r["unique_id"].startswith("unit_test.")
    }
    failed = {name: s for name, s in status.items() if s != "pass"}
    assert failed == {}, done.stdout[-6000:]
    assert not EXPECTED - status.keys(), f"missing: {sorted(EXPECTED - status.keys())}"
    assert done.returncode == 0, done.stdout[-6000:]
