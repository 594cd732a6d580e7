-- Direct (scope 1) CO2 from fuel combustion: activity x EF for every fossil fuel burned.
-- Feedstock (non-energy) use is not combusted and emits nothing here.

with

combustion as (
    select *
    from {{ ref('int_energy__consumption_converted') }}
    where is_fossil and use_type = 'combustion'
),

factors as (
    select * from {{ ref('int_factors__combustion') }}
)

select  -- noqa: ST06
    combustion.period,
    combustion.region_code,
    combustion.sector_code,
    combustion.fuel_code,
    cast(null as varchar) as product_code,
    'direct' as scope,
    combustion.quantity as activity,
    combustion.unit_code as activity_unit,
    factors.t_co2_per_unit as emission_factor,
    't_co2_per_' || combustion.unit_code as emission_factor_unit,
    combustion.quantity * factors.t_co2_per_unit as tco2,
    'factor_fuel_combustion' as factor_source,
    factors.factor_vintage,
    combustion.submission_id
from combustion
left join factors on combustion.fuel_code = factors.fuel_code
