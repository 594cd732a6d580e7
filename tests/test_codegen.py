"""The dbt files generated from the contracts are committed and current."""

from __future__ import annotations

import jinja2
import yaml

from dualcarbon.contracts import all_contracts
from dualcarbon.contracts.codegen import (
    generated_files,
    render_staging_sql,
    render_staging_yml,
    stale_files,
)
from dualcarbon.paths import DBT_PROJECT_DIR


def test_the_committed_files_are_current():
    # Fails after a contract change until `dualcarbon prepare` (or
    # `python -m dualcarbon.contracts.codegen`) has rewritten the files.
    assert stale_files() == []


def test_every_contract_has_a_source_table_and_a_staging_model():
    sources = yaml.safe_load((DBT_PROJECT_DIR / "models/staging/_raw__sources.yml").read_text())
    tables = {t["name"]: t for t in sources["sources"][0]["tables"]}
    for contract in all_contracts().values():
        declared = [c["name"] for c in tables[contract.dataset]["columns"]]
        assert declared == ["submission_id", "source_row", *contract.column_names]
        staging = (
            DBT_PROJECT_DIR / "models/staging" / f"stg_{contract.department}__{contract.dataset}"
        )
        assert staging.with_suffix(".sql").exists() and staging.with_suffix(".yml").exists()
    # The one hand-written staging model is not overwritten by the generator.
    generated = {p.name for p in generated_files()}
    assert "stg_stats__enterprise_energy_monthly.sql" not in generated
    assert "stg_transport__vehicle_stock.sql" in generated


def _compiled_select(sql: str) -> list[str]:
    """The select list of a generated staging model, its macro call rendered with Jinja (dbt's
    own templating) and dbt's source/latest_accepted_submissions stubbed."""
    macro = (DBT_PROJECT_DIR / "macros/stage_submission.sql").read_text(encoding="utf-8")
    env = jinja2.Environment()
    env.globals.update(
        latest_accepted_submissions=lambda dataset: "",
        source=lambda schema, table: f"{schema}.{table}",
    )
    env.globals["stage_submission"] = env.from_string(macro).module.stage_submission
    compiled = env.from_string(sql).render()
    select = compiled.split("select\n", 1)[1].split("\nfrom rows")[0]
    return [line.strip().rstrip(",") for line in select.splitlines() if line.strip()]


def test_the_staging_sql_renames_the_unit_column_and_keeps_the_provenance():
    sql = render_staging_sql(all_contracts()["process_activity"])
    assert _compiled_select(sql) == [
        "submissions.period",
        "rows.region_code",
        "rows.product_code",
        "rows.quantity",
        "rows.unit as unit_code",
        "rows.submission_id",
        "submissions.submission_version",
        "rows.source_row",
    ]


def test_the_staging_tests_follow_keys_required_columns_and_code_lists():
    model = yaml.safe_load(render_staging_yml(all_contracts()["energy_consumption"]))["models"][0]
    unique = model["data_tests"][0]["unique_combination"]["arguments"]["columns"]
    assert unique == ["period", "region_code", "sector_code", "fuel_code", "use_type"]
    columns = {c["name"]: c.get("data_tests", []) for c in model["columns"]}
    # use_type's code list keys on use_type_code, not on the column's own name.
    assert {
        "relationships": {"arguments": {"to": "ref('ref_use_types')", "field": "use_type_code"}}
    } in columns["use_type"]
    assert columns["unit_code"][0] == "not_null"
    assert columns["source_row"] == []
