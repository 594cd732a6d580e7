"""The contracts are consistent with the code lists, the raw layer and the dbt sources."""

from __future__ import annotations

import polars as pl

from dualcarbon.contracts import all_contracts, code_list
from dualcarbon.paths import REFERENCE_SEEDS_DIR
from dualcarbon.warehouse import connect

# A few agreed assignments, not the full list: a new dataset is one contract file, with no
# test to edit (tests/test_new_dataset.py).
AGREED_DEPARTMENTS = {
    "energy_consumption": "stats",
    "electricity_generation": "energy",
    "targets": "drc",
    "forest_inventory": "forestry",
    "building_stock": "housing",
    "vehicle_stock": "transport",
    "carbon_market": "ecology_environment",
}


def test_the_datasets_and_their_departments():
    departments = {name: c.department for name, c in all_contracts().items()}
    assert AGREED_DEPARTMENTS.items() <= departments.items()
    assert len(departments) >= 16


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
