{#- In an incremental run, keep only the run's periods (the period_from/period_to vars that
    Dagster passes for its partition range); the marts' delete+insert on period then replaces
    exactly those periods. A first build, or a run without vars, takes every period. -#}
{% macro incremental_period_filter(column='period') %}
{%- if is_incremental() and var('period_from') is not none -%}
where {{ column }} between '{{ var("period_from") }}' and '{{ var("period_to") or var("period_from") }}'
{%- endif -%}
{% endmacro %}
