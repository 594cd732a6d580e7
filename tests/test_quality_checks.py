"""The steward's quality checks (expectations/) catch defects planted in valid sample data.

Two real pipeline runs (intake + dbt) over the 2018 and 2019 sample submissions, each in its
own module-scoped workspace: the unmodified sample (every check must pass), and one run with
several independent defects planted in the 2019 files, each asserted by its own test. Every
file is delivered with an inbox mtime before its release-calendar deadline (received_at comes
from the mtime), except where lateness is the planted defect.
"""

from __future__ import annotations

import io
import json
import os
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import polars as pl
import pytest
from conftest import module_workspace, sample_files

from dualcarbon.contracts import all_contracts
from dualcarbon.contracts.deadlines import deadline
from dualcarbon.paths import REPO_ROOT, Workspace
from expectations import config, validate_period
from expectations.checks import KINDS
from orchestration.runner import run_pipeline

PERIODS = ("2018", "2019")
ENERGY_COLUMNS = ["region_code", "sector_code", "fuel_code", "use_type", "quantity", "unit"]
ENERGY_HEADER = "地区代码,行业代码,能源品种代码,用途,消费量,计量单位"
SUQIAN, SUZHOU, WUXI, NANJING = "321300", "320500", "320200", "320100"
# source_row is the line number in the file: the header is line 1.
FIRST_DATA_LINE = 2


def dataset_of(path: Path) -> tuple[str, str]:
    dataset, period = path.stem.rsplit("_", 1)
    return dataset, period


def deliver(workspace: Workspace, path: Path, content: bytes | None = None, late_days: float = 0):
    """Put a file in the inbox, received ten days before its deadline (or `late_days` after)."""
    dest = workspace.inbox / path.name
    dest.write_bytes(path.read_bytes() if content is None else content)
    due = deadline(*dataset_of(path))
    received = due + timedelta(days=late_days) if late_days else due - timedelta(days=10)
    stamp = received.replace(tzinfo=UTC).timestamp()
    os.utime(dest, (stamp, stamp))


def read_energy(path: Path) -> pl.DataFrame:
    text = path.read_bytes().decode("utf-8-sig")  # the 2018 file has a BOM
    frame = pl.read_csv(io.StringIO(text), infer_schema=False)
    return frame.rename(dict(zip(frame.columns, ENERGY_COLUMNS, strict=True)))


def energy_csv(frame: pl.DataFrame) -> bytes:
    body = frame.write_csv(include_header=False)
    return (ENERGY_HEADER + "\n" + body).encode("utf-8")


def results(workspace: Workspace, summary, sql: str, params: list | None = None):
    """Rows of a query over the quality tables, restricted to the summary's validations."""
    with duckdb.connect(str(workspace.warehouse), read_only=True) as con:
        con.execute(
            "create temp table ids as select unnest(?::varchar[]) as validation_id",
            [summary.validation_ids],
        )
        return con.execute(sql, params or []).fetchall()


def check_result(workspace: Workspace, summary, check_id: str) -> dict:
    rows = results(
        workspace,
        summary,
        "select severity, success, failing_count, observed, kind from quality.check_results "
        "where validation_id in (select validation_id from ids) and check_id = ?",
        [check_id],
    )
    assert len(rows) == 1, f"{check_id}: {rows}"
    severity, success, failing_count, observed, kind = rows[0]
    return {
        "severity": severity,
        "success": success,
        "failing_count": failing_count,
        "observed": observed,
        "kind": kind,
    }


def failing_keys(workspace: Workspace, summary, check_id: str) -> list[str]:
    rows = results(
        workspace,
        summary,
        "select row_key from quality.failing_rows "
        "where validation_id in (select validation_id from ids) and check_id = ? order by 1",
        [check_id],
    )
    return [r[0] for r in rows]


def one_failed_error(workspace: Workspace, summary, check_id: str, table: str, columns: str):
    """``check_id`` is an ERROR that failed on one row: that row of ``table``
    (quality.failing_rows or quality.quarantine), its ``columns``."""
    result = check_result(workspace, summary, check_id)
    assert (result["severity"], result["success"], result["failing_count"]) == ("ERROR", False, 1)
    rows = results(
        workspace,
        summary,
        f"select {columns} from {table} "
        "where validation_id in (select validation_id from ids) and check_id = ?",
        [check_id],
    )
    assert len(rows) == 1
    return rows[0]


# --- the unmodified sample ------------------------------------------------------------------


