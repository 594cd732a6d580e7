-- Indirect CO2 of net electricity inflow: net inflow (10^4 kWh = 10 MWh) x grid factor
-- (t CO2/MWh). Negative for a net exporter: its exported power's emissions are in its
-- direct total, so the total including net imports subtracts them.
-- A line of the region as a whole: no sector.

with

balance as (
    select * from {{ ref('int_energy__electricity_balance') }}
),

grid as (
    select * from {{ ref('int_factors__grid_emission') }}
)

select  -- noqa: ST06
    balance.period,
    balance.region_code,
    cast(null as varchar) as sector_code,
    'electricity' as fuel_code,
    cast(null as varchar) as product_code,
    'indirect_electricity' as scope,
    balance.net_inflow_10k_kwh as activity,
    '10k_kwh' as activity_unit,
    grid.t_co2_per_mwh * 10 as emission_factor,
    't_co2_per_10k_kwh' as emission_factor_unit,
    balance.net_inflow_10k_kwh * 10 * grid.t_co2_per_mwh as tco2,
    'factor_grid_emission:' || grid.grid_code || ':' || grid.factor_year as factor_source,
    grid.factor_vintage,
    cast(null as varchar) as submission_id
from balance
left join grid on balance.period = grid.period
