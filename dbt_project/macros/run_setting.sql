{#- What changes from one run to the next (the periods the run is for, the Dagster run that
    invoked dbt) comes from environment variables, not from --vars: dbt re-parses the whole
    project whenever --vars change (about 4 s of every run), but only the few files that read
    an environment variable when that variable changes. Unset or empty: none.
      DUALCARBON_RUN_PERIOD_FROM, DUALCARBON_RUN_PERIOD_TO   e.g. 2019 and 2019
      DUALCARBON_RUN_DAGSTER_RUN_ID                          the Dagster run id -#}
{% macro run_setting(name) %}
{%- set value = env_var('DUALCARBON_RUN_' ~ name | upper, '') -%}
{{- return(value if value else none) -}}
{% endmacro %}
