{#- What changes from one run to the next (the periods the run is for, the Dagster run that
    invoked dbt) comes from environment variables, not from --vars: dbt re-parses the whole
    project whenever --vars change. They are read only when dbt executes (none while it
    parses), so a parsed project stays valid from one run to the next: dbt's partial parse
    (kept per workspace, orchestration/dbt_run.py) parses nothing again because a run is for
    other periods. Configs rendered while parsing (a test's `where`) use the
    placeholders of get_where_subquery instead. Unset or empty: none.
      DUALCARBON_RUN_PERIOD_FROM, DUALCARBON_RUN_PERIOD_TO   e.g. 2019 and 2019
      DUALCARBON_RUN_DAGSTER_RUN_ID                          the Dagster run id -#}
{% macro run_setting(name) %}
{%- if not execute -%}
{{- return(none) -}}
{%- endif -%}
{%- set value = env_var('DUALCARBON_RUN_' ~ name | upper, '') -%}
{{- return(value if value else none) -}}
{% endmacro %}
