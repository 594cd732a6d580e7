-- Building stock by period x region x building type, with the green and renewable shares.
-- From the housing department's building_stock submission; areas in 10^4 m2.

with

stock as (
    select * from {{ ref('stg_housing__building_stock') }}
)

select  -- noqa: ST06
    period,
    region_code,
    building_type_code,
    floor_area,
    green_area,
    100.0 * green_area / nullif(floor_area, 0) as green_share_pct,
    ultra_low_energy_area,
    near_zero_energy_area,
    renewable_integrated_area,
    100.0 * renewable_integrated_area / nullif(floor_area, 0) as renewable_share_pct
from stock