@pytest.fixture(scope="module")
def baseline(tmp_path_factory):
    with module_workspace(tmp_path_factory, "quality_baseline") as workspace:
        for period in PERIODS:
            for path in sample_files(period):
                deliver(workspace, path)
        run_pipeline(*PERIODS, log_level="WARNING")
        summary = validate_period(workspace, "2019")
        yield workspace, summary


def _suited_due(year: int) -> set[str]:
    """The datasets due in a year (their contracts) that have a submission suite."""
    from expectations.suites import SUBMISSION_SUITES

    return {d for d, c in all_contracts().items() if c.expected_in(year)} & set(SUBMISSION_SUITES)


def test_every_check_passes_on_the_unmodified_sample(baseline):
    workspace, summary = baseline
    assert summary.failed == {}
    assert (summary.failed_errors, summary.failed_warnings) == (0, 0)
    # One submission per dataset due in 2019 and four marts (the register counts as one).
    assert summary.validations == len(_suited_due(2019)) + 4
    assert summary.checks >= 60
    counted = results(
        workspace,
        summary,
        "select count(*), count(*) filter (where success), count(distinct kind) "
        "from quality.check_results where validation_id in (select validation_id from ids)",
    )
    assert counted == [(summary.checks, summary.checks, len(KINDS))]
    quarantined = results(
        workspace,
        summary,
        "select count(*) from quality.quarantine "
        "where validation_id in (select validation_id from ids)",
    )
    assert quarantined == [(0,)]


def test_validation_is_recorded_and_documented_inside_the_workspace(baseline):
    workspace, summary = baseline
    index = workspace.reports / "data_docs" / "index.html"
    assert summary.data_docs_index == index.resolve()
    assert index.exists()
    runs = results(
        workspace,
        summary,
        "select dataset, target, submission_id, submission_version, success, checks, "
        "data_docs_path from quality.validation_runs "
        "where validation_id in (select validation_id from ids) order by dataset",
    )
    assert len(runs) == summary.validations
    submissions = {r[0] for r in runs if r[1] == "submission"}
    assert submissions == _suited_due(2019)
    for dataset, target, submission_id, version, success, checks, docs in runs:
        assert success and checks > 0
        assert (submission_id is None) == (target == "mart") == (version is None)
        page = Path(docs)
        assert page.suffix == ".html" and page.exists(), docs
        assert page.is_relative_to(workspace.home.resolve())
        if target == "submission":
            assert dataset in page.parts and submission_id in page.name
    # GX's context and stores live under .state/gx; nothing in the working directory or repo.
    assert (workspace.state / "gx" / "great_expectations.yml").exists()
    for folder in {Path.cwd(), REPO_ROOT}:
        assert not (folder / "gx").exists()
        assert not (folder / "great_expectations").exists()
        assert not (folder / "uncommitted").exists()
    # Validating one period of the sample takes a few seconds once GX is imported.
    assert summary.seconds < 20


def test_check_catalogue_is_complete_and_bilingual():
    from expectations.suites import MART_SUITES, SUBMISSION_SUITES, all_checks

    checks = all_checks()
    assert len({c.check_id for c in checks}) == len(checks)
    # A suite for every contract but the monthly enterprise data, whose millions of rows are
    # checked inside DuckDB at intake (intake/engine.py).
    assert set(SUBMISSION_SUITES) == set(all_contracts()) - {"enterprise_energy_monthly"}
    assert {"fct_indicators", "fct_region_reconciliation", "submissions"} <= set(MART_SUITES)
    assert {c.kind for c in checks} == set(KINDS)
    for check in checks:
        assert check.check_id.startswith(f"{check.dataset}.{check.kind}.")
        assert any("\u4e00" <= ch <= "\u9fff" for ch in check.description_zh), check.check_id
        assert not any("\u4e00" <= ch <= "\u9fff" for ch in check.description_en), check.check_id
        if check.row_level:
            assert "source_row" in check.frame.keys
    # Every dataset is checked on time against the release calendar.
    for dataset in SUBMISSION_SUITES:
        assert f"{dataset}.timeliness.received_by_deadline" in {c.check_id for c in checks}


def test_release_calendar_deadlines():
    assert deadline("gdp_population", "2019") == datetime(2020, 3, 31, 15, 59, 59)
    assert deadline("energy_consumption", "2019") == datetime(2020, 5, 31, 15, 59, 59)
    assert deadline("targets", "2019") == datetime(2019, 3, 31, 15, 59, 59)
    assert config.previous_period("2019") == "2018"
    assert config.previous_period("2019Q1") == "2018Q4"
    assert config.previous_period("2019-01") == "2018-12"


