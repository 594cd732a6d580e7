{#- In an incremental run, keep only the run's periods (run_setting period_from/period_to,
    which Dagster sets for its partition range); the marts' delete+insert on period then
    replaces exactly those periods. A first build, or a run without periods, takes every
    period. -#}
{% macro incremental_period_filter(column='period') %}
{%- set period_from = run_setting('period_from') -%}
{%- if is_incremental() and period_from is not none -%}
where {{ column }} between '{{ period_from }}' and '{{ run_setting("period_to") or period_from }}'
{%- endif -%}
{% endmacro %}
