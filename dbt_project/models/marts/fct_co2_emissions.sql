-- CO2 account: direct (fuel combustion) and process emissions by period x region x sector x
-- fuel or product, and the indirect CO2 of each region's net electricity inflow.
-- Territorial total = direct + process; total including net imports adds indirect lines.
-- The lines are put together in int_co2__lines, which the headline indicators also read.
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
from {{ ref('int_co2__lines') }}
