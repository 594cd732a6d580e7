"""The contracts are consistent with the code lists, the raw layer and the dbt sources."""

from __future__ import annotations

import polars as pl
import yaml

from dualcarbon.contracts import all_contracts, code_list
from dualcarbon.paths import DBT_PROJECT_DIR, REFERENCE_SEEDS_DIR
from dualcarbon.warehouse import connect

EXPECTED = {
    "energy_consumption": "stats",
    "gdp_population": "stats",
    "process_activity": "stats",
    "electricity_generation": "energy",
    "electricity_exchange": "energy",
    "targets": "drc",
    "forest_inventory": "forestry",
    "wetland_inventory": "forestry",
    "key_energy_units": "industry_it",
    "two_high_projects": "drc",
    "building_stock": "housing",
    "freight_turnover": "transport",
    "vehicle_stock": "transport",
    "transport_electrification": "transport",
    "carbon_market": "ecology_environment",
    "enterprise_energy_monthly": "stats",
}


def test_the_datasets_and_their_departments():
    assert {name: c.department for name, c in all_contracts().items()} == EXPECTED


def test_every_contract_is_complete_and_bilingual():
    departments = set(code_list("ref_departments")["department_code"])
    for contract in all_contracts().values():
        assert contract.version >= 1
        assert contract.department in departments
        assert contract.frequency in {"annual", "quarterly", "monthly"}
        assert contract.title_zh and contract.title_en
        assert set(contract.keys) <= set(contract.column_names)
        for col in contract.columns:
            assert col.label_zh and col.label_en, col.name
            if col.code_list:
                assert (REFERENCE_SEEDS_DIR / f"{col.code_list}.csv").exists(), col.code_list
            if rule := col.must_equal_attribute:
                assert rule.attribute in code_list(rule.code_list).columns
                assert rule.key_column in contract.column_names


def test_labels_are_unique_within_a_contract():
    for contract in all_contracts().values():
        aliases = [a for c in contract.columns for a in {c.name, c.label_zh, c.label_en}]
        assert len(aliases) == len(set(aliases)), contract.dataset


def test_code_lists_match_the_agreed_codes():
    regions = code_list("ref_regions")
    assert regions.height == 14
    assert regions.filter(pl.col("level") == "prefecture").height == 13
    assert "320000" in regions["region_code"].to_list()
    fuels = code_list("ref_fuels")
    assert fuels.filter(pl.col("is_fossil") == "true").height == 17
    assert {"electricity", "heat", "hydro", "nuclear", "wind", "solar"} <= set(fuels["fuel_code"])
    sectors = code_list("ref_sectors")
    assert sectors.height == 47
    assert sectors["sector_code"].to_list() == [f"S{i:02d}" for i in range(1, 48)]
    units = set(code_list("ref_units")["unit_code"])
    assert set(fuels["unit_code"]) <= units


def test_raw_tables_follow_the_contracts(workspace):
    with connect(workspace.warehouse) as con:
        for contract in all_contracts().values():
            columns = [
                r[0]
                for r in con.execute(
                    "select column_name from information_schema.columns "
                    "where table_schema = 'raw' and table_name = ? order by ordinal_position",
                    [contract.dataset],
                ).fetchall()
            ]
            assert columns == ["submission_id", "source_row", *contract.column_names]


def test_dbt_sources_declare_every_raw_table_and_column():
    sources = yaml.safe_load((DBT_PROJECT_DIR / "models/staging/_raw__sources.yml").read_text())
    tables = {t["name"]: t for t in sources["sources"][0]["tables"]}
    for contract in all_contracts().values():
        declared = [c["name"] for c in tables[contract.dataset]["columns"]]
        assert declared == ["submission_id", "source_row", *contract.column_names]
        staging = (
            DBT_PROJECT_DIR / "models/staging" / f"stg_{contract.department}__{contract.dataset}"
        )
        assert staging.with_suffix(".sql").exists() and staging.with_suffix(".yml").exists()
