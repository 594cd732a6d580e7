"""The whole Definitions object loads, and the intake sensor routes inbox files to periods."""

from __future__ import annotations

import os

import dagster as dg
from conftest import energy_csv, put

from orchestration.definitions import defs
from orchestration.sensors import inbox_sensor


def test_definitions_load_with_every_asset_job_schedule_and_sensor():
    dg.Definitions.validate_loadable(defs)
    repository = defs.get_repository_def()
    keys = {key.to_user_string() for key in repository.asset_graph.get_all_asset_keys()}
    for dataset in (
        "energy_consumption",
        "gdp_population",
        "process_activity",
        "electricity_generation",
        "electricity_exchange",
        "targets",
        "submissions",
    ):
        assert f"raw/{dataset}" in keys
    assert "staging/stg_stats__energy_consumption" in keys
    assert "reference/ref_fuels" in keys and "factors/factor_fuel_combustion" in keys
    job = defs.resolve_job_def("annual_pipeline")
    assert job.partitions_def.get_partition_keys()[:1] == ["2005"]
    assert job.tags["dualcarbon/warehouse"] == "writer"
    assert defs.resolve_schedule_def("annual_pipeline_schedule").cron_schedule == "0 6 1 3 *"
    assert defs.resolve_sensor_def("inbox_sensor").job_name == "annual_pipeline"


def test_staging_models_depend_on_the_raw_assets_intake_writes():
    graph = defs.get_repository_def().asset_graph
    parents = graph.get(dg.AssetKey(["staging", "stg_stats__energy_consumption"])).parent_keys
    assert dg.AssetKey(["raw", "energy_consumption"]) in parents
    assert dg.AssetKey(["raw", "submissions"]) in parents


def test_dbt_tests_surface_as_asset_checks():
    graph = defs.get_repository_def().asset_graph
    checks = {
        k.name
        for k in graph.asset_check_keys
        if k.asset_key == dg.AssetKey(["staging", "stg_stats__energy_consumption"])
    }
    assert any(name.startswith("unique_combination") for name in checks)


def test_sensor_requests_one_run_per_period_in_the_inbox(workspace):
    put(workspace.inbox, "energy_consumption_2019.csv", energy_csv())
    put(workspace.inbox, "gdp_population_2019.csv", "x")
    put(workspace.inbox, "energy_consumption_2018.csv", energy_csv())
    put(workspace.inbox, "scan.csv", "x")  # no period: goes with the latest period's run
    put(workspace.inbox, "upload.csv.part", "x")  # still being copied: ignored
    with dg.instance_for_test() as instance:
        requests = list(inbox_sensor(dg.build_sensor_context(instance=instance)))
    latest = defs.resolve_job_def("annual_pipeline").partitions_def.get_last_partition_key()
    assert sorted(r.partition_key for r in requests) == sorted(["2018", "2019", latest])
    assert len({r.run_key for r in requests}) == 3


def test_sensor_run_key_is_stable_until_the_inbox_changes(workspace):
    path = put(workspace.inbox, "energy_consumption_2019.csv", energy_csv())
    with dg.instance_for_test() as instance:
        first = list(inbox_sensor(dg.build_sensor_context(instance=instance)))
        again = list(inbox_sensor(dg.build_sensor_context(instance=instance)))
        stat = path.stat()
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
        changed = list(inbox_sensor(dg.build_sensor_context(instance=instance)))
    assert first[0].run_key == again[0].run_key != changed[0].run_key


def test_sensor_skips_when_the_inbox_is_empty(workspace):
    with dg.instance_for_test() as instance:
        result = inbox_sensor(dg.build_sensor_context(instance=instance))
        assert isinstance(result, dg.SkipReason) or not list(result)


def _finished_run_context(instance: dg.DagsterInstance, tags: dict[str, str]):
    """A real run-status sensor context: a tiny job run in process, then its RUN_SUCCESS event."""

    @dg.op
    def noop():
        return None

    @dg.job(name="annual_pipeline")
    def job():
        noop()

    result = job.execute_in_process(instance=instance, tags=tags)
    records = instance.get_records_for_run(result.run_id).records
    success = next(
        r.event_log_entry.dagster_event
        for r in records
        if r.event_log_entry.is_dagster_event
        and r.event_log_entry.dagster_event.event_type_value == "PIPELINE_SUCCESS"
    )
    return dg.build_run_status_sensor_context(
        sensor_name="audit_successful_runs",
        dagster_instance=instance,
        dagster_run=instance.get_run_by_id(result.run_id),
        dagster_event=success,
    )


def test_runs_no_person_started_are_audited_once(workspace):
    from dualcarbon import audit
    from dualcarbon.release.candidate import ACTOR_TAG, start_run
    from orchestration.sensors import audit_successful_runs

    with dg.instance_for_test() as instance:
        scheduled = _finished_run_context(instance, {"dagster/partition": "2024"})
        audit_successful_runs(scheduled)
        by_person = _finished_run_context(instance, {ACTOR_TAG: "stat_demo"})
        start_run(workspace.home, by_person.dagster_run.run_id, "stat_demo", {})
        audit_successful_runs(by_person)  # runner.py logged it already: not twice
        tag_only = _finished_run_context(instance, {ACTOR_TAG: "drc_demo"})
        audit_successful_runs(tag_only)  # a tag set in the Dagster UI proves nothing
    first, started, forged = audit.read(workspace.home)
    assert started["action"] == "run_start"
    assert first["action"] == "run" and first["actor"] == "system"
    assert first["subject"] == scheduled.dagster_run.run_id
    assert first["details"] == {"outcome": "success", "partition": "2024", "job": "annual_pipeline"}
    assert forged["actor"] == "system" and forged["subject"] == tag_only.dagster_run.run_id
