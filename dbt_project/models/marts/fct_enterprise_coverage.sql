-- Key energy-using units against the regional energy account: for every period, city, sector
-- and fuel the units report, their annual total beside the city's consumption of that sector
-- and fuel (both uses) in energy_consumption. The units are part of the city, so their share
-- can never exceed the ceiling (var enterprise_share_ceiling, 1.0); the data test
-- assert_enterprise_within_regional_totals returns the cells that do.
-- Incremental by period (delete+insert, configured in its .yml).
with

enterprise as (
    select
        period,
        region_code,
        sector_code,
        fuel_code,
        sum(quantity) as enterprise_quantity
    from {{ ref('fct_enterprise_energy_monthly') }}
    {{ incremental_period_filter() }}
    group by period, region_code, sector_code, fuel_code
),

regional as (
    select
        period,
        region_code,
        sector_code,
        fuel_code,
        sum(quantity) as regional_quantity
    from {{ ref('stg_stats__energy_consumption') }}
    group by period, region_code, sector_code, fuel_code
)

select
    enterprise.period,
    enterprise.region_code,
    enterprise.sector_code,
    enterprise.fuel_code,
    enterprise.enterprise_quantity,
    regional.regional_quantity,
    enterprise.enterprise_quantity / nullif(regional.regional_quantity, 0) as enterprise_share
from enterprise
left join regional
    on
        enterprise.period = regional.period
        and enterprise.region_code = regional.region_code
        and enterprise.sector_code = regional.sector_code
        and enterprise.fuel_code = regional.fuel_code