# --- planted defects --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def defects(tmp_path_factory):
    """One run with independent defects in the 2019 files (each touches its own city or file):

    - completeness: Suqian's energy rows are dropped; the DRC's targets are not delivered;
    - consistency: Suzhou's and Nanjing's energy quantities are doubled (the cities' sum ends
      up far above the province);
    - plausibility: one Wuxi cell is 12 times its 2018 value (row-level ERROR, quarantined);
    - validity: a Nanjing heat row of 5 x 10^9 GJ, which intake accepts (no upper bound) but
      which exceeds the steward's per-unit maximum (and has no 2018 cell, so no jump);
    - timeliness: GDP and population arrive five days after their deadline.
    """
    with module_workspace(tmp_path_factory, "quality_defects") as workspace:
        for path in sample_files("2018"):
            deliver(workspace, path)
        files = {dataset_of(p)[0]: p for p in sample_files("2019")}
        energy_path = files.pop("energy_consumption")
        del files["targets"]
        deliver(workspace, files.pop("gdp_population"), late_days=5)
        for path in files.values():
            deliver(workspace, path)

        energy_2018 = read_energy(
            next(p for p in sample_files("2018") if p.name.startswith("energy_consumption"))
        )
        energy = read_energy(energy_path).with_columns(pl.col("quantity").cast(pl.Float64))
        keys = ENERGY_COLUMNS[:4]
        # Doubled, not more: no sample cell grows by 5 times from 2018 to 2019, so no doubled
        # cell becomes a tenfold jump.
        energy = energy.filter(pl.col("region_code") != SUQIAN).with_columns(
            quantity=pl.when(pl.col("region_code").is_in([SUZHOU, NANJING]))
            .then(pl.col("quantity") * 2)
            .otherwise(pl.col("quantity"))
        )
        previous = energy_2018.select(*keys, previous=pl.col("quantity").cast(pl.Float64))
        wuxi = energy.with_row_index("position").filter(pl.col("region_code") == WUXI)
        wuxi = wuxi.join(previous, on=keys)
        # A material cell (12 x 200,000 t of raw coal is far above the 100,000 tce floor) ...
        jumped = wuxi.filter(
            (pl.col("fuel_code") == "raw_coal") & (pl.col("previous") > 200_000)
        ).row(0, named=True)
        # ... and an immaterial one (12 x under 1,000 t of diesel is under 18,000 tce), which
        # the check must let pass: small cells move tenfold without touching any total.
        small = wuxi.filter(
            (pl.col("fuel_code") == "diesel") & pl.col("previous").is_between(10, 1_000)
        ).row(0, named=True)
        energy = energy.with_columns(
            quantity=pl.when(pl.int_range(pl.len()) == jumped["position"])
            .then(jumped["previous"] * 12)
            .when(pl.int_range(pl.len()) == small["position"])
            .then(small["previous"] * 12)
            .otherwise(pl.col("quantity"))
        )
        with_heat = pl.concat([energy.select(keys), energy_2018.select(keys)]).filter(
            (pl.col("region_code") == NANJING) & (pl.col("fuel_code") == "heat")
        )
        heat_sector = next(
            s for s in (f"S{i:02d}" for i in range(1, 48)) if s not in set(with_heat["sector_code"])
        )
        huge = pl.DataFrame(
            [[NANJING, heat_sector, "heat", "combustion", 5.0e9, "gj"]],
            schema=energy.schema,
            orient="row",
        )
        energy = pl.concat([energy, huge])
        deliver(workspace, energy_path, content=energy_csv(energy))

        run_pipeline(*PERIODS, log_level="WARNING")
        summary = validate_period(workspace, "2019")
        planted = {
            "jump_line": FIRST_DATA_LINE + jumped["position"],
            "jump_key": "/".join(jumped[k] for k in keys),
            "jump_quantity": jumped["previous"] * 12,
            "huge_line": FIRST_DATA_LINE + energy.height - 1,
            "huge_key": f"{NANJING}/{heat_sector}/heat/combustion",
        }
        yield workspace, summary, planted


def test_completeness_a_city_missing_from_the_energy_table(defects):
    workspace, summary, _ = defects
    result = check_result(
        workspace, summary, "energy_consumption.completeness.all_regions_reported"
    )
    assert result["severity"] == "ERROR" and not result["success"]
    assert result["failing_count"] == 1
    assert failing_keys(
        workspace, summary, "energy_consumption.completeness.all_regions_reported"
    ) == [SUQIAN]
    # Every required fuel of the missing city is reported missing too.
    fuels = check_result(
        workspace, summary, "energy_consumption.completeness.required_fuels_reported"
    )
    assert (fuels["severity"], fuels["failing_count"]) == (
        "ERROR",
        len(config.thresholds()["required_fuels"]),
    )


