-- Total energy consumption of each region and period by the equal-value method:
-- fossil fuels (combustion and feedstock) + direct use of non-fossil energy
-- + non-fossil electricity generated in the region + net electricity inflow, both at the
-- year's thermal power coal rate (coal-equivalent method, as NBS counts primary electricity).
-- Net inflow is counted as fossil-or-unknown: its non-fossil part is not claimed for the
-- region's non-fossil share (a conservative choice, documented in docs/methods.md).

with

consumption as (
    select
        period,
        region_code,
        sum(case when is_fossil then tce else 0 end) as fossil_tce,
        sum(case when fuel_group = 'coal' then tce else 0 end) as coal_tce,
        sum(case when fuel_group = 'oil' then tce else 0 end) as oil_tce,
        sum(case when fuel_group = 'gas' then tce else 0 end) as gas_tce,
        sum(case when is_fossil and use_type = 'feedstock' then tce else 0 end) as feedstock_tce,
        sum(case when fuel_group = 'non_fossil' then tce else 0 end) as non_fossil_direct_tce
    from {{ ref('int_energy__consumption_converted') }}
    group by period, region_code
),

electricity as (
    select * from {{ ref('int_energy__electricity_balance') }}
),

coal_rate as (
    select distinct
        period,
        power_coal_rate_tce_per_10k_kwh
    from {{ ref('int_factors__tce_per_unit') }}
),

combined as (
    select
        consumption.period,
        consumption.region_code,
        consumption.fossil_tce,
        consumption.coal_tce,
        consumption.oil_tce,
        consumption.gas_tce,
        consumption.feedstock_tce,
        consumption.non_fossil_direct_tce,
        coalesce(electricity.non_fossil_generation_10k_kwh, 0)
        * coal_rate.power_coal_rate_tce_per_10k_kwh as non_fossil_power_tce,
        coalesce(electricity.net_inflow_10k_kwh, 0)
        * coal_rate.power_coal_rate_tce_per_10k_kwh as net_electricity_inflow_tce
    from consumption
    left join electricity
        on
            consumption.period = electricity.period
            and consumption.region_code = electricity.region_code
    left join coal_rate on consumption.period = coal_rate.period
)

select
    *,
    non_fossil_direct_tce + non_fossil_power_tce as non_fossil_tce,
    fossil_tce + non_fossil_direct_tce + non_fossil_power_tce + net_electricity_inflow_tce
        as energy_total_tce
from combined
