"""The platform's Jiangsu CO2 accounts agree with CEADs' published inventory, 2015-2019.

Runs the real pipeline (Dagster: intake, then `dbt build`) on the bundled sample submissions
and reads the reconciliation mart. The CEADs totals are typed in as published (Scope_1_Total
of the `Total` row in data/reference/ceads/jiangsu_province_sector_fuel_mtco2.csv;
docs/reference/methods.md §4), not recomputed, so a wrong seed or mapping cannot hide behind itself.
CEADs: Shan et al. (2016, 2018, 2020), Guan et al. (2021).
"""

from __future__ import annotations

import duckdb
import pytest
from conftest import module_workspace, sample_files
from dbt_fixtures import run_dbt

from orchestration.runner import run_pipeline

YEARS = ["2015", "2016", "2017", "2018", "2019"]

# CEADs Jiangsu Scope_1_Total, Mt CO2 (energy + process, territorial scope 1).
CEADS_TOTAL_MT = {
    "2015": 721.654866,
    "2016": 743.044414,
    "2017": 757.880506,
    "2018": 764.049313,
    "2019": 804.594214,
}


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    """One pipeline run over 2015-2019 serves every test of this module."""
    with module_workspace(tmp_path_factory, "accounts_vs_ceads") as shared:
        yield shared


@pytest.fixture(scope="module")
def reconciliation(workspace) -> dict[str, tuple[float, float, float]]:
    """(platform_tco2, ceads_tco2, rel_diff_pct) of each period's total row."""
    for year in YEARS:
        for path in sample_files(year):
            (workspace.inbox / path.name).write_bytes(path.read_bytes())
    run = run_pipeline(YEARS[0], YEARS[-1])
    assert run.success
    with duckdb.connect(str(workspace.warehouse), read_only=True) as con:
        rows = con.execute(
            "select period, platform_tco2, ceads_tco2, rel_diff_pct "
            "from marts.fct_ceads_reconciliation "
            "where fuel_code = 'total' and sector_group_code = 'total' order by period"
        ).fetchall()
    return {period: values for period, *values in rows}


def test_province_co2_within_5pct_of_ceads(reconciliation) -> None:
    assert sorted(reconciliation) == YEARS
    for year in YEARS:
        platform_tco2, ceads_tco2, rel_diff_pct = reconciliation[year]
        expected_tco2 = CEADS_TOTAL_MT[year] * 1e6
        # The mart carries CEADs' published total (the seed's cells add up to it).
        assert ceads_tco2 == pytest.approx(expected_tco2, rel=1e-4), year
        # The platform's own accounts are within 5% of it.
        assert platform_tco2 == pytest.approx(expected_tco2, rel=0.05), year
        assert abs(rel_diff_pct) <= 5, year
        assert rel_diff_pct == pytest.approx(
            100 * (platform_tco2 - ceads_tco2) / ceads_tco2, abs=1e-9
        )


def test_dbt_docs_generate_documents_the_marts(reconciliation, workspace) -> None:
    """`dbt docs generate` works on the built warehouse, and every mart column is described."""
    import json

    target = workspace.state / "docs-target"
    logs = workspace.state / "dbt" / "logs"
    result = run_dbt("docs", "generate", home=workspace.home, target=target, logs=logs)
    assert result.returncode == 0, result.stdout[-2000:]
    assert (target / "index.html").exists()
    manifest = json.loads((target / "manifest.json").read_text())
    catalog = json.loads((target / "catalog.json").read_text())
    marts = {
        n["name"]: n
        for n in manifest["nodes"].values()
        if n["resource_type"] == "model" and n["fqn"][1] == "marts"
    }
    assert {
        "fct_energy_consumption",
        "fct_co2_emissions",
        "fct_indicators",
        "dim_region",
        "dim_fuel",
        "dim_sector",
    } <= set(marts)
    for name, node in marts.items():
        assert node["description"], name
        built = catalog["nodes"][node["unique_id"]]["columns"]
        undocumented = [c for c in built if not node["columns"].get(c, {}).get("description")]
        assert undocumented == [], (name, undocumented)
        if name != "fct_ceads_reconciliation":
            assert node["config"]["contract"]["enforced"], name
