{#- The factors in force at the run's vintage: for each factor (identified by `keys`), the
    row of the latest vintage not after var('factor_vintage'). A revision therefore only
    adds rows for the factors it changes, and an earlier vintage stays reproducible.
    Vintages sort chronologically: they start with the year (e.g. 2024-methods-v1). -#}
{% macro factors_as_of(seed_name, keys) -%}
select *
from {{ ref(seed_name) }}
where vintage <= '{{ var("factor_vintage") }}'
qualify row_number() over (partition by {{ keys | join(', ') }} order by vintage desc) = 1
{%- endmacro %}
