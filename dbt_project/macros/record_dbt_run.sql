{#- Append one row per dbt invocation to meta.dbt_runs: when it ran, for which periods, with
    which factor vintage, for which Dagster run, and how it ended. This is how a published
    figure is traced to the run and the factors it was made with. -#}
{% macro record_dbt_run(results) %}
{% if execute and flags.WHICH in ('build', 'run', 'seed') %}
{% set failures = results | selectattr('status', 'in', ['error', 'fail']) | list %}
create schema if not exists meta;
create table if not exists meta.dbt_runs (
    invocation_id varchar primary key,
    run_started_at timestamp,
    command varchar,
    period_from varchar,
    period_to varchar,
    factor_vintage varchar,
    dagster_run_id varchar,
    nodes integer,
    failures integer
);
insert into meta.dbt_runs values (
    '{{ invocation_id }}',
    '{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S") }}',
    '{{ flags.WHICH }}',
    {{ "'" ~ run_setting('period_from') ~ "'" if run_setting('period_from') else 'null' }},
    {{ "'" ~ run_setting('period_to') ~ "'" if run_setting('period_to') else 'null' }},
    '{{ var("factor_vintage") }}',
    '{{ run_setting("dagster_run_id") or "" }}',
    {{ results | length }},
    {{ failures | length }}
);
{% endif %}
{% endmacro %}
