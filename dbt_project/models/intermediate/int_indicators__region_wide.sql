-- One row per region and period with every headline figure side by side, and the same
-- figures of the previous year and of the plan's base year, from which int_indicators__long
-- derives levels, year-on-year and cumulative changes.

with

energy as (
    select * from {{ ref('int_energy__region_totals') }}
),

co2 as (
    select
        period,
        region_code,
        sum(case when scope in ('direct', 'process') then tco2 else 0 end) as co2_total_t,
        sum(tco2) as co2_total_incl_net_imports_t
    from {{ ref('int_co2__lines') }}
    group by period, region_code
),

gdp as (
    select * from {{ ref('int_economy__real_gdp') }}
),

wide as (
    select  -- noqa: ST06
        energy.period,
        cast(energy.period as integer) as year,  -- noqa: RF04
        energy.region_code,
        energy.energy_total_tce,
        energy.coal_tce,
        energy.oil_tce,
        energy.gas_tce,
        100.0 * energy.non_fossil_tce / nullif(energy.energy_total_tce, 0) as non_fossil_share,
        co2.co2_total_t,
        co2.co2_total_incl_net_imports_t,
        gdp.gdp_current,
        gdp.real_growth_index,
        gdp.gdp_real,
        gdp.price_base_year,
        gdp.plan_base_year,
        -- GDP is in 10^8 yuan; intensities are per 10^4 yuan.
        energy.energy_total_tce / (gdp.gdp_real * 10000) as energy_intensity,
        co2.co2_total_t / (gdp.gdp_real * 10000) as co2_intensity
    from energy
    left join co2 on energy.period = co2.period and energy.region_code = co2.region_code
    left join gdp on energy.period = gdp.period and energy.region_code = gdp.region_code
)

select
    current_year.*,
    previous_year.energy_total_tce as prev_energy_total_tce,
    previous_year.coal_tce as prev_coal_tce,
    previous_year.oil_tce as prev_oil_tce,
    previous_year.gas_tce as prev_gas_tce,
    previous_year.non_fossil_share as prev_non_fossil_share,
    previous_year.co2_total_t as prev_co2_total_t,
    -- At the base year GDP at its own current prices is GDP at base-year prices.
    base_year.energy_total_tce / (base_year.gdp_current * 10000) as base_energy_intensity,
    base_year.co2_total_t / (base_year.gdp_current * 10000) as base_co2_intensity
from wide as current_year
left join wide as previous_year
    on
        current_year.region_code = previous_year.region_code
        and previous_year.year = current_year.year - 1
left join wide as base_year
    on
        current_year.region_code = base_year.region_code
        and current_year.plan_base_year = base_year.year
        and current_year.price_base_year = current_year.plan_base_year
