"""A revised factor is a new vintage: figures can be computed with either vintage, and
every run records the vintage it used (meta.dbt_runs)."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
from conftest import put
from dbt_fixtures import run_dbt

from dualcarbon.intake import process_inbox
from dualcarbon.paths import DBT_PROJECT_DIR
from orchestration.dbt_run import run_settings

# Diesel 1,000 t. methods.md 1a: NCV 43.33 GJ/t, CC 20.2 tC/TJ, OF 98% -> 3,145.1 t CO2.
DIESEL_2024 = 1000 * 43.33 * 20.2 / 1000 * 0.98 * 44 / 12
# A hypothetical revision of diesel's carbon content to 20.0 tC/TJ (everything else kept).
DIESEL_REVISED = 1000 * 43.33 * 20.0 / 1000 * 0.98 * 44 / 12
# Coke 1,000 t, not revised. methods.md 1a: 28.446 GJ/t, 29.4 tC/TJ, 93% -> 2,851.8 t.
COKE = 1000 * 28.446 * 29.4 / 1000 * 0.93 * 44 / 12


def _build(project: Path, home: Path, vintage: str, run_id: str) -> None:
    result = run_dbt(
        "build",
        "--select",
        "+fct_co2_emissions",
        "--exclude",
        "resource_type:test",
        "--vars",
        f'{{"factor_vintage": "{vintage}"}}',
        home=home,
        target=home / "target",
        logs=home / "logs",
        project=project,
        **run_settings(dagster_run_id=run_id),
    )
    assert result.returncode == 0, result.stdout[-3000:]


def _direct(home: Path) -> dict[str, tuple[float, str]]:
    with duckdb.connect(str(home / "warehouse.duckdb"), read_only=True) as con:
        rows = con.execute(
            "select fuel_code, tco2, factor_vintage from marts.fct_co2_emissions "
            "where scope = 'direct' and region_code = '320000'"
        ).fetchall()
    return {fuel: (tco2, vintage) for fuel, tco2, vintage in rows}


def test_a_revised_factor_is_a_new_vintage_and_both_can_be_computed(workspace, tmp_path):
    put(
        workspace.inbox,
        "energy_consumption_2021.csv",
        "地区代码,行业代码,能源品种代码,用途,消费量,计量单位\n"
        "320000,S01,diesel,combustion,1000,t\n320000,S01,coke,combustion,1000,t\n",
    )
    assert [r.status for r in process_inbox(workspace)] == ["accepted"]

    project = tmp_path / "dbt_project"
    shutil.copytree(DBT_PROJECT_DIR, project, ignore=shutil.ignore_patterns("target", "logs"))
    seed = project / "seeds" / "factors" / "factor_fuel_combustion.csv"
    with seed.open("a", encoding="utf-8") as handle:
        handle.write('diesel,2025-revision-1,43.33,gj_per_t,20.0,0.98,"test revision","test"\n')

    _build(project, workspace.home, "2024-methods-v1", "run-old")
    old = _direct(workspace.home)
    _build(project, workspace.home, "2025-revision-1", "run-new")
    new = _direct(workspace.home)

    assert abs(old["diesel"][0] / DIESEL_2024 - 1) < 1e-3 and old["diesel"][1] == "2024-methods-v1"
    assert (
        abs(new["diesel"][0] / DIESEL_REVISED - 1) < 1e-3 and new["diesel"][1] == "2025-revision-1"
    )
    # An unrevised factor carries over into the new vintage unchanged.
    assert abs(new["coke"][0] / COKE - 1) < 1e-3 and new["coke"][1] == "2024-methods-v1"

    with duckdb.connect(str(workspace.warehouse), read_only=True) as con:
        runs = con.execute(
            "select factor_vintage, dagster_run_id from meta.dbt_runs order by run_started_at"
        ).fetchall()
    assert runs == [("2024-methods-v1", "run-old"), ("2025-revision-1", "run-new")]