def test_completeness_a_dataset_not_submitted(defects):
    workspace, summary, _ = defects
    check_id = "submissions.completeness.all_datasets_submitted"
    row_key, reason_zh, reason_en = one_failed_error(
        workspace, summary, check_id, "quality.failing_rows", "row_key, reason_zh, reason_en"
    )
    assert row_key == "targets"
    assert "发展和改革委员会" in reason_zh and "Development and Reform" in reason_en
    # Without a submission the targets suite itself is not run.
    datasets = results(
        workspace,
        summary,
        "select dataset from quality.validation_runs "
        "where validation_id in (select validation_id from ids)",
    )
    assert ("targets",) not in datasets


def test_validity_a_quantity_above_the_unit_maximum_is_quarantined(defects):
    workspace, summary, planted = defects
    check_id = "energy_consumption.validity.quantity_within_unit_maximum"
    source_row, row_json, reason_en = one_failed_error(
        workspace, summary, check_id, "quality.quarantine", "source_row, row_json, reason_en"
    )
    assert source_row == planted["huge_line"]
    row = json.loads(row_json)
    assert row["quantity"] == 5.0e9 and row["unit_code"] == "gj"
    assert "exceeds the maximum" in reason_en
    assert failing_keys(workspace, summary, check_id) == [planted["huge_key"]]


def test_consistency_a_city_far_from_the_province(defects):
    workspace, summary, _ = defects
    gross = check_result(
        workspace, summary, "fct_region_reconciliation.consistency.province_vs_cities_gross_gap"
    )
    assert gross["severity"] == "ERROR" and not gross["success"]
    keys = failing_keys(
        workspace, summary, "fct_region_reconciliation.consistency.province_vs_cities_gross_gap"
    )
    assert {"energy_total_tce", "co2_total_t"} <= set(keys)
    assert gross["failing_count"] == len(keys)
    warn = check_result(
        workspace,
        summary,
        "fct_region_reconciliation.consistency.province_vs_cities_within_tolerance",
    )
    assert warn["severity"] == "WARN" and warn["failing_count"] >= gross["failing_count"]
    # The department's own table shows it per fuel, as a warning.
    per_fuel = check_result(
        workspace, summary, "energy_consumption.consistency.cities_sum_to_province"
    )
    assert per_fuel["severity"] == "WARN" and per_fuel["failing_count"] > 0
    # The unmodified electricity balance still holds.
    balance = check_result(
        workspace, summary, "electricity_exchange.consistency.province_balance_within_tolerance"
    )
    assert balance["success"]


def test_plausibility_a_tenfold_jump_is_an_error_and_quarantined(defects):
    workspace, summary, planted = defects
    check_id = "energy_consumption.plausibility.no_tenfold_jump"
    columns = "dataset, period, submission_id, source_row, row_json, reason_zh, reason_en"
    dataset, period, submission_id, source_row, row_json, reason_zh, reason_en = one_failed_error(
        workspace, summary, check_id, "quality.quarantine", columns
    )
    assert (dataset, period, source_row) == ("energy_consumption", "2019", planted["jump_line"])
    assert submission_id.startswith("sub-")
    row = json.loads(row_json)
    assert (
        "/".join(row[k] for k in ("region_code", "sector_code", "fuel_code", "use_type"))
        == (planted["jump_key"])
    )
    assert row["quantity"] == pytest.approx(planted["jump_quantity"])
    assert "10" in reason_zh and "previous" in reason_en
    # Doubled Suzhou and Nanjing cells are no tenfold jump, and the immaterial Wuxi diesel
    # jump is below the materiality floor: only the planted raw-coal cell failed.
    assert failing_keys(workspace, summary, check_id) == [planted["jump_key"]]


def test_timeliness_a_late_submission_is_a_warning(defects):
    workspace, summary, _ = defects
    late = check_result(workspace, summary, "gdp_population.timeliness.received_by_deadline")
    assert (late["severity"], late["success"], late["failing_count"]) == ("WARN", False, 1)
    days_late = float(re.search(r"days_late=([0-9.]+)", late["observed"]).group(1))
    assert days_late == pytest.approx(5, abs=0.01)
    on_time = check_result(workspace, summary, "energy_consumption.timeliness.received_by_deadline")
    assert on_time["success"]
    # A warning never quarantines.
    quarantined = results(
        workspace,
        summary,
        "select count(*) from quality.quarantine "
        "where validation_id in (select validation_id from ids) and check_id like '%timeliness%'",
    )
    assert quarantined == [(0,)]
    assert summary.failed["gdp_population.timeliness.received_by_deadline"] == ("WARN", 1)
