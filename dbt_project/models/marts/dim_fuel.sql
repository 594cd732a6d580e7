-- Fuels and energy carriers with their group and reporting unit.
select
    fuel_code,
    name_zh,
    name_en,
    fuel_group,
    cast(is_fossil as boolean) as is_fossil,
    unit_code,
    ceads_fuel,
    cast(sort_order as integer) as sort_order
from {{ ref('ref_fuels') }}
