-- Buildings by period x region, all types together: total floor area, the green-building
-- share, ultra-low and near-zero energy area and the renewable-integrated share.

with

by_type as (
    select * from {{ ref('fct_buildings') }}
),

totals as (
    select
        period,
        region_code,
        sum(floor_area) as floor_area,
        sum(green_area) as green_area,
        sum(ultra_low_energy_area) as ultra_low_energy_area,
        sum(near_zero_energy_area) as near_zero_energy_area,
        sum(renewable_integrated_area) as renewable_integrated_area,
        sum(floor_area) filter (where building_type_code <> 'rural_residential')
            as urban_floor_area,
        sum(green_area) filter (where building_type_code <> 'rural_residential')
            as urban_green_area
    from by_type
    group by period, region_code
)

select  -- noqa: ST06
    period,
    region_code,
    floor_area,
    green_area,
    100.0 * green_area / nullif(floor_area, 0) as green_share_pct,
    100.0 * urban_green_area / nullif(urban_floor_area, 0) as urban_green_share_pct,
    ultra_low_energy_area,
    near_zero_energy_area,
    ultra_low_energy_area + near_zero_energy_area as low_energy_area,
    renewable_integrated_area,
    100.0 * renewable_integrated_area / nullif(floor_area, 0) as renewable_share_pct
from totals
