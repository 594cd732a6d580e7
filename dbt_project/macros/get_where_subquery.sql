{#- A test's `where` config is rendered when dbt parses, before the run's periods are known
    (macros/run_setting.sql). So a test limited to the run's periods says so with
    placeholders, filled in here when the test executes (dbt's documented way to put
    run-time logic in `where`):
      where: "period between __run_period_from__ and __run_period_to__"
    A run without periods (a first or a full build) tests every period. -#}
{% macro get_where_subquery(relation) -%}
{%- set where = config.get('where', '') -%}
{%- if where -%}
    {%- set period_from = run_setting('period_from') -%}
    {%- set period_to = run_setting('period_to') or period_from -%}
    {%- set from_literal = "'" ~ (period_from or '0000') ~ "'" -%}
    {%- set to_literal = "'" ~ (period_to or '9999') ~ "'" -%}
    {%- set where = where | replace('__run_period_from__', from_literal) -%}
    {%- set where = where | replace('__run_period_to__', to_literal) -%}
    {%- set filtered -%}
        (select * from {{ relation }} where {{ where }}) dbt_subquery
    {%- endset -%}
    {%- do return(filtered) -%}
{%- else -%}
    {%- do return(relation) -%}
{%- endif -%}
{%- endmacro %}
