{#- The rows of a city-level register twice: as submitted (under their city) and once more
    under the province's code, so that one `group by region_code` gives every city and the
    province. For registers whose units belong to cities (key energy-using units, two-high
    projects, carbon-market enterprises): the province submits no rows of its own. -#}
{% macro with_province_rows(relation, columns) -%}
select
    region_code,
    {{ columns | join(', ') }}
from {{ relation }}
union all
select
    province.region_code,
    register.{{ columns | join(', register.') }}
from {{ relation }} as register
cross join (
    select region_code from {{ ref('ref_regions') }}
    where level = 'province'
) as province
{%- endmacro %}
