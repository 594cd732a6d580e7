-- Every CO2 line in one relation: direct (fuel combustion) and process emissions by period x
-- region x sector x fuel or product, and the indirect CO2 of each region's net electricity
-- inflow. Territorial total = direct + process; total including net imports adds indirect lines.
-- Read by the CO2 mart (fct_co2_emissions) and by the region-wide headline figures.
with

lines as (
    select * from {{ ref('int_co2__direct') }}
    union all
    select * from {{ ref('int_co2__process') }}
    union all
    select * from {{ ref('int_co2__indirect_electricity') }}
)

select
    period,
    region_code,
    sector_code,
    fuel_code,
    product_code,
    scope,
    activity,
    activity_unit,
    emission_factor,
    emission_factor_unit,
    tco2,
    factor_source,
    factor_vintage,
    submission_id
from lines
